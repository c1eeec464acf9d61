import { beforeEach, describe, expect, it } from 'vitest'
import Decisions, { loader as decisionsLoader } from '#app/routes/_outcomes+/decisions._index'
import { loader as newDecisionLoader } from '#app/routes/_outcomes+/decisions.new'
import type { Db } from '#db/client'
import { meetings } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, insertTopic, makeRequest, seedTestUnits } from '#tests/db-utils'
import { occurrences, renderPage } from '#tests/render-page'

let db: Db
let meetingId: number
beforeEach(() => {
  db = createTestDb()
  const u = seedTestUnits(db)
  const topic = insertTopic(db, { unitId: u.czq.id, status: 'approved', title: '小河小学路口拥堵' })
  // Held last week, no decision recorded yet.
  meetingId = db
    .insert(meetings)
    .values({ topicId: topic.id, title: '路口议事会', mode: 'online', startsAt: new Date(Date.now() - 7 * 86_400_000), status: 'ended', checkInToken: 't' })
    .returning()
    .get().id
})

/** The decisions page as `cookie`'s holder sees it, and the links on it to record a decision. */
async function decisionsPage(cookie: string) {
  const res = await callRoute(decisionsLoader, makeRequest('/decisions', { cookie }))
  expect(res.status).toBe(200)
  const html = await renderPage(Decisions, { path: '/decisions', locale: 'zh', loaderData: await res.json() })
  return { html, recordLinks: [...html.matchAll(/href="(\/decisions\/new[^"]*)"/g)].map(m => m[1]!.replaceAll('&amp;', '&')) }
}

const opens = async (path: string, cookie: string) => (await callRoute(newDecisionLoader, makeRequest(path, { cookie }))).status

describe('actions on the decisions page', () => {
  it('offers recording a decision, with or without a meeting, to those who may record one, and each link opens', async () => {
    for (const [role, unit] of [
      ['street_staff', 'gs-xh'],
      ['community_worker', 'gs-czq'],
      ['facilitator', 'gs-xh'],
    ] as const) {
      const user = await createLoggedInUser(db, role, unit)
      const { recordLinks } = await decisionsPage(user.cookie)
      expect(recordLinks).toEqual([`/decisions/new?meetingId=${meetingId}`, '/decisions/new'])
      for (const link of recordLinks) expect(await opens(link, user.cookie)).toBe(200)
    }
  })

  it('shows a supervisor the meeting awaiting a decision but no link to record one, which they may not do', async () => {
    const supervisor = await createLoggedInUser(db, 'supervisor', 'gs-xh')
    const { html, recordLinks } = await decisionsPage(supervisor.cookie)
    expect(occurrences(html, '路口议事会')).toBe(1)
    expect(recordLinks).toEqual([])
    expect(await opens('/decisions/new', supervisor.cookie)).toBe(403)
    expect(await opens(`/decisions/new?meetingId=${meetingId}`, supervisor.cookie)).toBe(403)
  })

  it('does not offer to record a decision for a meeting outside the recorder’s area', async () => {
    const elsewhere = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const { recordLinks } = await decisionsPage(elsewhere.cookie)
    expect(recordLinks).toEqual(['/decisions/new'])
    expect(await opens(`/decisions/new?meetingId=${meetingId}`, elsewhere.cookie)).toBe(403)
  })
})
