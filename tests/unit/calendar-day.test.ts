import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { makeT } from '#app/i18n/index'
import { chinaDayEnd, chinaDayStart, fromChinaTime } from '#app/utils/dates'
import { calendarDay, formErrorText } from '#app/utils/form-errors'
import { parseForm } from '#app/utils/forms.server'

function form(entries: Record<string, string>) {
  const f = new FormData()
  for (const [k, v] of Object.entries(entries)) f.append(k, v)
  return f
}

/** The first error of each field as the page shows it, in Chinese and in English; or the parsed value. */
async function parse(schema: z.ZodTypeAny, entries: Record<string, string>) {
  const r = parseForm(form(entries), schema)
  if (r.ok) return { value: r.value as unknown }
  const body = (await r.response.json()) as { result: { error: Record<string, string[]> } }
  const pick = (locale: 'zh' | 'en') => Object.fromEntries(Object.entries(body.result.error).map(([k, v]) => [k, formErrorText(makeT(locale), v[0]!)]))
  return { zh: pick('zh'), en: pick('en') }
}

describe('reading a day someone typed', () => {
  it('refuses days the calendar does not have instead of rolling over to another day', () => {
    expect(chinaDayStart('2030-02-31')).toBeNull()
    expect(chinaDayEnd('2030-02-31')).toBeNull()
    expect(chinaDayStart('2030-13-01')).toBeNull()
    expect(chinaDayStart('2030-02-29')).toBeNull()
    expect(chinaDayStart('2030-04-31')).toBeNull()
    expect(chinaDayStart('2030-00-10')).toBeNull()
    expect(fromChinaTime('2030-02-31T09:00')).toBeNull()
    expect(fromChinaTime('2030-04-30T24:00')).toBeNull()
  })

  it('still reads every real day and time, 29 February of a leap year and the last of each month included', () => {
    expect(chinaDayStart('2028-02-29')!.toISOString()).toBe('2028-02-28T16:00:00.000Z')
    expect(chinaDayEnd('2030-12-31')!.toISOString()).toBe('2030-12-31T15:59:59.999Z')
    expect(chinaDayStart('2030-01-01')!.toISOString()).toBe('2029-12-31T16:00:00.000Z')
    expect(fromChinaTime('2030-04-30T23:59')!.toISOString()).toBe('2030-04-30T15:59:00.000Z')
    expect(fromChinaTime('2030-04-30T08:00:30.5')!.toISOString()).toBe('2030-04-30T00:00:30.500Z')
  })
})

describe('a date field', () => {
  const schema = z.object({ day: calendarDay() })

  it('says beside the field that an impossible day does not exist, in the reader’s language', async () => {
    expect(await parse(schema, { day: '2030-02-31' })).toEqual({
      zh: { day: '日期无效：日历上没有 2030-02-31 这一天。' },
      en: { day: 'Invalid date: there is no 2030-02-31 in the calendar.' },
    })
    expect((await parse(schema, { day: '2030-13-01' })).zh).toEqual({ day: '日期无效：日历上没有 2030-13-01 这一天。' })
  })

  it('asks for a missing date and for the year-month-day form, with the keys the form chooses', async () => {
    expect((await parse(schema, {})).zh).toEqual({ day: '请填写此项。' })
    expect((await parse(schema, { day: '31/02/2030' })).zh).toEqual({ day: '日期不正确，请按“年-月-日”填写有效日期。' })
    const own = z.object({ day: calendarDay({ required: 'outcome.error.date', format: 'outcome.error.date' }) })
    expect((await parse(own, {})).zh).toEqual({ day: '请选择日期。' })
    expect((await parse(own, { day: 'soon' })).en).toEqual({ day: 'Please choose a date.' })
  })

  it('keeps a real day as typed', async () => {
    expect(await parse(schema, { day: '2028-02-29' })).toEqual({ value: { day: '2028-02-29' } })
  })

  describe('that may not lie before today', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] })
      // Half past midnight on 1 December in China, still 30 November in UTC.
      vi.setSystemTime(new Date('2026-12-01T00:30:00+08:00'))
    })
    afterEach(() => {
      vi.useRealTimers()
    })
    const due = z.object({ day: calendarDay({ notBeforeToday: 'outcome.error.dueBeforeToday' }) })

    it('accepts today in China time and later days, and refuses earlier ones with the message given', async () => {
      expect(await parse(due, { day: '2026-12-01' })).toEqual({ value: { day: '2026-12-01' } })
      expect(await parse(due, { day: '2027-02-28' })).toEqual({ value: { day: '2027-02-28' } })
      expect((await parse(due, { day: '2026-11-30' })).zh).toEqual({ day: '截止日期不能早于今天，请选择今天或以后的日期。' })
    })

    it('calls an impossible future day impossible rather than accepting it', async () => {
      expect((await parse(due, { day: '2027-02-29' })).zh).toEqual({ day: '日期无效：日历上没有 2027-02-29 这一天。' })
    })
  })
})
