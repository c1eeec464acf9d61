// Shared by the intake doors (resident form, staff entry, Open311): reading
// multipart uploads with limits, validating complaint fields, storing photos,
// suggesting a category and similar complaints, and the live notification.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { unstable_parseMultipartFormData, type UploadHandler, type AppLoadContext } from '@remix-run/node'
import { z } from 'zod'
import type { Locale, MessageKey } from '#app/i18n/index'
import { userHasRole, type SessionUser } from '#app/utils/auth.server'
import { fromChinaTime } from '#app/utils/dates'
import { getEnv } from '#app/utils/env.server'
import { localCategoryName } from '#app/utils/labels.server'
import { isPlausiblePhone } from '#app/utils/phone'
import { createRateLimiter } from '#app/utils/request-rate.server'
import type { Db, DbOrTx } from '#db/client'
import { PII_ROLES, type Channel, COMPLAINT_MIN_LENGTH } from '#db/enums'
import type { Actor } from '#db/queries/audit'
import { LIMITS, filerOf, supportedBy, type ComplaintRow } from '#db/queries/complaints'
import { addComplaintAttachments, findSimilarComplaints, publicTopicsOfComplaints } from '#db/queries/intake'
import { getUnitTree } from '#db/queries/units'
import { isInquiry } from '#nlp/answers'
import { normalize } from '#nlp/normalize'
import { getPipeline } from './nlp.server'
import { problemReader, sameProblem, searchTerms } from './similar-reports.server'
import { IMAGE_EXT, MAX_COMPLAINT_PHOTOS, MAX_PHOTO_BYTES, sniffImage, type ImageType } from './uploads.server'

/** The complaint forms have some twenty fields; photos beyond the limit still count as parts. */
export const FORM_MAX_PARTS = 60

export type Photo = { name: string; type: ImageType; data: Buffer }
export type Problem = { key: MessageKey; params?: Record<string, string | number> }

/**
 * Read a form that may carry photos. Text fields always survive: an oversized
 * or wrong-type photo becomes a problem to show, not a thrown error that
 * would lose what the resident typed.
 */
export async function readIntakeForm(request: Request): Promise<{ form: FormData; photos: Photo[]; problems: Problem[] }> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.startsWith('multipart/form-data')) return { form: await request.formData(), photos: [], problems: [] }
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > MAX_COMPLAINT_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024) throw new Response('Payload too large', { status: 413 })
  const photos: Photo[] = []
  const problems: Problem[] = []
  let parts = 0
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (++parts > FORM_MAX_PARTS) throw new Response('Too many form parts', { status: 413 })
    if (!filename) {
      const chunks: Uint8Array[] = []
      let size = 0
      for await (const c of data) {
        size += c.length
        if (size <= 64 * 1024) chunks.push(c)
      }
      return Buffer.concat(chunks).toString('utf8')
    }
    const chunks: Uint8Array[] = []
    let size = 0
    for await (const c of data) {
      size += c.length
      if (size <= MAX_PHOTO_BYTES) chunks.push(c)
    }
    if (name !== 'photos' || size === 0) return undefined
    const shown = filename.slice(0, 80)
    if (photos.length >= MAX_COMPLAINT_PHOTOS) {
      if (!problems.some(p => p.key === 'intake.error.photoCount')) problems.push({ key: 'intake.error.photoCount' })
      return undefined
    }
    if (size > MAX_PHOTO_BYTES) {
      problems.push({ key: 'intake.error.photoSize', params: { name: shown } })
      return undefined
    }
    const buf = Buffer.concat(chunks)
    const sniffed = sniffImage(buf)
    if (!sniffed) {
      problems.push({ key: 'intake.error.photoType', params: { name: shown } })
      return undefined
    }
    photos.push({ name: shown, type: sniffed, data: buf })
    return undefined
  }
  const form = await unstable_parseMultipartFormData(request, handler)
  return { form, photos, problems }
}

