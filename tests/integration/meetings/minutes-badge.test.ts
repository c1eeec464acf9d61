import { describe, expect, it } from 'vitest'
import Minutes, { loader as minutesLoader } from '#app/routes/_meetings+/meetings.$id.minutes'
import { meetingParticipants, meetings, minutes } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, insertTopic, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

/** The badge beside the minutes' title, as the facilitator reads it. */
async function badge(status: 'draft' | 'approved' | 'published', locale: 'zh' | 'en') {
  const db = createTestDb()
  const u = seedTestUnits(db)
  const fac = await createLoggedInUser(db, 'facilitator', 'gs-xh')
  const topic = insertTopic(db, { unitId: u.czq.id, status: 'approved', title: '小河小学路口拥堵' })
  const meeting = db
    .insert(meetings)
    .values({ topicId: topic.id, title: '议事会', mode: 'online', startsAt: new Date(), checkInToken: 't', isPublic: true, status: 'ended' })
    .returning()
    .get()
  db.insert(meetingParticipants).values({ meetingId: meeting.id, userId: fac.id, role: 'facilitator' }).run()
  db.insert(minutes)
    .values({ meetingId: meeting.id, markdown: '## 决定\n\n增设临时停车位。', status, approvedAt: status === 'draft' ? null : new Date(), approvedBy: fac.id })
    .run()
  const path = `/meetings/${meeting.id}/minutes`
  const cookie = `${fac.cookie}${locale === 'en' ? '; th_prefs=en.0.0' : ''}`
  const loaderData = await (await callRoute(minutesLoader, makeRequest(path, { cookie }), { id: String(meeting.id) })).json()
  const html = await renderPage(Minutes, { path, locale, loaderData })
  return /<span class="badge status-[^"]*">([^<]*)<\/span>/.exec(html)?.[1]
}

describe('the minutes’ status badge', () => {
  it('says the minutes are approved once approved, not a topic’s status', async () => {
    expect(await badge('approved', 'zh')).toBe('已审定')
    expect(await badge('approved', 'en')).toBe('Approved')
  })

  it('says draft and published in the reader’s language', async () => {
    expect(await badge('draft', 'zh')).toBe('草稿')
    expect(await badge('published', 'zh')).toBe('已发布')
    expect(await badge('draft', 'en')).toBe('Draft')
    expect(await badge('published', 'en')).toBe('Published')
  })
})
