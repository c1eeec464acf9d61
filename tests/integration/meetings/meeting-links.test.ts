import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import AdminPage, * as adminPage from '#app/routes/_admin+/admin'
import * as room from '#app/routes/_meetings+/meetings.$id._index'
import CheckinPage, * as checkin from '#app/routes/_meetings+/meetings.$id.checkin'
import ConsolePage, * as consoleRoute from '#app/routes/_meetings+/meetings.$id.console'
import MinutesPage, * as minutesRoute from '#app/routes/_meetings+/meetings.$id.minutes'
import * as minutesMd from '#app/routes/_meetings+/meetings.$id.minutes[.]md'
import * as observe from '#app/routes/_meetings+/meetings.$id.observe'
import * as projector from '#app/routes/_meetings+/meetings.$id.projector'
import MeetingsPage, * as list from '#app/routes/_meetings+/meetings._index'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { addMeetingParticipant, createMeeting } from '#db/queries/meetings'
import { meetings, minutes } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { insertApprovedTopic } from '#tests/integration/realtime/helpers'
import { renderPage } from '#tests/render-page'

type Loader = (args: never) => unknown
/** A meeting's pages, by address. */
const PAGES: [RegExp, Loader][] = [
  [/^\/meetings\/(?<id>\d+)$/, room.loader],
  [/^\/meetings\/(?<id>\d+)\/console$/, consoleRoute.loader],
  [/^\/meetings\/(?<id>\d+)\/projector$/, projector.loader],
  [/^\/meetings\/(?<id>\d+)\/observe$/, observe.loader],
  [/^\/meetings\/(?<id>\d+)\/minutes$/, minutesRoute.loader],
  [/^\/meetings\/(?<id>\d+)\/minutes\.md$/, minutesMd.loader],
  [/^\/meetings\/(?<id>\d+)\/checkin$/, checkin.loader],
]

/** What opening `href` answers the holder of `cookie` (a meeting page this test does not know fails). */
async function opens(href: string, cookie: string) {
  const url = new URL(href, 'http://localhost')
  const page = PAGES.find(([re]) => re.test(url.pathname))
  expect(page, `a page for ${href}`).toBeDefined()
  const [re, loader] = page!
  return (await callRoute(loader, makeRequest(href, { cookie }), { ...re.exec(url.pathname)!.groups })).status
}

