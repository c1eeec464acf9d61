import { describe, expect, it } from 'vitest'
import { earlyStartQuestion } from '#app/components/meeting/console-controls'
import { makeT } from '#app/i18n/index'

const HOUR = 3600_000
// 2026-12-06 19:00 in Beijing.
const planned = '2026-12-06T11:00:00.000Z'
const at = (msBefore: number) => Date.parse(planned) - msBefore

describe('starting a meeting before its time', () => {
  it('asks first when the meeting is planned more than an hour later, naming when it was planned', () => {
    expect(earlyStartQuestion(makeT('zh'), 'zh', planned, at(5 * 24 * HOUR))).toBe(makeT('zh')('console.confirmEarlyStart', { when: '2026年12月6日 19:00' }))
    expect(earlyStartQuestion(makeT('en'), 'en', planned, at(2 * HOUR))).toContain('6 Dec 2026, 19:00')
  })

  it('starts without asking within the hour before, or after the time planned', () => {
    expect(earlyStartQuestion(makeT('zh'), 'zh', planned, at(50 * 60_000))).toBeNull()
    expect(earlyStartQuestion(makeT('zh'), 'zh', planned, at(-HOUR))).toBeNull()
  })
})
