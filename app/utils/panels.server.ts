// Shared by the panel status page, the invitation page and the .ics file.
import { z } from 'zod'
import type { Locale } from '#app/i18n/index'
import type { SessionUser } from '#app/utils/auth.server'
import { formatChineseDateWeekdayTime, formatDateTime } from '#app/utils/dates'
import { getDb, getPanel, type Db, type MeetingRow } from '#app/utils/db.server'
import { localCategoryName, localUnitName } from '#app/utils/labels.server'
import type { ReasonNames } from '#app/utils/panel-text'
import { requireReviewableTopic } from '#app/utils/topics.server'
import { POOL_ATTRIBUTES, POOL_ROLES } from '#db/queries/pool'

/** The panel and its topic if the user may manage the topic, else 404/403. */
export function requireManagedPanel(user: SessionUser, id: number) {
  const panel = Number.isInteger(id) ? getPanel(getDb(), id) : undefined
  if (!panel) throw new Response('Not found', { status: 404 })
  const topic = requireReviewableTopic(user, panel.topicId)
  return { panel, topic }
}

/** Community and category names in the reader's language, for the reasons each member was selected. */
export function reasonNames(db: Db, locale: Locale): ReasonNames {
  return { unit: localUnitName(db, locale), category: localCategoryName(db, locale) }
}

export function inviteUrl(origin: string, token: string) {
  return `${origin}/invite/${encodeURIComponent(token)}`
}

/** Beijing time, as written on an SMS or invitation: with the weekday in Chinese (2026年12月6日周日 19:00), as other pages write it in English (6 Dec 2026, 19:00). */
export function beijingTime(d: Date | string, locale: Locale = 'zh') {
  return locale === 'zh' ? formatChineseDateWeekdayTime(d) : formatDateTime(d, locale)
}

/** The SMS-ready invitation text (in Chinese: the residents' language), for a worker to copy. */
export function smsText(input: { org: string; name: string | null; topic: string; meeting: MeetingRow | undefined | null; url: string }) {
  const when = input.meeting ? `，时间：${beijingTime(input.meeting.startsAt)}${input.meeting.place ? `，地点：${input.meeting.place}` : ''}` : ''
  return `【${input.org}】${input.name ?? ''}您好！您被抽选为「${input.topic}」议事会议事员${when}。请打开链接回复是否参加：${input.url}`
}

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')
const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')

/** Fold lines longer than 75 octets, as the format requires. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8')
  if (bytes.length <= 75) return line
  const out: string[] = []
  let cur = ''
  for (const ch of line) {
    if (Buffer.byteLength(cur + ch, 'utf8') > (out.length ? 74 : 75)) {
      out.push(cur)
      cur = ''
    }
    cur += ch
  }
  out.push(cur)
  return out.join('\r\n ')
}

/** An .ics calendar file with one event. */
export function meetingIcs(input: { uid: string; title: string; start: Date; minutes: number; place: string | null; url: string; description: string }) {
  const end = new Date(input.start.getTime() + input.minutes * 60_000)
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Teahouse//Panel invitation//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${input.uid}`,
    `DTSTAMP:${stamp(new Date())}`,
    `DTSTART:${stamp(input.start)}`,
    `DTEND:${stamp(end)}`,
    `SUMMARY:${esc(input.title)}`,
    ...(input.place ? [`LOCATION:${esc(input.place)}`] : []),
    `DESCRIPTION:${esc(input.description)}`,
    `URL:${input.url}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return lines.map(fold).join('\r\n') + '\r\n'
}

// The panel draw form. Built from the pool's roles and attributes, so it lives on
// the server side of the route (the browser bundle has no db exports).
// A number out of range is told its range: "out of range" alone leaves the worker guessing.
const int = (min: number, max: number, outOfRange: string) =>
  z
    .number({ required_error: 'panel.error.number', invalid_type_error: 'panel.error.number' })
    .int('panel.error.number')
    .min(min, outOfRange)
    .max(max, outOfRange)
const bound = z
  .number({ invalid_type_error: 'panel.error.bound' })
  .int('panel.error.bound')
  .min(0, 'panel.error.bound')
  .max(200, 'panel.error.bound')
  .optional()
/** One quota: at least `min`, at most `max` seats for an attribute value (either may be left empty). */
const QuotaSchema = z
  .object({ min: bound, max: bound })
  .refine(q => q.min == null || q.max == null || q.min <= q.max, 'panel.error.quota')
  .optional()
const RoleSeatsSchema = z
  .object(
    Object.fromEntries(POOL_ROLES.map(r => [r, int(0, 60, 'panel.error.range.role').optional()])) as Record<
      (typeof POOL_ROLES)[number],
      z.ZodOptional<ReturnType<typeof int>>
    >,
  )
  .default({})
const QuotasSchema = z
  .object(
    Object.fromEntries(
      Object.entries(POOL_ATTRIBUTES).map(([attr, vals]) => [attr, z.object(Object.fromEntries(vals.map(v => [v, QuotaSchema]))).default({})]),
    ) as Record<keyof typeof POOL_ATTRIBUTES, z.ZodDefault<z.ZodObject<Record<string, typeof QuotaSchema>>>>,
  )
  .default({})
const DrawOptionsSchema = z.object({
  seats: int(1, 60, 'panel.error.range.seats'),
  alternates: int(0, 50, 'panel.error.range.alternates'),
  affectedMin: int(0, 200, 'panel.error.range.affected').optional(),
  now: z.string().datetime().optional(),
  role: RoleSeatsSchema,
  quota: QuotasSchema,
})
/** A preview draw, or saving the draw that was shown (`expected`: the member ids on screen). */
export const DrawSchema = z.discriminatedUnion('intent', [
  DrawOptionsSchema.extend({ intent: z.literal('draw') }),
  DrawOptionsSchema.extend({ intent: z.literal('save'), expected: z.string().default('') }),
])
export type DrawOptionsInput = z.infer<typeof DrawOptionsSchema>

// Route modules take the panel library through this server module: it pulls in the LP solver, which must stay out of the browser build.
export { reasonsFor } from '#panel/index'
