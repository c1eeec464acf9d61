import { describe, expect, it } from 'vitest'
import { draftMinutes } from '#app/services/meetings.server'
import type { MeetingEvent } from '#meetings/commands'
import { planCommand, type PlanContext } from '#meetings/planning'
import { applyMeetingEvent, foldMeeting, initialMeetingState } from '#meetings/state'
import { consentPassed, tallyVote } from '#meetings/tally'
import type { MeetingState, ParticipantRole, Vote } from '#meetings/types'
import { liveRoster, notYetSpoken, redactEvent } from '#meetings/visibility'

const FAC = 1
const ANN = 2
const BEN = 3
const REC = 4
const ctx = (userId: number, role: ParticipantRole | null, name = `u${userId}`): PlanContext => ({
  userId,
  role,
  name,
  agendaItemIds: [10, 11],
  speakerSeconds: 120,
})
const roles: Record<number, ParticipantRole> = { [FAC]: 'facilitator', [ANN]: 'deliberator', [BEN]: 'deliberator', [REC]: 'recorder' }

/** A tiny in-memory "server": plan, then append with the next seq. */
function meeting() {
  const s = initialMeetingState()
  const log: MeetingEvent[] = []
  let clock = Date.parse('2026-11-21T11:00:00Z')
  const run = (userId: number, type: string, payload: unknown = {}) => {
    const plan = planCommand(s, ctx(userId, roles[userId] ?? null), type, payload)
    if (!plan.ok) return plan
    clock += 30_000
    const e: MeetingEvent = { ...plan.event, meetingId: 1, seq: s.lastSeq + 1, actorId: userId, createdAt: new Date(clock).toISOString() }
    log.push(e)
    applyMeetingEvent(s, e)
    return { ok: true as const, seq: e.seq }
  }
  return { s, log, run }
}

const vote = (over: Partial<Vote>): Vote => ({
  seq: 1,
  at: '',
  question: 'q',
  kind: 'single',
  options: ['a', 'b', 'c'],
  anonymous: false,
  quorum: 0,
  hideResults: false,
  proposalSeq: null,
  maxChoices: 3,
  scoreMax: 5,
  status: 'open',
  ballots: {},
  results: null,
  ...over,
})
const ballots = (...bs: object[]) => Object.fromEntries(bs.map((b, i) => [`u:${i}`, { ballot: b as never, inRoom: i === 0, name: `n${i}` }]))

describe('tallyVote', () => {
  it.each([
    { kind: 'single' as const, bs: [{ choice: 0 }, { choice: 2 }, { choice: 2 }], perOption: [1, 0, 2], leader: 2 },
    { kind: 'single' as const, bs: [{ choice: 0 }, { choice: 1 }], perOption: [1, 1, 0], leader: null },
    { kind: 'multiple' as const, bs: [{ choices: [0, 1] }, { choices: [1] }], perOption: [1, 2, 0], leader: 1 },
    { kind: 'score' as const, bs: [{ scores: [5, 0, 3] }, { scores: [4, 1, 3] }], perOption: [4.5, 0.5, 3], leader: 0 },
    // Borda with 3 options: 2, 1, 0 points.
    { kind: 'ranked' as const, bs: [{ ranking: [1, 0, 2] }, { ranking: [1, 2] }, { ranking: [0] }], perOption: [3, 4, 1], leader: 1 },
  ])('$kind → $perOption', ({ kind, bs, perOption, leader }) => {
    const r = tallyVote(vote({ kind, ballots: ballots(...bs) }))
    expect(r.perOption).toEqual(perOption)
    expect(r.leader).toBe(leader)
    expect(r).toMatchObject({ ballots: bs.length, inRoom: 1, online: bs.length - 1 })
  })

  it('consent: passes only with quorum and without objections; objections keep their reasons', () => {
    const v = vote({ kind: 'consent', options: ['agree', 'stand_aside', 'object'], quorum: 3 })
    const ok = tallyVote({ ...v, ballots: ballots({ consent: 'agree' }, { consent: 'stand_aside' }, { consent: 'agree' }) })
    expect(ok.consent).toEqual({ agree: 2, stand_aside: 1, object: 0 })
    expect(consentPassed(ok)).toBe(true)
    const blocked = tallyVote({ ...v, ballots: ballots({ consent: 'agree' }, { consent: 'object', reason: '消防通道' }, { consent: 'agree' }) })
    expect(consentPassed(blocked)).toBe(false)
    expect(blocked.objections).toEqual([{ name: 'n1', reason: '消防通道' }])
    const anonymous = tallyVote({ ...v, anonymous: true, ballots: ballots({ consent: 'object', reason: 'x' }) })
    expect(anonymous.objections).toEqual([{ name: null, reason: 'x' }])
    expect(anonymous.quorumMet).toBe(false)
  })
})

