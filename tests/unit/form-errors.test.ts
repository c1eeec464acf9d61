import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { makeT, type MessageKey } from '#app/i18n/index'
import { formError, formErrorText, readFormError, wholeNumberBetween, webLink } from '#app/utils/form-errors'
import { parseForm } from '#app/utils/forms.server'

const zh = makeT('zh')
const en = makeT('en')

function form(entries: Record<string, string>) {
  const f = new FormData()
  for (const [k, v] of Object.entries(entries)) f.append(k, v)
  return f
}

/** The first error of each field, as the page shows it in Chinese and in English. */
async function shown(schema: z.ZodTypeAny, entries: Record<string, string>) {
  const r = parseForm(form(entries), schema)
  if (r.ok) throw new Error('expected the form to be refused')
  const body = (await r.response.json()) as { result: { error: Record<string, string[]> } }
  const pick = (t: typeof zh) => Object.fromEntries(Object.entries(body.result.error).map(([k, v]) => [k, formErrorText(t, v[0]!)]))
  return { zh: pick(zh), en: pick(en) }
}

describe('field errors name the rule that was broken', () => {
  it('says how long a text may be, and how short', async () => {
    const schema = z.object({ title: z.string().max(10), code: z.string().trim().min(4), note: z.string().trim().min(1) })
    const { zh: z_, en: e } = await shown(schema, { title: '一'.repeat(11), code: 'ab', note: '   ' })
    expect(z_).toEqual({ title: '太长了：最多 10 个字。', code: '太短了：至少 4 个字。', note: '请填写此项。' })
    expect(e).toEqual({ title: 'Too long: at most 10 characters.', code: 'Too short: at least 4 characters.', note: 'Please fill this in.' })
  })

  it('says which numbers are allowed', async () => {
    const schema = z.object({ a: z.number().min(3), b: z.number().max(9), c: z.number().int(), d: z.number(), e: z.number().positive() })
    const { zh: z_, en: e } = await shown(schema, { a: '1', b: '10', c: '1.5', d: 'many', e: '0' })
    expect(z_).toEqual({ a: '不能小于 3。', b: '不能大于 9。', c: '请填写整数。', d: '请填写数字。', e: '须大于 0。' })
    expect(e).toEqual({ a: 'Must be at least 3.', b: 'Must be at most 9.', c: 'Enter a whole number.', d: 'Enter a number.', e: 'Must be more than 0.' })
  })

  it('gives both ends of a range, with its unit, whichever end was missed', async () => {
    const schema = z.object({ low: wholeNumberBetween(30, 1800, 'seconds'), high: wholeNumberBetween(1, 180, 'days'), frac: wholeNumberBetween(1, 5) })
    const { zh: z_, en: e } = await shown(schema, { low: '5', high: '99999', frac: '2.5' })
    expect(z_).toEqual({ low: '须在 30–1800 秒之间。', high: '须在 1–180 天之间。', frac: '须为 1–5 之间的整数。' })
    expect(e).toEqual({ low: 'Must be between 30 and 1800 seconds.', high: 'Must be between 1 and 180 days.', frac: 'Must be a whole number from 1 to 5.' })
  })

  it('says what a link and a date must look like', async () => {
    const schema = z.object({ link: webLink(), other: webLink(), when: z.coerce.date(), day: z.string().date() })
    const { zh: z_, en: e } = await shown(schema, { link: 'meeting room 3', other: 'javascript:alert(1)', when: 'next week', day: '2030-02-30' })
    expect(z_).toEqual({
      link: '链接须以 https:// 或 http:// 开头，例如 https://meeting.example.cn/123。',
      other: '链接须以 https:// 或 http:// 开头，例如 https://meeting.example.cn/123。',
      when: '日期不正确，请按“年-月-日”填写有效日期。',
      day: '日期不正确，请按“年-月-日”填写有效日期。',
    })
    expect(e.link).toBe('A link must start with https:// or http://, e.g. https://meeting.example.cn/123.')
    expect(e.when).toBe('Not a valid date: use year-month-day.')
  })

  it('asks for a missing field and for a choice from the list', async () => {
    const schema = z.object({ name: z.string(), mode: z.enum(['online', 'in_person']), tags: z.array(z.string()).min(1).max(2) })
    const { zh: z_ } = await shown(schema, { mode: 'telepathy' })
    expect(z_).toEqual({ name: '请填写此项。', mode: '请从列表中选择。', tags: '请填写此项。' })
    const { zh: few } = await shown(z.object({ tags: z.array(z.string()).min(2).max(3) }), {})
    expect(few.tags).toBe('至少选择 2 项。')
    const r = parseForm(
      (() => {
        const f = new FormData()
        for (const x of ['a', 'b', 'c', 'd']) f.append('tags', x)
        return f
      })(),
      z.object({ tags: z.array(z.string()).max(3) }),
    )
    if (r.ok) throw new Error('expected a refusal')
    expect(formErrorText(zh, ((await r.response.json()) as { result: { error: Record<string, string[]> } }).result.error.tags![0]!)).toBe('最多选择 3 项。')
  })

  it('keeps a schema’s own message, with or without a limit', async () => {
    const schema = z.object({
      title: z.string().trim().min(2, 'outcome.error.titleRequired'),
      days: z.number().max(5, formError('error.range', { min: 1, max: 5 })),
      seats: z.number({ required_error: 'panel.error.number', invalid_type_error: 'panel.error.number' }),
      other: z.number({ required_error: 'panel.error.number' }),
      mode: z.enum(['online', 'in_person'], { errorMap: () => ({ message: 'meetings.error.placeOrLink' }) }),
    })
    const { zh: z_ } = await shown(schema, { title: 'x', days: '6', seats: 'many', mode: 'telepathy' })
    expect(z_).toEqual({
      title: '请填写标题（至少 2 个字）。',
      days: '须为 1–5 之间的整数。',
      seats: zh('panel.error.number'),
      other: zh('panel.error.number'),
      mode: zh('meetings.error.placeOrLink'),
    })
  })

  it('reads the same through the translate function, for pages that show a field’s first error themselves', () => {
    expect(zh(formError('error.tooLong', { max: 50 }) as MessageKey)).toBe('太长了：最多 50 个字。')
    expect(en(formError('error.range.days', { min: 1, max: 180 }) as MessageKey)).toBe('Must be between 1 and 180 days.')
    expect(zh('no.such.key?max=3' as MessageKey)).toBe('no.such.key?max=3')
  })

  it('reads a message back into its key and limits; an unknown message is a generic one', () => {
    expect(readFormError(formError('error.tooLong', { max: 200 }))).toEqual({ key: 'error.tooLong', params: { max: '200' } })
    expect(readFormError('meetings.error.agenda')).toEqual({ key: 'meetings.error.agenda', params: {} })
    expect(readFormError('Expected number, received nan')).toEqual({ key: 'error.invalidField', params: {} })
  })
})
