import { eq } from 'drizzle-orm'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeEach, describe, expect, it } from 'vitest'
import { Statements } from '#app/components/meeting/statements'
import { LocaleContext } from '#app/i18n/index'
import { loader as minutesLoader } from '#app/routes/_meetings+/meetings.$id.minutes'
import { loader as minutesMdLoader } from '#app/routes/_meetings+/meetings.$id.minutes[.]md'
import { SYSTEM } from '#db/queries/audit'
import {
  addMeetingParticipant,
  approveMinutes,
  createMeeting,
  getMeetingState,
  publishMinutes,
  recordMeetingAttendance,
  runMeetingCommand,
  saveMinutesDraft,
  type CommandActor,
} from '#db/queries/meetings'
import { getPublicTopic } from '#db/queries/outcomes-report'
import { users } from '#db/schema/index'
import { fromSnapshot, type MeetingSnapshot } from '#meetings/snapshot'
import { forgetMeetingSnapshots, meetingSnapshot } from '#realtime/meeting-snapshot'
import { callRoute, createLoggedInUser, createTestDb, insertTopic, makeRequest, seedTestUnits } from '#tests/db-utils'

let db: ReturnType<typeof createTestDb>
let meetingId: number
let topicId: number
let member: { id: number; cookie: string }

/** The minutes as the facilitator wrote them: each speaker by the name or role title the room knew them by. */
const MINUTES = [
  '# 长征新苑垃圾分类点满溢议事会纪要',
  '',
  '## 发言摘要',
  '- 楼道长：下午那一趟最关键，晚饭后扔垃圾的人最多。',
  '- 保洁班长：加一趟清运人手够，但需要物业调整排班。',
  '- 张三丰：同意楼道长的意见。',
  '- 周老师：请大家表决。',
].join('\n')

beforeEach(async () => {
  db = createTestDb()
  forgetMeetingSnapshots(db)
  const u = seedTestUnits(db)
  const topic = insertTopic(db, { unitId: u.czq.id, status: 'approved', title: '长征新苑垃圾分类点满溢' })
  topicId = topic.id
  const fac = await createLoggedInUser(db, 'facilitator', 'gs-xh')
  member = await createLoggedInUser(db, 'resident', 'gs-czq')
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  db.update(users).set({ displayName: '周老师' }).where(eq(users.id, fac.id)).run()
  db.update(users).set({ displayName: '张三丰' }).where(eq(users.id, member.id)).run()
  const meeting = createMeeting(
    db,
    {
      topicId: topic.id,
      title: '长征新苑垃圾分类点满溢议事会',
      mode: 'hybrid',
      startsAt: new Date(),
      place: '会议室',
      isPublic: true,
      speakerSeconds: 120,
      agenda: [{ title: '讨论', plannedMinutes: 30 }],
      facilitatorIds: [fac.id],
    },
    { kind: 'user', id: fac.id },
  )
  meetingId = meeting.id
  addMeetingParticipant(db, { meetingId, userId: member.id, role: 'deliberator' }, SYSTEM)
  addMeetingParticipant(db, { meetingId, userId: worker.id, role: 'recorder' }, SYSTEM)
  const chair: CommandActor = { userId: fac.id, role: 'facilitator', name: '周老师' }
  const recorder: CommandActor = { userId: worker.id, role: 'recorder', name: '记录员' }
  const resident: CommandActor = { userId: member.id, role: 'deliberator', name: '张三丰' }
  let k = 0
  const run = (who: CommandActor, type: string, payload: unknown = {}) => {
    const r = runMeetingCommand(db, { meetingId, actor: who, type, payload, idempotencyKey: `k${k++}`, agendaItemIds: [], speakerSeconds: 120 })
    expect(r.ok).toBe(true)
  }
  run(chair, 'meeting.start')
  // Those with accounts join the room as their sockets would.
  recordMeetingAttendance(db, { meetingId, userId: fac.id, name: '周老师', role: 'facilitator' })
  recordMeetingAttendance(db, { meetingId, userId: member.id, name: '张三丰', role: 'deliberator' })
  run(recorder, 'statement.post', { text: '下午那一趟最关键，晚饭后扔垃圾的人最多。', inRoomName: '楼道长' })
  run(recorder, 'statement.post', { text: '加一趟清运人手够，但需要物业调整排班。', inRoomName: '保洁班长' })
  run(resident, 'statement.post', { text: '同意楼道长的意见。' })
  run(chair, 'statement.post', { text: '请大家表决。' })
  run(chair, 'meeting.end')
  saveMinutesDraft(db, { meetingId, markdown: MINUTES }, { kind: 'user', id: fac.id })
  approveMinutes(db, { meetingId, userId: fac.id })
  publishMinutes(db, { meetingId, userId: fac.id })
})