describe('planCommand: who may do what', () => {
  it('lets only the facilitator run the meeting, and nobody act before it starts or after it ends', () => {
    const m = meeting()
    expect(m.run(ANN, 'statement.post', { text: 'hi' })).toMatchObject({ ok: false, error: 'conflict' })
    expect(m.run(ANN, 'meeting.start')).toMatchObject({ ok: false, error: 'forbidden' })
    expect(m.run(FAC, 'meeting.start')).toMatchObject({ ok: true })
    expect(m.run(FAC, 'meeting.start')).toMatchObject({ ok: false, error: 'conflict' })
    for (const [type, payload] of [
      ['agenda.set', { itemId: 10 }],
      ['timer.start', { seconds: 600 }],
      ['vote.open', { question: 'q', kind: 'single', options: ['a', 'b'] }],
      ['participant.mute', { userId: ANN, muted: true }],
    ] as const) {
      expect(m.run(ANN, type, payload)).toMatchObject({ ok: false, error: 'forbidden' })
      expect(m.run(REC, type, payload)).toMatchObject({ ok: false, error: 'forbidden' })
    }
    expect(m.run(FAC, 'agenda.set', { itemId: 99 })).toMatchObject({ ok: false, error: 'not-found' })
    expect(m.run(FAC, 'meeting.end')).toMatchObject({ ok: true })
    expect(m.run(FAC, 'agenda.set', { itemId: 10 })).toMatchObject({ ok: false, error: 'closed' })
    expect(m.run(ANN, 'hand.raise')).toMatchObject({ ok: false, error: 'closed' })
  })

  it('refuses observers, unknown people, unknown commands and extra fields', () => {
    const m = meeting()
    m.run(FAC, 'meeting.start')
    expect(planCommand(m.s, ctx(9, 'observer'), 'hand.raise', {})).toMatchObject({ ok: false, error: 'forbidden' })
    expect(planCommand(m.s, ctx(9, null), 'hand.raise', {})).toMatchObject({ ok: false, error: 'unauthorized' })
    expect(planCommand(m.s, ctx(ANN, 'deliberator'), 'vote.closed', {})).toMatchObject({ ok: false, error: 'invalid-payload' })
    expect(planCommand(m.s, ctx(ANN, 'deliberator'), 'attendance.joined', {})).toMatchObject({ ok: false, error: 'invalid-payload' })
    expect(planCommand(m.s, ctx(ANN, 'deliberator'), 'hand.raise', { inRoom: true })).toMatchObject({ ok: false, error: 'invalid-payload' })
  })

  it('keeps in-room entries to the recorder and marks them', () => {
    const m = meeting()
    m.run(FAC, 'meeting.start')
    expect(m.run(ANN, 'hand.raise', { inRoomName: '李师傅' })).toMatchObject({ ok: false, error: 'forbidden' })
    expect(m.run(REC, 'hand.raise')).toMatchObject({ ok: false, error: 'forbidden' })
    expect(m.run(REC, 'hand.raise', { inRoomName: '李师傅' })).toMatchObject({ ok: true })
    expect(m.s.queue[0]).toMatchObject({ key: 'r:李师傅', inRoom: true, userId: null, name: '李师傅' })
    expect(m.log.at(-1)!.inRoom).toBe(true)
    // The recorder may take an in-room hand down; a deliberator may not.
    expect(m.run(ANN, 'hand.lower', { key: 'r:李师傅' })).toMatchObject({ ok: false, error: 'forbidden' })
    expect(m.run(REC, 'hand.lower', { key: 'r:李师傅' })).toMatchObject({ ok: true })
  })

  it('counts speaking time and lists who has not spoken', () => {
    const m = meeting()
    m.run(FAC, 'meeting.start')
    m.run(ANN, 'hand.raise')
    m.run(REC, 'attendance.checkin', { inRoomName: '王阿姨' })
    m.run(FAC, 'floor.give', { key: 'u:2' })
    expect(m.s.floor).toMatchObject({ key: 'u:2', seconds: 120 })
    m.run(FAC, 'floor.give', { key: 'r:王阿姨' }) // ends Ann's turn 30 s later
    m.run(FAC, 'floor.end')
    expect(m.s.spoken['u:2']).toMatchObject({ turns: 1, seconds: 30 })
    expect(m.s.spoken['r:王阿姨']).toMatchObject({ turns: 1, inRoom: true })
    const people = [ANN, BEN].map(id => ({ key: `u:${id}`, userId: id, name: `u${id}`, inRoom: false }))
    expect(notYetSpoken(m.s, people).map(p => p.key)).toEqual(['u:3'])
  })

  it('counts a written statement as having spoken', () => {
    const m = meeting()
    m.run(FAC, 'meeting.start')
    m.run(BEN, 'statement.post', { text: '我同意' })
    const people = [ANN, BEN].map(id => ({ key: `u:${id}`, userId: id, name: `u${id}`, inRoom: false }))
    expect(notYetSpoken(m.s, people).map(p => p.key)).toEqual(['u:2'])
  })
})

