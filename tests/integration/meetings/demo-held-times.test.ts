import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import * as list from '#app/routes/_meetings+/meetings._index'
import { createSession } from '#db/queries/auth'
import { getMeetingState } from '#db/queries/meetings'
import { getPublicTopic } from '#db/queries/outcomes-report'
import { meetings, minutes, users } from '#db/schema/index'
import { seedDemo } from '#db/seed'
import { ANON_COOKIE, callRoute, createTestDb, makeRequest } from '#tests/db-utils'

let db: ReturnType<typeof createTestDb>
beforeAll(async () => {
  db = createTestDb()
  await seedDemo(db, { complaints: 30, pool: 10 })
}, 60_000)

describe('the demo’s meetings that have been held', () => {
  it('last as long as an evening meeting does: started at 19:00, ended an hour and a half later', () => {
    const ended = db.select({ id: meetings.id }).from(meetings).where(eq(meetings.status, 'ended')).all()
    expect(ended.length).toBeGreaterThanOrEqual(5)
    for (const { id } of ended) {
      const s = getMeetingState(db, id)
      const minutes = (Date.parse(s.endedAt!) - Date.parse(s.startedAt!)) / 60_000
      expect(minutes).toBe(90)
      // The statements, the vote and the adoption fall in between.
      for (const st of s.statements) expect(Date.parse(st.at)).toBeGreaterThan(Date.parse(s.startedAt!))
      for (const st of s.statements) expect(Date.parse(st.at)).toBeLessThan(Date.parse(s.endedAt!))
    }
  })

  it('are listed on /meetings with their real start and end, 19:00–20:30', async () => {
    const facilitator = db.select({ id: users.id }).from(users).where(eq(users.username, 'facilitator1')).get()!
    const cookie = `th_session=${createSession(db, facilitator.id).id}; ${ANON_COOKIE}`
    const data = (await (await callRoute(list.loader, makeRequest('/meetings', { cookie }))).json()) as { rows: { when: string; status: string }[] }
    const held = data.rows.filter(m => m.status === 'ended')
    expect(held.length).toBeGreaterThanOrEqual(5)
    for (const m of held) expect(m.when).toMatch(/ 19:00–20:30$/)
  })
})

describe('the demo’s published minutes, as the public reads them', () => {
  it('call the residents who spoke 议事员 1 and 2, not 楼** and 保***', () => {
    const row = db
      .select({ meetingId: minutes.meetingId, markdown: minutes.markdown })
      .from(minutes)
      .all()
      .find(m => m.markdown.includes('- 楼道长：'))!
    const topicId = db.select({ topicId: meetings.topicId }).from(meetings).where(eq(meetings.id, row.meetingId)).get()!.topicId
    const shown = getPublicTopic(db, topicId)!.meetings.find(m => m.id === row.meetingId)!.minutes!
    expect(shown).toContain('- 议事员 1：下午那一趟最关键')
    expect(shown).toContain('- 议事员 2：加一趟清运人手够')
    for (const name of ['楼道长', '保洁班长', '楼**', '保***']) expect(shown).not.toContain(name)
  })
})