const NAMES = ['楼道长', '保洁班长', '张三丰', '周老师']
const MASKED = ['楼**', '保***', '张**', '周**']
const minutesFor = async (cookie?: string) =>
  (
    (await (await callRoute(minutesLoader, makeRequest(`/meetings/${meetingId}/minutes`, cookie ? { cookie } : {}), { id: String(meetingId) })).json()) as {
      markdown: string
    }
  ).markdown

describe('what the public reads of who spoke in a meeting', () => {
  it('calls residents 议事员 1, 2, 3 in the order the meeting first names them (joining, speaking) and staff by their role, never by masked names', async () => {
    const md = await minutesFor()
    // 张三丰 joined online before the two in the room were heard.
    expect(md).toContain('- 议事员 2：下午那一趟最关键')
    expect(md).toContain('- 议事员 3：加一趟清运人手够')
    expect(md).toContain('- 议事员 1：同意议事员 2的意见。')
    expect(md).toContain('- 促动师：请大家表决。')
    for (const shown of [...NAMES, ...MASKED]) expect(md).not.toContain(shown)
  })

  it('reads Deliberator 1 on English pages', async () => {
    const md = await minutesFor('th_prefs=en.0.0')
    expect(md).toContain('- Deliberator 2：下午那一趟最关键')
    expect(md).toContain('- Deliberator 1：同意Deliberator 2的意见。')
    expect(md).toContain('- Facilitator：请大家表决。')
  })

  it('is the same in the Markdown file, on the public topic page and for those watching the meeting live', async () => {
    const file = await (await callRoute(minutesMdLoader, makeRequest(`/meetings/${meetingId}/minutes.md`), { id: String(meetingId) })).text()
    const topicPage = getPublicTopic(db, topicId)!.meetings[0]!.minutes!
    for (const md of [file, topicPage]) {
      expect(md).toContain('- 议事员 2：下午那一趟最关键')
      expect(md).toContain('- 议事员 1：同意议事员 2的意见。')
      for (const shown of [...NAMES, ...MASKED]) expect(md).not.toContain(shown)
    }
    const live = meetingSnapshot(db, meetingId, getMeetingState(db, meetingId), 'observer')
    const watched = fromSnapshot(JSON.parse(live.bytes.toString()) as MeetingSnapshot)
    expect(watched.statements.map(st => [st.name, st.text])).toEqual([
      ['议事员 2', '下午那一趟最关键，晚饭后扔垃圾的人最多。'],
      ['议事员 3', '加一趟清运人手够，但需要物业调整排班。'],
      ['议事员 1', '同意议事员 2的意见。'],
      ['促动师', '请大家表决。'],
    ])
    for (const shown of [...NAMES, ...MASKED]) expect(live.bytes.toString()).not.toContain(shown)
    // The observer page names them in the reader's language.
    const en = renderToStaticMarkup(
      createElement(
        LocaleContext.Provider,
        { value: 'en' },
        createElement(Statements, { s: watched, me: { userId: null, role: 'observer' }, run: async () => false, facilitate: false }),
      ),
    )
    expect(en).toContain('<span class="who" lang="en">Deliberator 2</span>')
    expect(en).toContain('<span class="who" lang="en">Facilitator</span>')
    expect(en).not.toMatch(/class="who"[^>]*>议事员/)
  })

  it('leaves the names for those who took part', async () => {
    const md = await minutesFor(member.cookie)
    for (const name of NAMES) expect(md).toContain(name)
  })
})