describe('live roster', () => {
  const joined = (s: MeetingState, userId: number, name: string, role?: ParticipantRole) =>
    applyMeetingEvent(s, {
      meetingId: 1,
      seq: s.lastSeq + 1,
      type: 'attendance.joined',
      actorId: userId,
      inRoom: false,
      payload: { key: `u:${userId}`, name, ...(role ? { role } : {}) },
      createdAt: '2026-11-21T11:00:00Z',
    })
  const known = [
    { userId: FAC, role: 'facilitator', name: '周老师' },
    { userId: 9, role: 'facilitator', name: '吴老师' },
  ]

  it('adds people who joined after the page loaded, from the log and from presence', () => {
    const s = initialMeetingState()
    joined(s, FAC, '周老师', 'facilitator')
    joined(s, ANN, '王阿姨', 'deliberator')
    joined(s, REC, '小李', 'recorder')
    const online = new Map([
      [FAC, { role: 'facilitator', name: '周老师' }],
      [BEN, { role: 'deliberator', name: '陈师傅' }],
      [7, { role: 'observer', name: '旁听者' }],
    ])
    expect(liveRoster(s, known, online)).toEqual([
      ...known,
      { userId: ANN, role: 'deliberator', name: '王阿姨' },
      { userId: REC, role: 'recorder', name: '小李' },
      { userId: BEN, role: 'deliberator', name: '陈师傅' },
    ])
  })

  it('feeds the balance view: newcomers are listed as not yet spoken until they speak', () => {
    const m = meeting()
    joined(m.s, ANN, '王阿姨', 'deliberator')
    m.run(FAC, 'meeting.start')
    const people = (s: MeetingState) =>
      liveRoster(s, known, new Map())
        .filter(p => p.role === 'deliberator')
        .map(p => ({ key: `u:${p.userId}`, userId: p.userId, name: p.name, inRoom: false }))
    expect(notYetSpoken(m.s, people(m.s)).map(p => p.name)).toEqual(['王阿姨'])
    m.run(ANN, 'statement.post', { text: '建议开放空地停车' })
    expect(notYetSpoken(m.s, people(m.s))).toEqual([])
  })
})

