import { z } from 'zod'
import { type MessageKey, type TFunction, packMessage, unpackMessage } from '#app/i18n/index'
import { chinaDay, chinaDayStart } from './dates'

export type FormErrorParams = Record<string, string | number>

/**
 * Field errors travel through Conform as plain strings: a catalog key, and for
 * a rule with a limit the limit packed after it (`error.tooLong?max=200`).
 * The page reads it back with `formErrorText` (or `t`, which reads packed
 * messages too), so the message names the limit in the reader's language.
 */
export function formError(key: MessageKey, params?: FormErrorParams): string {
  return packMessage(key, params)
}

/** The key and limits of a field error; anything that is not one of ours is the generic "check this field". */
export function readFormError(message: string): { key: MessageKey; params: FormErrorParams } {
  return unpackMessage(message) ?? { key: 'error.invalidField', params: {} }
}

/** A field error as the reader sees it. */
export function formErrorText(t: TFunction, message: string): string {
  const { key, params } = readFormError(message)
  return t(key, params)
}

const day = (ms: number | bigint) => new Date(Number(ms)).toISOString().slice(0, 10)

/**
 * Messages for the rules a schema states without a message of its own:
 * `parseForm` passes this to zod, so `.max(200)` says "at most 200 characters"
 * and a schema gives its own message only where it has more to say.
 */
export const formErrorMap: z.ZodErrorMap = (issue, ctx) => {
  // zod asks this map before the schema's own (`invalid_type_error`, an enum's
  // `errorMap`): when one of those has spoken, its message stands.
  if (ctx.defaultError !== z.defaultErrorMap(issue, { data: ctx.data, defaultError: '' }).message) return { message: ctx.defaultError }
  const message = (key: MessageKey, params?: FormErrorParams) => ({ message: formError(key, params) })
  switch (issue.code) {
    case 'invalid_type':
      // Conform hands an empty input to zod as undefined.
      if (issue.received === 'undefined' || issue.received === 'null') return message('error.required')
      if (issue.expected === 'integer') return message('error.integer')
      if (issue.expected === 'number' || issue.expected === 'bigint') return message('error.number')
      if (issue.expected === 'date') return message('error.date')
      return message('error.invalidField')
    case 'too_small': {
      const min = Number(issue.minimum)
      if (issue.type === 'string') return min <= 1 ? message('error.required') : message('error.tooShort', { min })
      if (issue.type === 'array' || issue.type === 'set') return min <= 1 ? message('error.required') : message('error.tooFew', { min })
      if (issue.type === 'date') return message('error.dateMin', { min: day(issue.minimum) })
      return message(issue.inclusive ? 'error.min' : 'error.gt', { min })
    }
    case 'too_big': {
      const max = Number(issue.maximum)
      if (issue.type === 'string') return message('error.tooLong', { max })
      if (issue.type === 'array' || issue.type === 'set') return message('error.tooMany', { max })
      if (issue.type === 'date') return message('error.dateMax', { max: day(issue.maximum) })
      return message(issue.inclusive ? 'error.max' : 'error.lt', { max })
    }
    case 'invalid_string':
      if (issue.validation === 'url') return message('error.url')
      if (issue.validation === 'email') return message('error.email')
      if (issue.validation === 'date' || issue.validation === 'datetime') return message('error.date')
      return message('error.invalidField')
    case 'invalid_date':
      return message('error.date')
    case 'invalid_enum_value':
    case 'invalid_literal':
    case 'invalid_union_discriminator':
      return message('error.choice')
    default:
      return message('error.invalidField')
  }
}

type RangeUnit = 'seconds' | 'days'
const RANGE_KEY = { seconds: 'error.range.seconds', days: 'error.range.days' } as const satisfies Record<RangeUnit, MessageKey>

/**
 * A whole number from `min` to `max`: every way of missing it (too small, too
 * big, a fraction, not a number) names both ends, so the reader need not
 * guess the other one. An empty field is "please fill this in".
 */
export function wholeNumberBetween(min: number, max: number, unit?: RangeUnit) {
  const range = formError(unit ? RANGE_KEY[unit] : 'error.range', { min, max })
  return z.number({ invalid_type_error: range }).int(range).min(min, range).max(max, range)
}

/**
 * A web address people can open: http or https only (zod's `.url()` also
 * accepts `javascript:` and other schemes), at most `max` characters.
 */
export function webLink(max = 500) {
  const url = formError('error.url')
  return z
    .string()
    .trim()
    .max(max)
    .refine(s => {
      try {
        return ['http:', 'https:'].includes(new URL(s).protocol)
      } catch {
        return false
      }
    }, url)
}

const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/

/**
 * A date input's day (`YYYY-MM-DD`, kept as typed) that the calendar has: it is
 * read by the app's one day parser (`chinaDayStart`), so 2030-02-31 or
 * 2030-13-01 is refused beside the field instead of rolling over to another
 * day. With `notBeforeToday`, a day before today in China time is refused
 * with that message (a deadline then would be overdue at once); with
 * `notAfterToday`, a day after it (something that has happened cannot be
 * dated tomorrow), the message given today's day as `{today}`.
 */
export function calendarDay(messages: { required?: MessageKey; format?: MessageKey; notBeforeToday?: MessageKey; notAfterToday?: MessageKey } = {}) {
  const format = formError(messages.format ?? 'error.date')
  return z
    .string({ required_error: formError(messages.required ?? 'error.required'), invalid_type_error: format })
    .regex(DAY_FORMAT, format)
    .superRefine((day, ctx) => {
      if (!DAY_FORMAT.test(day)) return
      if (!chinaDayStart(day)) ctx.addIssue({ code: 'custom', message: formError('error.noSuchDay', { day }) })
      else if (messages.notBeforeToday && day < chinaDay(Date.now())) ctx.addIssue({ code: 'custom', message: formError(messages.notBeforeToday) })
      else if (messages.notAfterToday && day > chinaDay(Date.now()))
        ctx.addIssue({ code: 'custom', message: formError(messages.notAfterToday, { today: chinaDay(Date.now()) }) })
    })
}

/**
 * A work order's deadline, on the form that creates orders and the one that
 * changes a deadline. It names a whole China-time day: today is still
 * possible, an earlier day would be overdue at once.
 */
export function workOrderDueDay() {
  return calendarDay({ required: 'outcome.error.date', format: 'outcome.error.date', notBeforeToday: 'outcome.error.dueBeforeToday' })
}
