import { describe, expect, it } from 'vitest'
import type { CommandOutcome } from '#app/components/meeting/meeting-session'
import { outcomeErrorKey } from '#app/components/meeting/use-meeting'
import { makeT } from '#app/i18n/index'

const zh = makeT('zh')
const refusal = (error: string, issues?: string[]) => {
  const key = outcomeErrorKey({ ok: false, error, ...(issues ? { issues } : {}) } as CommandOutcome)
  return key ? zh(key) : null
}

describe('a refused action in the live room', () => {
  it('says what was wrong when the server names the reason', () => {
    expect(refusal('invalid-payload', ['options'])).toBe('表决至少需要两个选项，每行写一个。')
    expect(refusal('conflict', ['already-voted'])).toBe('您已经投过票了，每人只能投一次。')
    expect(refusal('closed', ['vote-closed'])).toBe('这项表决已经结束，不能再投票。')
    expect(refusal('conflict', ['vote-open'])).toBe('针对这项提案的表决还在进行，请先结束表决再决定。')
    expect(refusal('forbidden', ['muted'])).toBe('主持人已将您静音，暂时不能发言。')
    expect(refusal('forbidden', ['not-checked-in'])).toBe('请先为这位现场人员登记到场，再代为投票。')
  })

  it('falls back to the kind of refusal when the reason is not one people need spelled out', () => {
    expect(refusal('conflict', ['self'])).toBe('操作与当前状态冲突（例如已经投过票）。')
    expect(refusal('rate-limited')).toBe('操作太快，请稍候再试。')
    expect(outcomeErrorKey({ ok: true, event: {} as never })).toBeNull()
  })
})
