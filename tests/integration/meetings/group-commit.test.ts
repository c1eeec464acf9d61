import { afterEach, describe, expect, it, vi } from 'vitest'
import { forgetMeetingStates, getMeetingState, listMeetingEvents, runMeetingCommand, type CommandInput, type CommandResult } from '#db/queries/meetings'
import { submitMeetingCommand } from '#realtime/meeting.handlers'
import { meetingFixture } from '#tests/integration/realtime/helpers'

afterEach(() => vi.restoreAllMocks())

async function liveMeeting() {
  const f = await meetingFixture({ deliberators: 2 })
  const command = (userId: number, role: 'facilitator' | 'deliberator', type: string, payload: Record<string, unknown>, key: string): CommandInput => ({
    meetingId: f.meeting.id,
    actor: { userId, role, name: role === 'facilitator' ? '促动师' : `居民${userId}` },
    type,
    payload,
    idempotencyKey: key,
    agendaItemIds: [],
    speakerSeconds: 120,
  })
  expect(runMeetingCommand(f.db, command(f.facilitator.id, 'facilitator', 'meeting.start', {}, 'start-0001')).ok).toBe(true)
  const [a, b] = f.deliberators.map(d => d.id) as [number, number]
  return { ...f, command, a, b }
}

const seqOf = (r: CommandResult) => (r.ok ? r.event.seq : null)

describe('group commit of live meeting commands', () => {
  it('appends the commands of one tick in one transaction, in order, each checked against the ones before it', async () => {
    const f = await liveMeeting()
    const voteSeq = getMeetingState(f.db, f.meeting.id).lastSeq + 1
    const transaction = vi.spyOn(f.db, 'transaction')
    const results = await Promise.all([
      submitMeetingCommand(
        f.db,
        f.command(f.facilitator.id, 'facilitator', 'vote.open', { question: '选哪个方案？', kind: 'single', options: ['甲', '乙'] }, 'open-0001'),
      ),
      submitMeetingCommand(f.db, f.command(f.a, 'deliberator', 'vote.cast', { voteSeq, ballot: { choice: 0 } }, 'cast-0001')),
      // The same person again within the same tick, another key: refused, as the log already holds the first ballot.
      submitMeetingCommand(f.db, f.command(f.a, 'deliberator', 'vote.cast', { voteSeq, ballot: { choice: 1 } }, 'cast-0002')),
      submitMeetingCommand(f.db, f.command(f.b, 'deliberator', 'statement.post', { text: '我同意甲' }, 'say-00001')),
      // A retry of the first ballot within the same tick: the stored event, not a second one.
      submitMeetingCommand(f.db, f.command(f.a, 'deliberator', 'vote.cast', { voteSeq, ballot: { choice: 0 } }, 'cast-0001')),
    ])
    expect(transaction).toHaveBeenCalledTimes(1)
    expect(results.map(r => (r.ok ? 'ok' : r.error))).toEqual(['ok', 'ok', 'conflict', 'ok', 'ok'])
    expect(results.map(seqOf)).toEqual([voteSeq, voteSeq + 1, null, voteSeq + 2, voteSeq + 1])
    expect(results.map(r => r.ok && r.duplicate)).toEqual([false, false, false, false, true])
    expect(listMeetingEvents(f.db, f.meeting.id, voteSeq - 1).map(e => e.type)).toEqual(['vote.open', 'vote.cast', 'statement.post'])
  })

  it('answers each command only after its transaction has committed', async () => {
    const f = await liveMeeting()
    const seenAtAnswer: { inTransaction: boolean; logged: boolean }[] = []
    await Promise.all(
      ['一', '二', '三'].map((text, i) =>
        submitMeetingCommand(f.db, f.command(f.a, 'deliberator', 'statement.post', { text }, `durable-${i}`)).then(r => {
          const logged = r.ok && listMeetingEvents(f.db, f.meeting.id, r.event.seq - 1).some(e => e.seq === r.event.seq)
          seenAtAnswer.push({ inTransaction: f.db.$client.inTransaction, logged })
        }),
      ),
    )
    expect(seenAtAnswer).toEqual(Array(3).fill({ inTransaction: false, logged: true }))
  })

  it('lets a command that breaks its transaction fail alone, and keeps nothing rolled back in the folded state', async () => {
    const f = await liveMeeting()
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const before = getMeetingState(f.db, f.meeting.id).lastSeq
    const results = await Promise.all([
      submitMeetingCommand(f.db, f.command(f.a, 'deliberator', 'statement.post', { text: '第一句' }, 'first-001')),
      // No such meeting: the insert breaks the foreign key and rolls the whole group back.
      submitMeetingCommand(f.db, { ...f.command(f.facilitator.id, 'facilitator', 'meeting.start', {}, 'broken-01'), meetingId: 999_999 }),
      submitMeetingCommand(f.db, f.command(f.b, 'deliberator', 'statement.post', { text: '第二句' }, 'second-01')),
    ])
    expect(results.map(r => (r.ok ? 'ok' : r.error))).toEqual(['ok', 'internal', 'ok'])
    expect(results.map(seqOf)).toEqual([before + 1, null, before + 2])
    expect(listMeetingEvents(f.db, 999_999)).toEqual([])

    const cached = getMeetingState(f.db, f.meeting.id)
    forgetMeetingStates(f.db)
    const refolded = getMeetingState(f.db, f.meeting.id)
    expect(cached.lastSeq).toBe(before + 2)
    expect(cached.statements.map(s => [s.seq, s.text])).toEqual(refolded.statements.map(s => [s.seq, s.text]))
    expect(cached.statements.map(s => s.text)).toEqual(['第一句', '第二句'])
  })
})