/** Save photos under DATA_DIR/attachments/YYYY/MM with random names and record them (in the caller's transaction). */
export function storePhotos(db: DbOrTx, complaintId: number, photos: Photo[], actor: Actor) {
  if (!photos.length) return []
  const now = new Date()
  const rel = path.join('attachments', String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'))
  const dir = path.join(getEnv().DATA_DIR, rel)
  fs.mkdirSync(dir, { recursive: true })
  const files = photos.map(p => {
    const file = `${crypto.randomUUID()}.${IMAGE_EXT[p.type]}`
    fs.writeFileSync(path.join(dir, file), p.data)
    return { complaintId, storagePath: path.join(rel, file), mimeType: p.type, sizeBytes: p.data.length, originalName: p.name }
  })
  return addComplaintAttachments(db, files, actor)
}

/** Absolute path of a stored attachment, refusing anything outside DATA_DIR. */
export function attachmentFile(storagePath: string): string | null {
  const root = path.resolve(getEnv().DATA_DIR)
  const full = path.resolve(root, storagePath)
  return full.startsWith(root + path.sep) ? full : null
}

// ---------------------------------------------------------------------------
// Field validation (same rules for every door)
// ---------------------------------------------------------------------------

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

/** Texts whose errors name their own limits: `intake.error.tooLong.<field>` and `intake.error.tooShort.<field>`. */
type LimitedField = keyof typeof LIMITS

// Conform hands an empty input to zod as undefined: an empty text is ''.
const formText = () =>
  z
    .string()
    .default('')
    .transform(s => s.trim())

const text = (field: LimitedField, min = 0) =>
  formText().superRefine((s, ctx) => {
    if (min > 0 && s.length === 0) ctx.addIssue({ code: 'custom', message: 'intake.error.required' })
    else if (s.length > 0 && [...s].length < min) ctx.addIssue({ code: 'custom', message: `intake.error.tooShort.${field}` })
    if ([...s].length > LIMITS[field]) ctx.addIssue({ code: 'custom', message: `intake.error.tooLong.${field}` })
    if (CONTROL.test(s)) ctx.addIssue({ code: 'custom', message: 'intake.error.control' })
  })

const optionalNumber = (lo: number, hi: number) =>
  formText()
    .refine(s => s === '' || (Number.isFinite(Number(s)) && Number(s) >= lo && Number(s) <= hi), { message: 'intake.error.coords' })
    .transform(s => (s === '' ? null : Number(s)))

const communityField = formText()
  .refine(s => s === '' || /^\d+$/.test(s), { message: 'intake.error.community' })
  .transform(s => (s === '' ? null : Number(s)))

export const ComplaintFieldsSchema = z.object({
  community: communityField,
  placeText: text('place'),
  subject: text('subject', COMPLAINT_MIN_LENGTH.subject),
  body: text('body', COMPLAINT_MIN_LENGTH.body),
  complainantName: text('name'),
  complainantPhone: text('phone').refine(s => s === '' || isPlausiblePhone(s), { message: 'intake.error.phone' }),
  complainantAddress: text('address'),
  lat: optionalNumber(-90, 90),
  lng: optionalNumber(-180, 180),
})

/** The fields the resident form and staff entry share, as the complaint commands take them. */
export function complaintFieldsInput(v: z.output<typeof ComplaintFieldsSchema>) {
  return {
    communityId: v.community,
    placeText: v.placeText || null,
    subject: v.subject,
    body: v.body,
    lat: v.lat,
    lng: v.lng,
    complainantName: v.complainantName || null,
    complainantPhone: v.complainantPhone || null,
    complainantAddress: v.complainantAddress || null,
  }
}

export const StaffFieldsSchema = z.object({
  channel: z
    .string({ required_error: 'intake.error.channel' })
    .refine(s => (STAFF_CHANNELS as readonly string[]).includes(s), { message: 'intake.error.channel' })
    .transform(s => s as Channel),
  externalId: text('externalId'),
  receivedAt: formText()
    .refine(s => s === '' || parseLocalDateTime(s) !== undefined, { message: 'intake.error.time' })
    .transform(s => (s === '' ? undefined : parseLocalDateTime(s))),
})

/** Staff entry: the complaint and its channel, the community limited to those the worker serves. */
export function staffEntrySchema(communityIds: ReadonlySet<number>) {
  return ComplaintFieldsSchema.merge(StaffFieldsSchema).extend({
    community: communityField.refine(id => id == null || communityIds.has(id), { message: 'intake.error.community' }),
  })
}

/** A `datetime-local` value in Beijing time, within 1990..now+1h. */
export function parseLocalDateTime(s: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(s)) return undefined
  const d = fromChinaTime(s)
  if (!d || d.getTime() < Date.UTC(1990, 0, 1) || d.getTime() > Date.now() + 3600_000) return undefined
  return d
}

// ---------------------------------------------------------------------------
// Suggestions while typing
// ---------------------------------------------------------------------------

export type Suggestion = {
  category: string | null
  /** Where the similar reports were looked for: the chosen community, or every community when none was chosen. */
  scope: 'community' | 'anywhere'
  similar: {
    trackingCode: string
    subject: string
    placeText: string | null
    /** The community the report is about, named when reports from every community are shown. */
    community: { nameZh: string; nameEn: string } | null
    status: string
    supportersCount: number
    receivedAt: string
    sameCount: number
    /** The public topic these reports were gathered into: the resident can follow it rather than report again. */
    topic: { id: number; title: string } | null
    /** The signed-in resident has already said "me too" to it. */
    supported: boolean
    /** The signed-in resident filed it (or one of the reports it stands for): shown as theirs, without "me too". */
    own: boolean
  }[]
}

/**
 * Suggestions run the classifier and a similarity search for anonymous
 * visitors: limited per client address. Typing is debounced (400 ms), so a
 * person stays far below this; a script does not.
 */
export const suggestLimiter = createRateLimiter({ perMinute: 60, burst: 30 })

/**
 * Category from the classifier and open complaints about the same problem, in
 * the chosen community (or in any, when none is chosen): the best five, each
 * near-identical group as one.
 */
