import { describe, expect, it } from 'vitest'
import { outcomeFieldErrors } from '#app/components/meeting/use-meeting'
import { makeT } from '#app/i18n/index'
import { formErrorText } from '#app/utils/form-errors'
import { meetingEvents } from '#db/schema/index'
import { liveMeeting, stopAfterEach } from './helpers'

const cleanups = stopAfterEach()
const zh = makeT('zh')
const en = makeT('en')

describe('text over its limit in a live meeting', () => {
  it('a vote question of 390 characters is refused, nothing is stored, and the facilitator reads the limit beside the question', async () => {
    const f = await liveMeeting(cleanups)
    const fac = await f.join(f.facilitator.cookie)
    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    const question = `关于小河小学路口早高峰临时停车方案的表决：${'是否同意在学校对面空地开放临时车位并安排志愿者疏导，'.repeat(15)}`
    expect(question.length).toBeGreaterThan(380)
    const before = f.db.select().from(meetingEvents).all().length
    const outcome = await fac.session.send('vote.open', { question, kind: 'single', options: ['同意', '反对'] })
    expect(outcome).toMatchObject({ ok: false, error: 'invalid-payload' })
    expect(f.db.select().from(meetingEvents).all()).toHaveLength(before)
    const errors = outcomeFieldErrors(outcome)
    expect(Object.keys(errors)).toEqual(['question'])
    expect(formErrorText(zh, errors.question![0]!)).toBe('太长了：最多 300 个字。')
    expect(formErrorText(en, errors.question![0]!)).toBe('Too long: at most 300 characters.')
  })

  it('an option, a proposal and a statement over their limits are refused the same way', async () => {
    const f = await liveMeeting(cleanups)
    const fac = await f.join(f.facilitator.cookie)
    const member = await f.join(f.deliberators[0]!.cookie)
    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    const option = await fac.session.send('vote.open', { question: '选哪个方案？', kind: 'single', options: ['方案甲', '乙'.repeat(201)] })
    expect(formErrorText(zh, outcomeFieldErrors(option).options![0]!)).toBe('第 2 个选项太长了：最多 200 个字。')
    const proposal = await fac.session.send('proposal.draft', { title: '题'.repeat(201), text: '' })
    expect(formErrorText(zh, outcomeFieldErrors(proposal).title![0]!)).toBe('太长了：最多 200 个字。')
    const statement = await member.session.send('statement.post', { text: '说'.repeat(2001) })
    expect(formErrorText(zh, outcomeFieldErrors(statement).text![0]!)).toBe('太长了：最多 2000 个字。')
    expect(
      f.db
        .select()
        .from(meetingEvents)
        .all()
        .map(e => e.type),
    ).not.toContain('statement.post')
  })
})