describe('fold and redaction', () => {
  it('ignores replayed and duplicate events (resync is idempotent)', () => {
    const m = meeting()
    m.run(FAC, 'meeting.start')
    m.run(ANN, 'statement.post', { text: 'a' })
    m.run(BEN, 'statement.post', { text: 'b' })
    const replay = foldMeeting([...m.log, ...m.log, m.log[1]!])
    expect(replay.statements.map(s => s.text)).toEqual(['a', 'b'])
    expect(replay.lastSeq).toBe(3)
    // Resync from a midpoint gives the same state as a full fold.
    const half = foldMeeting(m.log.slice(0, 2))
    expect(foldMeeting(m.log, half)).toEqual(foldMeeting(m.log))
  })

  it('hides voters of anonymous votes and ballots of hidden-results votes, except from the voter', () => {
    const m = meeting()
    m.run(FAC, 'meeting.start')
    const anon = m.run(FAC, 'vote.open', { question: 'q', kind: 'single', options: ['a', 'b'], anonymous: true }) as { seq: number }
    m.run(ANN, 'vote.cast', { voteSeq: anon.seq, ballot: { choice: 1 } })
    const e = m.log.at(-1)!
    expect(redactEvent(e, m.s)).toMatchObject({ actorId: null, payload: { voteSeq: anon.seq, ballot: { choice: 1 } } })
    expect(redactEvent(e, m.s).payload).not.toHaveProperty('voter')
    expect(redactEvent(e, m.s, ANN)).toBe(e)
    const hidden = m.run(FAC, 'vote.open', { question: 'q2', kind: 'single', options: ['a', 'b'], hideResults: true }) as { seq: number }
    m.run(BEN, 'vote.cast', { voteSeq: hidden.seq, ballot: { choice: 0 } })
    const h = redactEvent(m.log.at(-1)!, m.s)
    expect(h.actorId).toBe(BEN)
    expect(h.payload).toEqual({ voteSeq: hidden.seq, voter: 'u:3', name: 'u3' })
    // A client folding redacted events counts the ballot but sees no tally until the close.
    const client = foldMeeting(m.log.map(x => redactEvent(x, m.s)))
    expect(Object.keys(client.votes[1]!.ballots)).toHaveLength(1)
    m.run(FAC, 'vote.close', { voteSeq: hidden.seq })
    applyMeetingEvent(client, m.log.at(-1)!)
    expect(client.votes[1]!.results).toMatchObject({ ballots: 1, perOption: [1, 0] })
  })

  it('does not replay the text of hidden statements except to the facilitator', () => {
    const m = meeting()
    m.run(FAC, 'meeting.start')
    m.run(ANN, 'statement.post', { text: '我的电话 138xxxx' })
    const posted = m.log.at(-1)!
    m.run(FAC, 'message.hide', { targetSeq: posted.seq, reason: '个人信息' })
    expect(redactEvent(posted, m.s, BEN).payload).toMatchObject({ text: '' })
    expect(redactEvent(posted, m.s, FAC, { moderator: true }).payload).toMatchObject({ text: '我的电话 138xxxx' })
    const client = foldMeeting(m.log.map(e => redactEvent(e, m.s, BEN)))
    expect(client.statements[0]).toMatchObject({ text: '', hidden: { reason: '个人信息' } })
  })
})

describe('minutes draft', () => {
  it('is built from the log: attendance, agenda, speakers, statements, votes, decisions', () => {
    const m = meeting()
    const at = (type: 'attendance.joined' | 'attendance.checkin', actorId: number, payload: { key: string; name: string; room?: true }, inRoom = false) =>
      applyMeetingEvent(m.s, {
        meetingId: 1,
        seq: m.s.lastSeq + 1,
        type,
        actorId,
        inRoom,
        payload,
        createdAt: new Date(Date.parse('2026-11-21T11:00:00Z') + m.s.lastSeq * 60_000).toISOString(),
      })
    at('attendance.joined', ANN, { key: 'u:2', name: '王阿姨' })
    at('attendance.checkin', REC, { key: 'r:李师傅', name: '李师傅', room: true }, true)
    m.run(FAC, 'meeting.start')
    m.run(FAC, 'agenda.set', { itemId: 10 })
    m.run(FAC, 'floor.give', { key: 'u:2' })
    m.run(ANN, 'statement.post', { text: '建议开放空地停车' })
    m.run(ANN, 'statement.post', { text: '电话 138xxxx' })
    m.run(FAC, 'message.hide', { targetSeq: m.s.lastSeq, reason: '含个人信息' })
    const p = m.run(FAC, 'proposal.draft', { title: '开放 19 个临时车位', fromSeqs: [] }) as { seq: number }
    const v = m.run(FAC, 'vote.open', { question: '是否同意？', kind: 'consent', proposalSeq: p.seq }) as { seq: number }
    m.run(ANN, 'vote.cast', { voteSeq: v.seq, ballot: { consent: 'agree' } })
    m.run(REC, 'vote.cast', { voteSeq: v.seq, ballot: { consent: 'stand_aside' }, inRoomName: '李师傅' })
    m.run(FAC, 'vote.close', { voteSeq: v.seq })
    m.run(FAC, 'proposal.decide', { proposalSeq: p.seq, outcome: 'adopted', voteSeq: v.seq })
    m.run(FAC, 'meeting.end')
    const md = draftMinutes(
      {
        title: '小河小学路口议事会',
        topicTitle: '路口拥堵',
        startsAt: new Date('2026-11-21T11:00:00Z'),
        place: '社区会议室',
        mode: 'hybrid',
        agenda: [
          { id: 10, title: '情况通报', plannedMinutes: 10 },
          { id: 11, title: '表决', plannedMinutes: 10 },
        ],
      },
      [
        { userId: FAC, role: 'facilitator', name: '周老师' },
        { userId: ANN, role: 'deliberator', name: '王阿姨' },
        { userId: BEN, role: 'deliberator', name: '陈师傅' },
      ],
      m.s,
      'zh',
    )
    expect(md).toContain('# 会议纪要：小河小学路口议事会')
    expect(md).toContain('王阿姨（议事代表，线上）')
    expect(md).toContain('李师傅（议事代表，现场）')
    expect(md).toMatch(/1\. 情况通报（计划 10 分钟，实际( \d+|不到 1) 分钟，\d\d:\d\d 开始）/)
    expect(md).toContain('2. 表决（计划 10 分钟）')
    expect(md).toContain('王阿姨：1 次')
    expect(md).toContain('王阿姨：建议开放空地停车')
    expect(md).not.toContain('138xxxx')
    expect(md).toContain('一条发言已被主持人隐藏，原因：含个人信息')
    expect(md).toContain('是否同意？（同意/保留/反对）：2 票，线上 1，现场 1')
    expect(md).toContain('无人反对：通过')
    expect(v.seq).toBeGreaterThan(0)
    expect(md).toContain('通过：开放 19 个临时车位（依据表决：是否同意？）')
    const en = draftMinutes(
      { title: 'M', topicTitle: 'T', startsAt: new Date(), place: null, mode: 'online', agenda: [] },
      [],
      initialMeetingState() as MeetingState,
      'en',
    )
    expect(en).toContain('No decisions were taken.')
  })

  it('does not list someone who wrote a statement as silent, and names each role once', () => {
    const m = meeting()
    const joined = (userId: number, name: string) =>
      applyMeetingEvent(m.s, {
        meetingId: 1,
        seq: m.s.lastSeq + 1,
        type: 'attendance.joined',
        actorId: userId,
        inRoom: false,
        payload: { key: `u:${userId}`, name },
        createdAt: '2026-11-21T11:00:00Z',
      })
    joined(FAC, '周老师（促动师）')
    joined(ANN, '王阿姨')
    joined(BEN, '陈师傅')
    m.run(FAC, 'meeting.start')
    m.run(ANN, 'statement.post', { text: '建议开放空地停车' })
    const md = draftMinutes(
      { title: 'M', topicTitle: 'T', startsAt: new Date('2026-11-21T11:00:00Z'), place: null, mode: 'online', agenda: [] },
      [
        { userId: FAC, role: 'facilitator', name: '周老师（促动师）' },
        { userId: ANN, role: 'deliberator', name: '王阿姨' },
        { userId: BEN, role: 'deliberator', name: '陈师傅' },
      ],
      m.s,
      'zh',
    )
    expect(md).toContain('- 周老师（促动师，线上）')
    expect(md).not.toContain('（促动师）（')
    expect(md).toContain('未发言：陈师傅\n')
    expect(md).toContain('王阿姨：建议开放空地停车')
  })
})

