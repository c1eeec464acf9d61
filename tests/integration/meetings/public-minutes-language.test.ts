import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { loader as minutesLoader } from '#app/routes/_meetings+/meetings.$id.minutes'
import { loader as minutesMdLoader } from '#app/routes/_meetings+/meetings.$id.minutes[.]md'
import { draftMinutes, participantsView } from '#app/services/meetings.server'
import { SYSTEM } from '#db/queries/audit'
import {
  addMeetingParticipant,
  approveMinutes,
  createMeeting,
  getMeeting,
  getMeetingState,
  publishMinutes,
  recordMeetingAttendance,
  runMeetingCommand,
  saveMinutesDraft,
  type CommandActor,
} from '#db/queries/meetings'
import { getPublicTopic } from '#db/queries/outcomes-report'
import { users } from '#db/schema/index'
import { ANON_COOKIE, callRoute, createLoggedInUser, createTestDb, insertTopic, makeRequest, seedTestUnits } from '#tests/db-utils'

let db: ReturnType<typeof createTestDb>
let meetingId: number
let topicId: number

/** A meeting held online, its minutes the draft generated in `locale`, published unedited. */
async function heldMeeting(locale: 'zh' | 'en') {
  db = createTestDb()
  const u = seedTestUnits(db)
  const topic = insertTopic(db, { unitId: u.czq.id, status: 'approved', title: '北门停车', isPublic: true })
  topicId = topic.id
  const fac = await createLoggedInUser(db, 'facilitator', 'gs-xh')
  const member = await createLoggedInUser(db, 'resident', 'gs-czq')
  db.update(users).set({ displayName: '周老师' }).where(eq(users.id, fac.id)).run()
  db.update(users).set({ displayName: '张三丰' }).where(eq(users.id, member.id)).run()
  const meeting = createMeeting(
    db,
    {
      topicId: topic.id,
      title: '北门停车议事会',
      mode: 'online',
      startsAt: new Date('2026-12-06T11:00:00Z'),
      place: null,
      isPublic: true,
      speakerSeconds: 120,
      agenda: [{ title: '讨论', plannedMinutes: 30 }],
      facilitatorIds: [fac.id],
    },
    { kind: 'user', id: fac.id },
  )
  meetingId = meeting.id
  addMeetingParticipant(db, { meetingId, userId: member.id, role: 'deliberator' }, SYSTEM)
  const chair: CommandActor = { userId: fac.id, role: 'facilitator', name: '周老师' }
  const resident: CommandActor = { userId: member.id, role: 'deliberator', name: '张三丰' }
  let k = 0
  const run = (who: CommandActor, type: string, payload: unknown = {}) =>
    expect(runMeetingCommand(db, { meetingId, actor: who, type, payload, idempotencyKey: `k${k++}`, agendaItemIds: [], speakerSeconds: 120 }).ok).toBe(true)
  run(chair, 'meeting.start')
  recordMeetingAttendance(db, { meetingId, userId: fac.id, name: '周老师', role: 'facilitator' })
  recordMeetingAttendance(db, { meetingId, userId: member.id, name: '张三丰', role: 'deliberator' })
  run(resident, 'statement.post', { text: '北门晚上能不能划临时车位？' })
  run(chair, 'statement.post', { text: '请大家表决。' })
  run(chair, 'meeting.end')
  const markdown = draftMinutes(getMeeting(db, meetingId)!, participantsView(meetingId), getMeetingState(db, meetingId), locale)
  saveMinutesDraft(db, { meetingId, markdown }, { kind: 'user', id: fac.id })
  approveMinutes(db, { meetingId, userId: fac.id })
  publishMinutes(db, { meetingId, userId: fac.id })
  return { member }
}

const read = async (en: boolean) => {
  const cookie = en ? `${ANON_COOKIE}; th_prefs=en.0.0` : ANON_COOKIE
  const params = { id: String(meetingId) }
  const page = ((await (await callRoute(minutesLoader, makeRequest(`/meetings/${meetingId}/minutes`, { cookie }), params)).json()) as { markdown: string })
    .markdown
  const file = await (await callRoute(minutesMdLoader, makeRequest(`/meetings/${meetingId}/minutes.md`, { cookie }), params)).text()
  return [page, file]
}

describe('published minutes generated from the meeting, as the public reads them', () => {
  for (const written of ['zh', 'en'] as const) {
    it(`read wholly in English on English pages, each person once with their role (written in ${written})`, async () => {
      await heldMeeting(written)
      for (const md of await read(true)) {
        expect(md).toContain('## Attendance')
        expect(md).toContain('- Facilitator (online)')
        expect(md).toContain('- Deliberator 1 (online)')
        expect(md).toContain('1. Deliberator 1: 北门晚上能不能划临时车位？')
        expect(md).toContain('2. Facilitator: 请大家表决。')
        for (const mixed of ['（', '：', '促动师', '议事代表', '议事员', '线上', '周老师', '张三丰']) expect(md).not.toContain(mixed)
      }
    })

    it(`read wholly in Chinese on Chinese pages, the role not repeated (written in ${written})`, async () => {
      await heldMeeting(written)
      for (const md of await read(false)) {
        expect(md).toContain('## 出席')
        expect(md).toContain('- 促动师（线上）')
        expect(md).toContain('- 议事员 1（线上）')
        expect(md).toContain('1. 议事员 1：北门晚上能不能划临时车位？')
        for (const mixed of ['促动师（促动师', 'Facilitator', 'Deliberator', '周老师', '张三丰']) expect(md).not.toContain(mixed)
      }
    })
  }

  it('do not repeat the role on the topic’s public page either', async () => {
    await heldMeeting('zh')
    const md = getPublicTopic(db, topicId)!.meetings[0]!.minutes!
    expect(md).toContain('- 促动师（线上）')
    expect(md).toContain('- 议事员 1（线上）')
    expect(md).not.toContain('促动师（促动师')
  })
})