/** The links to one meeting's pages in a rendered page. */
const meetingHrefs = (html: string) =>
  [...new Set([...html.matchAll(/href="(\/meetings\/\d+[^"]*)"/g)].map(m => m[1]!.replaceAll('&amp;', '&')))].filter(h => !h.includes('/new'))

async function rendered(Page: Parameters<typeof renderPage>[0], loader: Loader, path: string, cookie: string, params: Record<string, string> = {}) {
  const res = await callRoute(loader, makeRequest(path, { cookie }), params)
  expect(res.status).toBe(200)
  return renderPage(Page, { path, locale: 'zh', loaderData: await res.json() })
}

type User = Awaited<ReturnType<typeof createLoggedInUser>>
let db: Db
let street: User
let facilitator: User
let ids: { privateHeld: number; publicHeld: number; privateUpcoming: number; publicUpcoming: number; joined: number }

beforeEach(async () => {
  db = createTestDb()
  const units = seedTestUnits(db)
  const topic = insertApprovedTopic(db, units.czq.id)
  street = await createLoggedInUser(db, 'street_staff', 'gs-xh')
  facilitator = await createLoggedInUser(db, 'facilitator', 'gs-xh')
  const schedule = (title: string, isPublic: boolean, held: boolean) => {
    const m = createMeeting(
      db,
      {
        topicId: topic.id,
        title,
        mode: 'hybrid',
        startsAt: new Date(Date.now() + (held ? -7 : 7) * 86400_000),
        place: '长征桥社区会议室',
        isPublic,
        speakerSeconds: 120,
        agenda: [{ title: '方案讨论', plannedMinutes: 40 }],
      },
      { kind: 'user', id: facilitator.id },
    )
    if (held) {
      db.update(meetings).set({ status: 'ended' }).where(eq(meetings.id, m.id)).run()
      // Minutes the street may read: approved for a closed meeting, published for an open one.
      db.insert(minutes)
        .values({
          meetingId: m.id,
          markdown: '## 决议\n\n增设临时停车位。',
          ...(isPublic ? { status: 'published', publishedAt: new Date() } : { status: 'approved', approvedAt: new Date() }),
        })
        .run()
    }
    return m.id
  }
  ids = {
    privateHeld: schedule('已开过的内部议事会', false, true),
    publicHeld: schedule('已开过的公开议事会', true, true),
    privateUpcoming: schedule('将开的内部议事会', false, false),
    publicUpcoming: schedule('将开的公开议事会', true, false),
    joined: schedule('街道参加的议事会', false, false),
  }
  addMeetingParticipant(db, { meetingId: ids.joined, userId: street.id, role: 'observer' }, SYSTEM)
})

describe('links to a meeting open for the reader', () => {
  it('the meetings list links every meeting in the area to a page its reader may open, as street staff who take no part', async () => {
    const html = await rendered(MeetingsPage, list.loader, '/meetings', street.cookie)
    const links = meetingHrefs(html)
    for (const href of links) expect([href, await opens(href, street.cookie)]).toEqual([href, 200])
    // Every meeting is still reached, the one the street takes part in at its room.
    expect(new Set(links.map(h => Number(/\d+/.exec(h)![0])))).toEqual(new Set(Object.values(ids)))
    expect(links).toContain(`/meetings/${ids.joined}`)
  })

  it('the meetings list sends a facilitator to the console of the meetings they run', async () => {
    const links = meetingHrefs(await rendered(MeetingsPage, list.loader, '/meetings', facilitator.cookie))
    for (const id of Object.values(ids)) expect(links).toContain(`/meetings/${id}/console`)
    for (const href of links) expect([href, await opens(href, facilitator.cookie)]).toEqual([href, 200])
  })

  it('the minutes page links only meeting pages the street staff may open, the public view of an open meeting among them', async () => {
    for (const id of [ids.privateHeld, ids.publicHeld]) {
      const html = await rendered(MinutesPage, minutesRoute.loader, `/meetings/${id}/minutes`, street.cookie, { id: String(id) })
      const links = meetingHrefs(html)
      expect(links).toContain(`/meetings/${id}/minutes.md`)
      for (const href of links) expect([href, await opens(href, street.cookie)]).toEqual([href, 200])
    }
    const open = await rendered(MinutesPage, minutesRoute.loader, `/meetings/${ids.publicHeld}/minutes`, street.cookie, { id: String(ids.publicHeld) })
    expect(meetingHrefs(open)).toContain(`/meetings/${ids.publicHeld}/observe`)
  })

  it('the check-in page links on to a page of the meeting its reader may open', async () => {
    for (const id of [ids.privateUpcoming, ids.publicUpcoming]) {
      const links = meetingHrefs(await rendered(CheckinPage, checkin.loader, `/meetings/${id}/checkin`, street.cookie, { id: String(id) }))
      expect(links.length).toBeGreaterThan(0)
      for (const href of links) expect([href, await opens(href, street.cookie)]).toEqual([href, 200])
    }
  })

  it('an admin who takes no part gets only the meeting pages they may open, from the console and the audit log', async () => {
    const admin = await createLoggedInUser(db, 'admin', null)
    const console = meetingHrefs(
      await rendered(ConsolePage, consoleRoute.loader, `/meetings/${ids.privateUpcoming}/console`, admin.cookie, { id: String(ids.privateUpcoming) }),
    )
    expect(console).toContain(`/meetings/${ids.privateUpcoming}/minutes`)
    for (const href of console) expect([href, await opens(href, admin.cookie)]).toEqual([href, 200])
    const audit = meetingHrefs(await rendered(AdminPage, adminPage.loader, '/admin', admin.cookie))
    expect(audit.length).toBeGreaterThanOrEqual(Object.keys(ids).length)
    for (const href of audit) expect([href, await opens(href, admin.cookie)]).toEqual([href, 200])
  })
})