describe('minutes draft: who has had their say', () => {
  it('does not list someone who wrote a statement as not having spoken, and names a role once', () => {
    const m = meeting()
    const at = (type: 'attendance.joined', actorId: number, payload: { key: string; name: string }) =>
      applyMeetingEvent(m.s, {
        meetingId: 1,
        seq: m.s.lastSeq + 1,
        type,
        actorId,
        inRoom: false,
        payload,
        createdAt: new Date(Date.parse('2026-11-21T11:00:00Z') + m.s.lastSeq * 60_000).toISOString(),
      })
    at('attendance.joined', FAC, { key: `u:${FAC}`, name: '周老师（促动师）' })
    at('attendance.joined', ANN, { key: `u:${ANN}`, name: '王阿姨' })
    at('attendance.joined', BEN, { key: `u:${BEN}`, name: '陈师傅' })
    m.run(FAC, 'meeting.start')
    m.run(ANN, 'statement.post', { text: '建议开放空地停车' })
    const md = draftMinutes(
      { title: '议事会', topicTitle: '路口', startsAt: new Date('2026-11-21T11:00:00Z'), place: null, mode: 'online', agenda: [] },
      [
        { userId: FAC, role: 'facilitator', name: '周老师（促动师）' },
        { userId: ANN, role: 'deliberator', name: '王阿姨' },
        { userId: BEN, role: 'deliberator', name: '陈师傅' },
      ],
      m.s,
      'zh',
    )
    const notSpoken = md.split('\n').find(l => l.includes('陈师傅') && !l.startsWith('- 陈师傅（'))!
    expect(notSpoken).toContain('陈师傅')
    expect(notSpoken).not.toContain('王阿姨')
    expect(md).toContain('- 周老师（促动师，线上）')
    expect(md).not.toContain('（促动师）（促动师')
  })
})