export function suggestFor(
  db: Db,
  input: { subject: string; body: string; placeText?: string; communityId?: number | null; locale?: Locale; userId?: number | null },
): Suggestion {
  const scope = input.communityId ? 'community' : 'anywhere'
  const all = `${input.subject} ${input.placeText ?? ''} ${input.body}`.trim()
  if ([...all].length < 2) return { category: null, scope, similar: [] }
  const pipeline = getPipeline(db)
  const cls = pipeline.classifier.classify({ subject: input.subject.slice(0, 200), text: `${input.placeText ?? ''} ${input.body}`.slice(0, 2000) })
  const problemOf = problemReader(db)
  const typed = problemOf({ subject: input.subject.slice(0, 200), placeText: input.placeText, body: input.body })
  const filer = input.userId ? filerOf(db, input.userId) : null
  // Fetch more than are shown: near-identical reports collapse into one row.
  const found = findSimilarComplaints(db, {
    terms: searchTerms(db, all, typed),
    judge: c => sameProblem(typed, problemOf(c, true)),
    communityId: input.communityId,
    filer,
    limit: 40,
  })
  const topicOf = publicTopicsOfComplaints(
    db,
    found.map(f => f.id),
  )
  const similar = groupNearIdentical(found.map(f => ({ ...f, topic: topicOf.get(f.id) ?? null }))).slice(0, 5)
  const mine = input.userId
    ? supportedBy(
        db,
        similar.map(s => s.id),
        supporterKeyFor(input.userId),
      )
    : new Set<number>()
  const units = getUnitTree(db).byId
  return {
    category: cls.path.length ? cls.path.map(localCategoryName(db, input.locale ?? 'zh')).join(' / ') : null,
    scope,
    similar: similar.map(s => {
      const community = s.communityId != null ? units.get(s.communityId) : undefined
      return {
        trackingCode: s.trackingCode,
        subject: s.subject,
        placeText: s.placeText,
        community: community ? { nameZh: community.nameZh, nameEn: community.nameEn } : null,
        status: s.status,
        supportersCount: s.supportersCount,
        receivedAt: s.receivedAt.toISOString(),
        sameCount: s.sameCount,
        topic: s.topic,
        supported: mine.has(s.id),
        own: s.own,
      }
    }),
  }
}

/** Subject or place reduced to what tells reports apart: no spacing, punctuation or letter case. */
function sameIssueKey(text: string | null) {
  return normalize(text ?? '').replace(/[\s\p{P}\p{S}]+/gu, '')
}

/**
 * Collapse reports with the same subject at the same place, or gathered into
 * the same topic, into one entry, in the order of the best match. The entry
 * stands for the resident's own report when the group holds one (the issue is
 * theirs already), else for the group's oldest report (the one "me too"
 * supports), and counts how many reports the group holds.
 */
export function groupNearIdentical<T extends { subject: string; placeText: string | null; receivedAt: Date; topic?: { id: number } | null; own?: boolean }>(
  rows: T[],
): (T & { sameCount: number })[] {
  const groups = new Map<string, T[]>()
  for (const r of rows) {
    const key = r.topic ? `topic:${r.topic.id}` : `${sameIssueKey(r.subject)}|${sameIssueKey(r.placeText)}`
    const group = groups.get(key)
    if (group) group.push(r)
    else groups.set(key, [r])
  }
  return [...groups.values()].map(group => {
    const oldest = group.reduce((a, b) => (b.receivedAt.getTime() < a.receivedAt.getTime() ? b : a))
    return { ...(group.find(r => r.own) ?? oldest), sameCount: group.length }
  })
}

/**
 * Whether the staff reply form offers to resolve the report too: null once it is settled;
 * ticked for a question, which the reply answers, and not for a problem in a topic or one
 * that needs work after the reply.
 */
export function resolveOnReplyOffer(c: Pick<ComplaintRow, 'status' | 'subject' | 'body'>): boolean | null {
  if (c.status === 'resolved' || c.status === 'closed') return null
  return c.status !== 'in_topic' && isInquiry(c.subject, c.body)
}

/** Tell the staff of the complaint's unit (and the units above) that it arrived. */
export function notifyCreated(context: AppLoadContext | undefined, db: Db, c: Pick<ComplaintRow, 'id' | 'unitId' | 'channel' | 'subject' | 'receivedAt'>) {
  context?.notify?.toUnit(db, c.unitId, 'complaint:created', {
    id: c.id,
    unitId: c.unitId,
    channel: c.channel,
    subject: c.subject.slice(0, 120),
    receivedAt: c.receivedAt.toISOString(),
  })
}

export const STAFF_CHANNELS: Channel[] = ['hotline', 'mailbox', 'petition', 'grid', 'online', 'web']

/** Supporter identity for "me too": the account (anonymous support is not counted). */
export function supporterKeyFor(userId: number) {
  return `user:${userId}`
}

/**
 * Whether a user may open a complaint: only the community's workers and the
 * street or admin staff above it ('full'). Departments, facilitators and
 * supervisors work from what staff wrote on work orders, agendas and
 * decisions, never from the complaint: it names the complainant, and a
 * petition may be about the very unit reading it.
 */
export function complaintAccess(user: SessionUser | null, c: Pick<ComplaintRow, 'unitId'>): 'full' | null {
  if (!user) return null
  return userHasRole(user, PII_ROLES, c.unitId) ? 'full' : null
}
