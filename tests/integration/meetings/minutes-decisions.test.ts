import { describe, expect, it } from 'vitest'
import { loader as minutesLoader } from '#app/routes/_meetings+/meetings.$id.minutes'
import { loader as decisionLoader } from '#app/routes/_outcomes+/decisions.$id'
import { loader as newDecisionLoader } from '#app/routes/_outcomes+/decisions.new'
import { recordDecision } from '#db/queries/decisions'
import { runMeetingCommand } from '#db/queries/meetings'
import { decisions, meetingParticipants, meetings, minutes } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, insertTopic, makeRequest, seedTestUnits } from '#tests/db-utils'

/** An open meeting in 长征桥 run by a facilitator, with published minutes. */
async function heldMeeting() {
  const db = createTestDb()
  const u = seedTestUnits(db)
  const fac = await createLoggedInUser(db, 'facilitator', 'gs-xh')
  const member = await createLoggedInUser(db, 'resident', 'gs-czq')
  const topic = insertTopic(db, { unitId: u.czq.id, status: 'approved', title: '小河小学路口拥堵' })
  const meeting = db
    .insert(meetings)
    .values({ topicId: topic.id, title: '路口议事会', mode: 'online', startsAt: new Date(), checkInToken: 't', isPublic: true })
    .returning()
    .get()
  db.insert(meetingParticipants).values({ meetingId: meeting.id, userId: fac.id, role: 'facilitator' }).run()
  db.insert(meetingParticipants).values({ meetingId: meeting.id, userId: member.id, role: 'deliberator' }).run()
  db.insert(minutes).values({ meetingId: meeting.id, markdown: '## 决定\n- 通过', status: 'published', publishedAt: new Date() }).run()
  const run = (type: string, payload: object = {}, by: { id: number; role: 'facilitator' | 'deliberator' } = { id: fac.id, role: 'facilitator' }) => {
    const done = runMeetingCommand(db, {
      meetingId: meeting.id,
      actor: { userId: by.id, role: by.role, name: by.role === 'facilitator' ? '促动师' : '王阿姨' },
      type,
      payload,
      idempotencyKey: `${type}-${by.id}-${JSON.stringify(payload)}`,
      agendaItemIds: [],
      speakerSeconds: 120,
    })
    expect(done.ok).toBe(true)
    return done.ok ? done.event.seq : 0
  }
  /** Open a single-choice vote (同意 / 不同意) on `question`. */
  const openVote = (question: string, anonymous = false) =>
    run('vote.open', { question, kind: 'single', options: ['同意', '不同意'], anonymous, hideResults: false, quorum: 0 })
  const page = async (cookie?: string) =>
    (await callRoute(minutesLoader, makeRequest(`/meetings/${meeting.id}/minutes`, cookie ? { cookie } : {}), { id: String(meeting.id) })).json()
  return { db, fac, member, topic, meeting, run, openVote, page }
}

describe('the minutes page after the meeting', () => {
  it('leads the facilitator on to recording the decision once the meeting has ended, and then to the decision itself', async () => {
    const m = await heldMeeting()
    m.run('meeting.start')
    expect((await m.page(m.fac.cookie)).recordDecisionPath).toBeNull()
    m.run('meeting.end')
    expect((await m.page(m.fac.cookie)).recordDecisionPath).toBe(`/decisions/new?meetingId=${m.meeting.id}`)
    const decision = m.db.insert(decisions).values({ meetingId: m.meeting.id, topicId: m.topic.id, title: '设置临时停车位' }).returning().get()
    const after = await m.page(m.fac.cookie)
    expect(after.recordDecisionPath).toBeNull()
    expect(after.decisions).toEqual([{ id: decision.id, title: '设置临时停车位' }])
  })

  it('offers neither to a deliberator nor to the public, and sends the public to the public view rather than the login', async () => {
    const m = await heldMeeting()
    m.run('meeting.start')
    m.run('meeting.end')
    const own = await m.page(m.member.cookie)
    expect(own.recordDecisionPath).toBeNull()
    expect(own.roomPath).toBe(`/meetings/${m.meeting.id}`)
    const anon = await m.page()
    expect(anon.recordDecisionPath).toBeNull()
    expect(anon.decisions).toEqual([])
    expect(anon.roomPath).toBe(`/meetings/${m.meeting.id}/observe`)
  })

  it('offers the meeting’s votes by their question when the decision is recorded, not every ballot and closing in the log', async () => {
    const m = await heldMeeting()
    m.run('meeting.start')
    const first = m.openVote('是否设置临时停车位？')
    m.run('vote.cast', { voteSeq: first, ballot: { choice: 0 } }, { id: m.member.id, role: 'deliberator' })
    m.run('vote.close', { voteSeq: first })
    const second = m.openVote('是否增加协管员？', true)
    m.run('vote.close', { voteSeq: second })
    m.run('meeting.end')
    const req = makeRequest(`/decisions/new?meetingId=${m.meeting.id}`, { cookie: m.fac.cookie })
    const data = await (await callRoute(newDecisionLoader, req, {})).json()
    expect(data.votes).toEqual([
      { seq: first, label: '是否设置临时停车位？' },
      { seq: second, label: '是否增加协管员？' },
    ])
  })

  it('names the vote that carried a decision by its question and how many voted, not by its place in the log', async () => {
    const m = await heldMeeting()
    m.run('meeting.start')
    const vote = m.openVote('是否设置临时停车位？')
    m.run('vote.cast', { voteSeq: vote, ballot: { choice: 0 } }, { id: m.member.id, role: 'deliberator' })
    m.run('vote.close', { voteSeq: vote })
    const { decision } = recordDecision(m.db, { meetingId: m.meeting.id, title: '增设临时停车位', voteSeq: vote, targets: [] }, { kind: 'user', id: m.fac.id })
    const res = await callRoute(decisionLoader, makeRequest(`/decisions/${decision.id}`, { cookie: m.fac.cookie }), { id: String(decision.id) })
    expect((await res.json()).vote).toEqual({ question: '是否设置临时停车位？', ballots: 1 })
  })
})
