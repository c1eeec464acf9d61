// The reply library: official replies become answered questions, a worker
// approves what is published, residents say whether an answer helped.
import { and, desc, eq, gte, inArray, lte, ne, or, sql } from 'drizzle-orm'
import {
  escapeRe,
  findPersonalData,
  introducedNames,
  looksPersonal,
  officeNumbers,
  scrubPersonalData,
  type KnownPersonalData,
  type PersonalDataKind,
} from '../../nlp/scrub'
import type { Db, DbOrTx } from '../client'
import { DomainError } from '../errors'
import { answerVotes, answers, auditEvents, complaints, roleAssignments } from '../schema/index'
import { writeAudit, type Actor } from './audit'

export type Answer = typeof answers.$inferSelect

/** Columns safe to show anyone: scrubbed texts, dates, category, community, counts. */
export const publicAnswerColumns = {
  id: answers.id,
  kind: answers.kind,
  publicQuestion: answers.publicQuestion,
  publicText: answers.publicText,
  publicReply: answers.publicReply,
  repliedAt: answers.repliedAt,
  publishedAt: answers.publishedAt,
  categoryPath: answers.categoryPath,
  communityId: answers.communityId,
  sourceIds: answers.sourceIds,
  views: answers.views,
  helpful: answers.helpful,
  notHelpful: answers.notHelpful,
  confirmedAt: answers.confirmedAt,
  revisedAt: answers.revisedAt,
}
export type PublicAnswer = { [K in keyof typeof publicAnswerColumns]: Answer[K] }

const MAX_REPLY = 20_000
const MAX_NOTE = 2000

/**
 * Record a complaint's official reply (written by staff or imported) as an
 * answered question awaiting review. The question and reply are scrubbed of
 * the complainant's own name, phone and address and of anything that looks
 * personal (an office's number the reply gives stays: see `scrubPublic`). A
 * petition's reply is kept `private`: it is never published. A new reply to a
 * complaint whose reply is not published sends it back to review; to one whose
 * reply is published, it waits for review beside it (`updateStatus`), the
 * published version staying online at its address until the update is
 * published in its place. So does one to a withdrawn reply: its address keeps
 * saying it was withdrawn until the update is published there.
 */
export function recordComplaintReply(db: Db, input: { complaintId: number; reply: string; repliedAt?: Date }, actor: Actor): Answer {
  const reply = input.reply.trim().slice(0, MAX_REPLY)
  if (!reply) throw new DomainError('invalid', 'answers.error.empty')
  return db.transaction(tx => {
    const c = tx.select().from(complaints).where(eq(complaints.id, input.complaintId)).get()
    if (!c) throw new DomainError('not-found', 'answers.error.notFound')
    const record = recordOf(c, reply)
    const repliedAt = input.repliedAt ?? new Date()
    const before = tx
      .select({ id: answers.id, status: answers.status, reply: answers.reply, updateStatus: answers.updateStatus })
      .from(answers)
      .where(eq(answers.complaintId, c.id))
      .get()
    if ((before?.status === 'published' || before?.status === 'withdrawn') && c.channel !== 'petition') {
      // Saved again as published (or as withdrawn), there is nothing new to review.
      const update =
        reply === before.reply
          ? NO_UPDATE
          : {
              updateStatus: 'pending' as const,
              updateReply: reply,
              updatePublicReply: scrubPublic(reply, 'publicReply', record).text,
              updateRepliedAt: repliedAt,
            }
      const row = tx.update(answers).set(update).where(eq(answers.id, before.id)).returning().get()
      writeAudit(
        tx,
        actor,
        'answer.reply_recorded',
        { type: 'answer', id: row.id },
        { before: { status: before.status, update: before.updateStatus }, after: { complaintId: c.id, status: row.status, update: row.updateStatus } },
      )
      return row
    }
    const values = {
      kind: 'reply' as const,
      complaintId: c.id,
      reply,
      repliedAt,
      status: c.channel === 'petition' ? ('private' as const) : ('pending' as const),
      publicQuestion: scrubPublic(c.subject, 'publicQuestion', record).text,
      publicText: scrubPublic(c.body, 'publicText', record).text,
      publicReply: scrubPublic(reply, 'publicReply', record).text,
      categoryPath: c.categoryPath,
      communityId: c.communityId,
      reviewedById: null,
      reviewedAt: null,
      publishedAt: null,
      withdrawnAt: null,
      withdrawnById: null,
      withdrawnReason: null,
      withdrawnNote: null,
      ...NO_UPDATE,
    }
    const row = before ? tx.update(answers).set(values).where(eq(answers.id, before.id)).returning().get() : tx.insert(answers).values(values).returning().get()
    writeAudit(
      tx,
      actor,
      'answer.reply_recorded',
      { type: 'answer', id: row.id },
      { before: before ? { status: before.status, update: before.updateStatus } : null, after: { complaintId: c.id, status: row.status } },
    )
    return row
  })
}

const NO_UPDATE = { updateStatus: null, updateReply: null, updatePublicReply: null, updateRepliedAt: null }

/** The public texts of an answer: the resident's question and words, and the reply. */
export type PublicField = 'publicQuestion' | 'publicText' | 'publicReply'
const PUBLIC_FIELDS: PublicField[] = ['publicQuestion', 'publicText', 'publicReply']

/** What the public texts of a complaint's answer must leave out: its people, and the numbers that are the complainant's own. */
type ComplaintRecord = { known: KnownPersonalData; ownPhones: Set<string> }

function recordOf(c: typeof complaints.$inferSelect, reply: string): ComplaintRecord {
  // A number the resident's message gives as an office's (预约电话… 打不通) is not theirs; any other it gives is.
  const own = [c.complainantPhone ?? '', ...[c.subject, c.body].flatMap(text => phonesNotOffices(text))]
  return { known: knownPersonalData(c, reply), ownPhones: new Set(own.map(digitsOf).filter(d => d.length >= 7)) }
}

const NO_RECORD: ComplaintRecord = { known: {}, ownPhones: new Set() }

const phonesNotOffices = (text: string) => {
  const offices = new Set(officeNumbers(text).map(digitsOf))
  return findPersonalData(text)
    .filter(f => f.kind === 'phone' && !offices.has(digitsOf(f.text)))
    .map(f => f.text)
}

/** Digits only: phone numbers compared whatever their spaces, dashes and brackets. */
const digitsOf = (s: string) => s.replace(/[^0-9]/g, '')

/** Whether a number is one of the complainant's, also written with or without its area code. */
const isOwnPhone = (number: string, record: ComplaintRecord) => {
  const d = digitsOf(number)
  return [...record.ownPhones].some(own => own.endsWith(d) || d.endsWith(own))
}

/**
 * One public text as scrubbing leaves it, and the kinds of personal data it
 * took out (none: the text is publishable as it stands). In the reply, a
 * landline the reply presents as an office's or a service's (预约电话…,
 * 服务热线…, see `officeNumbers`) stays, unless it is the complainant's own:
 * it is what residents need to call. The question and the resident's words
 * are theirs, where an "office" may be their own workplace: every phone goes.
 * A mobile is never an office's.
 */
function scrubPublic(text: string, field: PublicField, record: ComplaintRecord): { text: string; found: PersonalDataKind[] } {
  const offices = field === 'publicReply' ? [...new Set(officeNumbers(text))].filter(n => !isOwnPhone(n, record)) : []
  // Each number kept waits behind a mark that no pattern takes for personal data, then comes back as written.
  const marks = offices.sort((a, b) => b.length - a.length).map((number, i) => ({ number, mark: `\uE000${String.fromCharCode(0xe001 + i)}\uE000` }))
  let guarded = text
  for (const { number, mark } of marks) guarded = guarded.replace(new RegExp(`(?<![0-9])${escapeRe(number)}(?![0-9])`, 'g'), () => mark)
  const scrubbed = scrubPersonalData(guarded, record.known)
  const found = Object.keys(scrubbed.removed) as PersonalDataKind[]
  // The last check: a phone or ID number written in a way the patterns do not take for one.
  if (!found.length && stillPersonal(scrubbed.text)) found.push(leftKind(scrubbed.text))
  let out = scrubbed.text
  for (const { number, mark } of marks) out = out.replaceAll(mark, () => number)
  return { text: out, found }
}

/** What `stillPersonal` saw: a mobile, an ID number, or else a chat account. */
function leftKind(text: string): PersonalDataKind {
  const joined = text.replace(/(?<=[0-9])[\s-]+(?=[0-9Xx])/g, '')
  if (/(?<![0-9])1[3-9][0-9]{9}(?![0-9])/.test(joined)) return 'phone'
  return /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/.test(joined) ? 'idNumber' : 'account'
}

/**
 * The people a complaint and its reply name, to take out of every public text:
 * the complainant's own name, phone and address, and each name, phone and
 * address found in the message or the reply. A name caught where the patterns
 * see it (隔壁李建国家的车) goes wherever else it is written (车主李建国), and
 * the reply often greets the resident by the name they gave in the message.
 */
function knownPersonalData(c: typeof complaints.$inferSelect, reply: string): KnownPersonalData {
  const found = [c.subject, c.body, reply].flatMap(text => findPersonalData(text))
  const of = (kind: 'name' | 'phone' | 'address') => found.filter(f => f.kind === kind).map(f => f.text)
  // Longest first, so that a longer form is not left half replaced by a shorter one.
  const longestFirst = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v?.trim()))].sort((a, b) => b.length - a.length)
  return {
    names: longestFirst([c.complainantName, ...introducedNames(`${c.subject}\n${c.body}`), ...of('name').map(bareName)]),
    phones: longestFirst([c.complainantPhone, ...of('phone')]),
    addresses: longestFirst([c.complainantAddress, ...of('address')]),
  }
}

/** A name as found, without the form of address it came with (张伟先生 → 张伟); a surname alone (王先生) is left to the patterns. */
const bareName = (name: string) => name.replace(/(?:先生|女士|小姐|师傅|阿姨|大爷|奶奶|爷爷|同志)$/u, '')

/**
 * An answered complaint's category, once it is classified after the reply or a
 * worker corrects it: the reply in the library is found under the same category.
 * Runs inside the caller's transaction.
 */
export function followComplaintCategory(tx: DbOrTx, complaintId: number, categoryPath: string[] | null) {
  tx.update(answers).set({ categoryPath, updatedAt: new Date() }).where(eq(answers.complaintId, complaintId)).run()
}

/**
 * A worker's decision on an answer: publish it with the (edited) public texts,
 * or reject it. Nothing is published other than as the worker approved it: a
 * text that scrubbing would still change (personal data typed back, an office's
 * number aside, see `scrubPublic`) is refused, naming the field and what kind
 * of data is in it, as is a petition. A published answer's update (a newer
 * reply, see `recordComplaintReply`) replaces it in place when published, at
 * the same address, the answer page saying when it was updated; rejected, the
 * published version stays. A withdrawn answer's update, published, brings the
 * answer back at its address; rejected, the answer stays withdrawn.
 */
export function reviewAnswer(
  db: Db,
  input: { answerId: number; decision: 'publish' | 'reject'; publicQuestion?: string; publicText?: string; publicReply?: string },
  actor: Actor,
): Answer {
  return db.transaction(tx => {
    const a = tx.select().from(answers).where(eq(answers.id, input.answerId)).get()
    if (!a) throw new DomainError('not-found', 'answers.error.notFound')
    if (a.status === 'private') throw new DomainError('invalid', 'answers.error.petition')
    const update = isUpdate(a)
    const now = new Date()
    const reviewer = { reviewedById: actor.kind === 'user' ? actor.id : null, reviewedAt: now }
    const publicTexts = (x: Pick<Answer, PublicField>) => ({ question: x.publicQuestion, text: x.publicText, reply: x.publicReply })
    if (input.decision === 'reject') {
      // Rejecting an update keeps the published version online; the complainant still reads the newer reply.
      const row = update
        ? tx.update(answers).set({ updateStatus: 'rejected' }).where(eq(answers.id, a.id)).returning().get()
        : tx
            .update(answers)
            .set({ status: 'rejected', ...reviewer, publishedAt: null })
            .where(eq(answers.id, a.id))
            .returning()
            .get()
      writeAudit(
        tx,
        actor,
        'answer.rejected',
        { type: 'answer', id: a.id },
        { before: { status: a.status, update: a.updateStatus }, after: { status: row.status, update: row.updateStatus } },
      )
      return row
    }
    const { texts, found } = reviewedTexts(tx, a, input)
    if (!texts.publicQuestion || !texts.publicReply) throw new DomainError('invalid', 'answers.error.empty')
    refuseFound(found)
    const revised = update && PUBLIC_FIELDS.some(k => texts[k] !== a[k])
    const set: Partial<Answer> = update
      ? {
          ...texts,
          reply: a.updateReply!,
          // The answer keeps the day it was first replied to; the page dates the update by `revisedAt`. The newer reply's own day stays for its complainant.
          ...NO_UPDATE,
          updateRepliedAt: a.updateRepliedAt,
          ...reviewer,
          ...(revised ? { revisedAt: now } : {}),
          ...(a.status === 'withdrawn' ? NOT_WITHDRAWN : {}),
        }
      : { ...texts, status: 'published', ...reviewer, publishedAt: a.publishedAt ?? now }
    const row = tx.update(answers).set(set).where(eq(answers.id, a.id)).returning().get()
    writeAudit(
      tx,
      actor,
      'answer.published',
      { type: 'answer', id: a.id },
      update
        ? { before: { status: a.status, update: a.updateStatus, ...publicTexts(a) }, after: { status: row.status, update: 'published', ...publicTexts(row) } }
        : { before: { status: a.status }, after: { status: row.status } },
    )
    return row
  })
}

/** A published (or withdrawn) answer whose complaint's newer reply awaits review. */
const isUpdate = (a: Pick<Answer, 'status' | 'updateStatus'>) => (a.status === 'published' || a.status === 'withdrawn') && a.updateStatus === 'pending'

/** Back in the library: published, nothing kept of its withdrawal but the audit row. */
const NOT_WITHDRAWN = { status: 'published', withdrawnAt: null, withdrawnById: null, withdrawnReason: null, withdrawnNote: null } as const

/** Whether the answer's public texts were changed in place by its last review (an update published): followers are told of it. */
export const revisedByLastReview = (a: Answer) => !!a.revisedAt && a.revisedAt.getTime() === a.reviewedAt?.getTime()

type ReviewTexts = { publicQuestion?: string; publicText?: string; publicReply?: string }

/**
 * The texts a review would publish (those the worker sent, the others as
 * shown on the review page), and per field the kinds of personal data
 * scrubbing still finds in them.
 */
function reviewedTexts(tx: DbOrTx, a: Answer, input: ReviewTexts) {
  // The record's people, from the reply under review: a worker may paste it back as sent.
  const c = a.complaintId ? tx.select().from(complaints).where(eq(complaints.id, a.complaintId)).get() : undefined
  const record = c ? recordOf(c, isUpdate(a) ? a.updateReply! : a.reply) : NO_RECORD
  const shown = { publicQuestion: a.publicQuestion, publicText: a.publicText, publicReply: isUpdate(a) ? a.updatePublicReply! : a.publicReply }
  const texts = Object.fromEntries(PUBLIC_FIELDS.map(k => [k, (input[k] ?? shown[k]).trim()])) as Record<PublicField, string>
  return { texts, found: personalDataIn(texts, record) }
}

/** Per field, the kinds of personal data scrubbing still finds in these public texts (see `scrubPublic`); none: publishable as they stand. */
function personalDataIn<F extends string>(texts: Record<F, string>, record: ComplaintRecord, as: (field: F) => PublicField = f => f as PublicField) {
  const found: Partial<Record<F, FoundKind[]>> = {}
  for (const [field, text] of Object.entries(texts) as [F, string][]) {
    const kinds = withMobiles(scrubPublic(text, as(field), record).found, text, t => scrubPublic(t, as(field), record).found)
    if (kinds.length) found[field] = kinds
  }
  return found
}

/** What a worker is told of personal data: its kind, a mobile told apart from a landline (a mobile is personal, never an office's number). */
export type FoundKind = PersonalDataKind | 'mobile'

const MOBILE = /(?<![0-9])(?:\+?86[-\s]?)?1[3-9][0-9](?:[-\s]?[0-9]{4}){2}(?![0-9])/gu

/**
 * A phone found is a mobile when the text holds one: `mobile` in its place,
 * and `phone` as well only when a landline is refused too (found with the
 * mobiles taken out), so a mobile is not met with the advice to label a landline.
 */
function withMobiles(kinds: PersonalDataKind[], text: string, find: (text: string) => PersonalDataKind[]): FoundKind[] {
  if (!kinds.includes('phone') || !text.match(MOBILE)) return kinds
  const landline = find(text.replace(MOBILE, ' ')).includes('phone')
  return kinds.flatMap(k => (k === 'phone' ? (landline ? ['mobile' as const, 'phone' as const] : ['mobile' as const]) : [k]))
}

/** Refuses a publication over the first personal data found, naming its field and kind (the forms say all of it at once beforehand). */
function refuseFound(found: Partial<Record<string, FoundKind[]>>) {
  const [field, kinds] = Object.entries(found)[0] ?? []
  if (field && kinds?.length) throw new DomainError('invalid', `answers.error.found.${kinds[0]}`, { field })
}

/**
 * What publishing these texts would be refused for: per field, the kinds of
 * personal data still in it (null when none, or the answer is not there).
 * For the review form, to say beside each field everything found at once.
 */
export function personalDataInReview(db: DbOrTx, input: { answerId: number } & ReviewTexts): Partial<Record<PublicField, FoundKind[]>> | null {
  const a = db.select().from(answers).where(eq(answers.id, input.answerId)).get()
  if (!a || a.status === 'private') return null
  const { found } = reviewedTexts(db, a, input)
  return Object.keys(found).length ? found : null
}

/**
 * A worker withdraws a published answer that has turned out wrong: it leaves
 * the library (search, suggestions, FAQ sources), and its address says only
 * that it was withdrawn and when. A reason is required: one chosen from the
 * list (`other` needs the worker's words) or the worker's own words alone;
 * it is kept for staff with the audit row. The texts stay, to publish again.
 */
export function withdrawAnswer(db: Db, input: { answerId: number; reason: string | null; note?: string | null }, actor: Actor): Answer {
  const reason = input.reason?.trim() || null
  const note = input.note?.trim().slice(0, MAX_NOTE) || null
  if (!reason && !note) throw new DomainError('invalid', 'answers.withdraw.error.reason', { field: 'reason' })
  if (reason === 'other' && !note) throw new DomainError('invalid', 'answers.withdraw.error.note', { field: 'note' })
  return db.transaction(tx => {
    const a = tx
      .select()
      .from(answers)
      .where(and(eq(answers.id, input.answerId), eq(answers.status, 'published')))
      .get()
    if (!a) throw new DomainError('not-found', 'answers.error.notFound')
    const now = new Date()
    const withdrawn = { reason: reason ?? 'other', note }
    const row = tx
      .update(answers)
      .set({
        status: 'withdrawn',
        withdrawnAt: now,
        withdrawnById: actor.kind === 'user' ? actor.id : null,
        withdrawnReason: withdrawn.reason,
        withdrawnNote: withdrawn.note,
      })
      .where(eq(answers.id, a.id))
      .returning()
      .get()
    writeAudit(tx, actor, 'answer.withdrawn', { type: 'answer', id: a.id }, { before: { status: a.status }, after: { status: row.status, ...withdrawn } })
    return row
  })
}

/**
 * A worker publishes a withdrawn answer again, as it was (same number, same
 * address): it is back in the library. An FAQ entry whose question (or
 * replies) another entry has taken meanwhile is refused, as on publishing.
 */
export function republishAnswer(db: Db, input: { answerId: number }, actor: Actor): Answer {
  return db.transaction(tx => {
    const a = tx
      .select()
      .from(answers)
      .where(and(eq(answers.id, input.answerId), eq(answers.status, 'withdrawn')))
      .get()
    if (!a) throw new DomainError('not-found', 'answers.error.notFound')
    if (a.kind === 'faq') refuseTwin(tx, a.publicQuestion, a.id, a.sourceIds ?? [])
    const now = new Date()
    const row = tx
      .update(answers)
      .set({
        status: 'published',
        reviewedAt: now,
        reviewedById: actor.kind === 'user' ? actor.id : null,
        withdrawnAt: null,
        withdrawnById: null,
        withdrawnReason: null,
        withdrawnNote: null,
      })
      .where(eq(answers.id, a.id))
      .returning()
      .get()
    writeAudit(
      tx,
      actor,
      'answer.republished',
      { type: 'answer', id: a.id },
      { before: { status: a.status, withdrawnAt: a.withdrawnAt, reason: a.withdrawnReason, note: a.withdrawnNote }, after: { status: row.status } },
    )
    return row
  })
}

/**
 * Staff write an FAQ entry (usually from a group of similar questions, with the
 * answers it draws on) and publish it at once: the author is the reviewer. It
 * is published exactly as written; personal data in it refuses it, naming the
 * field and the kind (`faqTexts`), as does another published entry asking the
 * same question, built from all of its replies, or (unless the worker
 * confirmed it is another question) answering it in the library's judgement
 * (`refuseTwin`).
 */
export function publishFaqEntry(db: Db, input: FaqEntryInput, actor: Actor): Answer {
  return db.transaction(tx => {
    const { question, reply } = faqTexts(input)
    // A second click or a form sent again would publish the same entry twice: one question, one entry.
    const publishedBeside = refuseTwin(tx, question, undefined, input.sourceIds, input)
    const categoryPath = input.categoryPath?.length ? input.categoryPath : null
    const now = new Date()
    const row = tx
      .insert(answers)
      .values({
        kind: 'faq',
        reply,
        repliedAt: now,
        status: 'published',
        publicQuestion: question,
        publicText: '',
        publicReply: reply,
        categoryPath,
        sourceIds: input.sourceIds,
        reviewedById: actor.kind === 'user' ? actor.id : null,
        reviewedAt: now,
        publishedAt: now,
      })
      .returning()
      .get()
    writeAudit(
      tx,
      actor,
      'answer.faq_published',
      { type: 'answer', id: row.id },
      { after: { sourceIds: input.sourceIds, categoryPath, ...(publishedBeside.length ? { publishedBeside } : {}) } },
    )
    return row
  })
}

/**
 * A worker confirms that a published FAQ entry is still right: its review flags
 * count from now (a reply published later, its sources a year older than now).
 * A source no longer published is no longer one it relies on. Nothing public
 * changes.
 */
export function confirmFaqEntry(db: Db, input: { answerId: number }, actor: Actor): Answer {
  return db.transaction(tx => {
    const a = publishedFaq(tx, input.answerId)
    const now = new Date()
    const sourceIds = stillPublished(tx, a.sourceIds ?? [])
    const row = tx
      .update(answers)
      .set({ sourceIds, confirmedAt: now, reviewedAt: now, reviewedById: actor.kind === 'user' ? actor.id : null })
      .where(eq(answers.id, a.id))
      .returning()
      .get()
    writeAudit(
      tx,
      actor,
      'answer.faq_confirmed',
      { type: 'answer', id: a.id },
      { before: { confirmedAt: a.confirmedAt, sourceIds: a.sourceIds }, after: { confirmedAt: now, sourceIds } },
    )
    return row
  })
}

/**
 * A worker corrects a published FAQ entry in place: its question and answer
 * (checked as on publishing: personal data refuses it, and a question asked
 * anew that another entry of `answeredBy` answers, until confirmed), with
 * replies added to its sources.
 * It keeps its number, so its public address; like a confirmation, its review
 * flags count from now. `revised`: the public texts changed (the answer page
 * says when).
 */
export function updateFaqEntry(
  db: Db,
  input: { answerId: number; question: string; reply: string; addSourceIds?: number[] } & Pick<FaqEntryInput, 'answeredBy' | 'confirmedNew'>,
  actor: Actor,
): { answer: Answer; revised: boolean } {
  return db.transaction(tx => {
    const a = publishedFaq(tx, input.answerId)
    const { question, reply } = faqTexts(input)
    const publishedBeside = refuseTwinOfEntry(tx, a, question, { ...input, on: 'update' })
    const kept = stillPublished(tx, a.sourceIds ?? [])
    const added = [...new Set(input.addSourceIds ?? [])].filter(id => !kept.includes(id))
    // An entry draws on published replies; one withdrawn since the page was opened is not added.
    const replies = added.length
      ? tx
          .select({ id: answers.id })
          .from(answers)
          .where(and(inArray(answers.id, added), eq(answers.kind, 'reply'), eq(answers.status, 'published')))
          .all()
      : []
    if (replies.length < added.length) throw new DomainError('invalid', 'answers.faq.sourceGone')
    const sourceIds = [...kept, ...added]
    const revised = question !== a.publicQuestion || reply !== a.publicReply
    const now = new Date()
    const row = tx
      .update(answers)
      .set({
        publicQuestion: question,
        publicReply: reply,
        reply,
        sourceIds,
        confirmedAt: now,
        reviewedAt: now,
        reviewedById: actor.kind === 'user' ? actor.id : null,
        ...(revised ? { revisedAt: now } : {}),
      })
      .where(eq(answers.id, a.id))
      .returning()
      .get()
    writeAudit(
      tx,
      actor,
      'answer.faq_updated',
      { type: 'answer', id: a.id },
      {
        before: { question: a.publicQuestion, reply: a.publicReply, sourceIds: a.sourceIds },
        after: { question, reply, sourceIds, ...(publishedBeside.length ? { publishedBeside } : {}) },
      },
    )
    return { answer: row, revised }
  })
}

type FaqTexts = { question: string; reply: string }

/**
 * An FAQ entry's question and answer exactly as the worker approved them:
 * refused when empty or holding personal data, checked as a reply is on review
 * (its answer may give an office's number, its question none).
 */
function faqTexts(input: FaqTexts) {
  const texts = asApproved(input)
  if (!texts.question || !texts.reply) throw new DomainError('invalid', 'answers.error.empty')
  refuseFound(faqPersonalData(texts))
  return texts
}

const asApproved = (input: FaqTexts) => ({ question: input.question.trim(), reply: input.reply.trim().slice(0, MAX_REPLY) })

const faqPersonalData = (texts: FaqTexts) => personalDataIn(texts, NO_RECORD, field => (field === 'question' ? 'publicQuestion' : 'publicReply'))

/**
 * What publishing or correcting an FAQ entry with these texts would be refused
 * for: per field (`question`, `reply`), the kinds of personal data in it (null
 * when none). For the forms, to say beside each field everything found at once.
 */
export function personalDataInFaq(input: FaqTexts): Partial<Record<keyof FaqTexts, FoundKind[]>> | null {
  const found = faqPersonalData(asApproved(input))
  return Object.keys(found).length ? found : null
}

/**
 * The last check before publishing: a phone or ID number left in the text,
 * also when written in groups (330102 19900101 1234, 3301-0219-…), which the
 * scrubbing does not take for one.
 */
const stillPersonal = (text: string) => looksPersonal(text) || looksPersonal(text.replace(/(?<=[0-9])[\s-]+(?=[0-9Xx])/g, ''))

export type FaqEntryInput = {
  question: string
  reply: string
  sourceIds: number[]
  categoryPath?: string[] | null
  /** Published FAQ entries the library judges to answer the question already, most likely first (the search lives above this layer). */
  answeredBy?: number[]
  /** Those of them the worker confirmed the entry is published beside, as another question. */
  confirmedNew?: number[]
}

/**
 * One question, one entry: refused when another published entry (not
 * `exceptId`) asks the same question, or is built from every one of
 * `sourceIds` (an entry on the same replies answers the same question, however
 * it is worded), or is one of `answeredBy` the worker has not confirmed (a
 * reworded question without sources would otherwise pass). The refusal names
 * that entry by its question and number, for the form to link it and suggest
 * updating it instead. Returns the entries of `answeredBy` it is published
 * beside, as confirmed.
 */
// How each refusal beside a published entry is worded: publishing says nothing was published, updating that the update was not
// saved, a check while drafting only what stands in the way (nothing was being published).
const TWIN_REFUSALS = {
  publish: { duplicate: 'answers.faq.duplicate', sameSources: 'answers.faq.sameSources', answered: 'answers.faq.alreadyAnswered' },
  update: { duplicate: 'answers.faq.duplicate', sameSources: 'answers.faq.sameSources', answered: 'answers.entry.alreadyAnswered' },
  check: { duplicate: 'answers.check.duplicate', sameSources: 'answers.check.sameSources', answered: 'answers.check.alreadyAnswered' },
} as const

function refuseTwin(
  tx: DbOrTx,
  question: string,
  exceptId?: number,
  sourceIds: number[] = [],
  judged: Pick<FaqEntryInput, 'answeredBy' | 'confirmedNew'> & { on?: keyof typeof TWIN_REFUSALS } = {},
) {
  const refusal = TWIN_REFUSALS[judged.on ?? 'publish']
  const same = sameQuestion(question)
  const others = publishedFaqEntries(tx).filter(a => a.id !== exceptId)
  const twin = others.find(a => sameQuestion(a.publicQuestion) === same)
  if (twin) throw new DomainError('conflict', refusal.duplicate, { params: { id: twin.id, question: twin.publicQuestion }, field: 'question' })
  const drawnOn = faqBuiltFrom(others, sourceIds)
  if (drawnOn) throw new DomainError('conflict', refusal.sameSources, { params: { id: drawnOn.id, question: drawnOn.publicQuestion } })
  // Judged before the transaction: only entries still published count.
  const answering = (judged.answeredBy ?? []).flatMap(id => others.filter(a => a.id === id))
  const unconfirmed = answering.find(a => !judged.confirmedNew?.includes(a.id))
  if (unconfirmed) throw new DomainError('conflict', refusal.answered, { params: { id: unconfirmed.id, question: unconfirmed.publicQuestion } })
  return answering.map(a => a.id)
}

/**
 * What publishing an FAQ entry on this question and these sources would be
 * refused for beside the published entries (see `refuseTwin`), thrown as the
 * same refusal worded for a check; for the editor to check while drafting.
 * With `answerId`, what updating that published entry with this question
 * would be refused for (`updateFaqEntry`'s judgement). Writes nothing.
 */
export function checkFaqQuestion(db: DbOrTx, input: { question: string; sourceIds: number[]; answeredBy: number[]; answerId?: number }) {
  const question = input.question.trim()
  if (input.answerId === undefined) refuseTwin(db, question, undefined, input.sourceIds, { answeredBy: input.answeredBy, on: 'check' })
  else refuseTwinOfEntry(db, publishedFaq(db, input.answerId), question, { answeredBy: input.answeredBy, on: 'check' })
}

/**
 * `refuseTwin` for a published entry given this question on its update page:
 * the entry itself left out, and only a question asked anew judged by the
 * library (an entry kept as it was, or only its answer corrected, is not asked
 * about again).
 */
function refuseTwinOfEntry(
  db: DbOrTx,
  entry: Pick<Answer, 'id' | 'publicQuestion' | 'sourceIds'>,
  question: string,
  judged: Pick<FaqEntryInput, 'answeredBy' | 'confirmedNew'> & { on: keyof typeof TWIN_REFUSALS },
) {
  const asked = sameQuestion(question) !== sameQuestion(entry.publicQuestion)
  const answeredBy = asked ? (judged.answeredBy ?? []).filter(id => !entry.sourceIds?.includes(id)) : []
  return refuseTwin(db, question, entry.id, [], { answeredBy, confirmedNew: judged.confirmedNew, on: judged.on })
}

const publishedFaqEntries = (tx: DbOrTx) =>
  tx
    .select({ id: answers.id, publicQuestion: answers.publicQuestion, sourceIds: answers.sourceIds })
    .from(answers)
    .where(and(eq(answers.kind, 'faq'), eq(answers.status, 'published')))
    .orderBy(answers.id)
    .all()

/** The first of `entries` whose sources hold every one of `sourceIds` (none given: none). */
const faqBuiltFrom = <E extends { sourceIds: number[] | null }>(entries: E[], sourceIds: number[]) =>
  sourceIds.length ? entries.find(a => sourceIds.every(id => a.sourceIds?.includes(id))) : undefined

/**
 * For each of these replies that a published FAQ entry is built from, the
 * first such entry (id and question): the FAQ editor says so beside it, as
 * publishing an entry on those replies alone would be refused (`refuseTwin`).
 */
export function faqsBuiltOn(db: DbOrTx, replyIds: number[]): Map<number, { id: number; question: string }> {
  const entries = replyIds.length ? publishedFaqEntries(db) : []
  const found = new Map<number, { id: number; question: string }>()
  for (const replyId of replyIds) {
    const entry = faqBuiltFrom(entries, [replyId])
    if (entry) found.set(replyId, { id: entry.id, question: entry.publicQuestion })
  }
  return found
}

/** The published FAQ entry that publishing one on exactly these replies would be refused for (see `refuseTwin`), if any. */
export function faqBuiltOnAll(db: DbOrTx, sourceIds: number[]): { id: number; question: string } | null {
  const entry = faqBuiltFrom(publishedFaqEntries(db), sourceIds)
  return entry ? { id: entry.id, question: entry.publicQuestion } : null
}

function publishedFaq(tx: DbOrTx, id: number): Answer {
  const a = tx
    .select()
    .from(answers)
    .where(and(eq(answers.id, id), eq(answers.kind, 'faq'), eq(answers.status, 'published')))
    .get()
  if (!a) throw new DomainError('not-found', 'answers.error.notFound')
  return a
}

/** Those of `ids` still published, in their order. */
function stillPublished(tx: DbOrTx, ids: number[]): number[] {
  if (!ids.length) return []
  const live = new Set(
    tx
      .select({ id: answers.id })
      .from(answers)
      .where(and(inArray(answers.id, ids), eq(answers.status, 'published')))
      .all()
      .map(r => r.id),
  )
  return ids.filter(id => live.has(id))
}

/** A question as compared for duplicates: without spaces and closing punctuation. */
const sameQuestion = (q: string) => q.replace(/[\s？?。.!！]+/gu, '')

/**
 * Replies awaiting review, newest first; `unitIds` limits them to complaints
 * handled by those units (null: all). A published answer's update is listed
 * with the newer reply to review (`publicReply`, `reply`, `repliedAt`) and the
 * published reply it would replace (`publishedReply`; null for a new answer).
 * A withdrawn answer's update is listed as a new answer is (`update` false):
 * nothing of it is online to replace, and publishing it brings it back.
 */
export function listAnswersForReview(db: DbOrTx, opts: { limit?: number; unitIds?: number[] | null } = {}) {
  return db
    .select({
      ...publicAnswerColumns,
      status: answers.status,
      reply: answers.reply,
      complaintId: answers.complaintId,
      updateStatus: answers.updateStatus,
      updateReply: answers.updateReply,
      updatePublicReply: answers.updatePublicReply,
      updateRepliedAt: answers.updateRepliedAt,
    })
    .from(answers)
    .innerJoin(complaints, eq(complaints.id, answers.complaintId))
    .where(
      and(
        or(eq(answers.status, 'pending'), and(inArray(answers.status, ['published', 'withdrawn']), eq(answers.updateStatus, 'pending'))),
        opts.unitIds ? inArray(complaints.unitId, opts.unitIds.length ? opts.unitIds : [-1]) : undefined,
      ),
    )
    .orderBy(desc(sql`coalesce(${answers.updateRepliedAt}, ${answers.repliedAt})`))
    .limit(opts.limit ?? 50)
    .all()
    .map(({ updateStatus, updateReply, updatePublicReply, updateRepliedAt, ...a }) =>
      isUpdate({ status: a.status, updateStatus })
        ? {
            ...a,
            update: a.status === 'published',
            reply: updateReply!,
            publicReply: updatePublicReply!,
            repliedAt: updateRepliedAt!,
            publishedReply: a.status === 'published' ? a.publicReply : null,
          }
        : { ...a, update: false, publishedReply: null },
    )
}

/** Every published answer (the search index is built from these). */
export function listPublishedAnswers(db: DbOrTx): PublicAnswer[] {
  return db.select(publicAnswerColumns).from(answers).where(eq(answers.status, 'published')).all()
}

/**
 * The published frequent questions, those residents found most helpful first,
 * then those read most, then the newest: read afresh (the counts move with
 * every view and vote; the search index is not rebuilt for them).
 */
export function listPublishedFaqs(db: DbOrTx): PublicAnswer[] {
  return db
    .select(publicAnswerColumns)
    .from(answers)
    .where(and(eq(answers.status, 'published'), eq(answers.kind, 'faq')))
    .orderBy(desc(answers.helpful), desc(answers.views), desc(answers.publishedAt), desc(answers.id))
    .all()
}

/** Changes whenever an answer is published or withdrawn: tells a cached search index to rebuild. */
export function publishedAnswersVersion(db: DbOrTx): string {
  const r = db
    .select({
      n: sql<number>`count(*)`,
      last: sql<number>`coalesce(max(max(${answers.reviewedAt}, coalesce(${answers.updatedAt}, 0), coalesce(${answers.withdrawnAt}, 0))), 0)`,
    })
    .from(answers)
    .where(sql`${answers.reviewedAt} is not null`)
    .get()
  return `${r?.n ?? 0}:${r?.last ?? 0}`
}

export function getPublishedAnswer(db: DbOrTx, id: number): PublicAnswer | undefined {
  return db
    .select(publicAnswerColumns)
    .from(answers)
    .where(and(eq(answers.id, id), eq(answers.status, 'published')))
    .get()
}

/** A published or withdrawn answer (its address answers for both): the public columns, and for a withdrawn one when, why and the complaint's unit (staff only). */
export function getAnswerAtAddress(db: DbOrTx, id: number) {
  return db
    .select({
      ...publicAnswerColumns,
      status: answers.status,
      withdrawnAt: answers.withdrawnAt,
      withdrawnReason: answers.withdrawnReason,
      withdrawnNote: answers.withdrawnNote,
      unitId: complaints.unitId,
    })
    .from(answers)
    .leftJoin(complaints, eq(complaints.id, answers.complaintId))
    .where(and(eq(answers.id, id), inArray(answers.status, ['published', 'withdrawn'])))
    .get()
}

/**
 * A withdrawn answer's newer reply, for staff deciding whether to publish it
 * again as it was: its complaint's reply saved since, awaiting review or kept
 * out (and when); null without one.
 */
export function newerReplyOfWithdrawn(db: DbOrTx, id: number) {
  const a = db
    .select({ complaintId: answers.complaintId, updateStatus: answers.updateStatus, updateRepliedAt: answers.updateRepliedAt })
    .from(answers)
    .where(and(eq(answers.id, id), eq(answers.status, 'withdrawn')))
    .get()
  if (!a?.updateStatus || !a.complaintId) return null
  const keptOut =
    a.updateStatus === 'rejected'
      ? db
          .select({ at: auditEvents.createdAt })
          .from(auditEvents)
          .where(and(eq(auditEvents.subjectType, 'answer'), eq(auditEvents.subjectId, String(id)), eq(auditEvents.action, 'answer.rejected')))
          .orderBy(desc(auditEvents.id))
          .get()
      : undefined
  return { status: a.updateStatus, complaintId: a.complaintId, repliedAt: a.updateRepliedAt, keptOutAt: keptOut?.at ?? null }
}

/**
 * Withdrawn answers, latest first, for staff to publish again: FAQ entries, and
 * replies to complaints handled by `unitIds` (null: all).
 */
export function listWithdrawnAnswers(db: DbOrTx, opts: { limit?: number; unitIds?: number[] | null } = {}) {
  const units = opts.unitIds ? (opts.unitIds.length ? opts.unitIds : [-1]) : null
  return db
    .select({
      id: answers.id,
      kind: answers.kind,
      question: answers.publicQuestion,
      withdrawnAt: answers.withdrawnAt,
      withdrawnReason: answers.withdrawnReason,
    })
    .from(answers)
    .leftJoin(complaints, eq(complaints.id, answers.complaintId))
    .where(and(eq(answers.status, 'withdrawn'), units ? or(eq(answers.kind, 'faq'), inArray(complaints.unitId, units)) : undefined))
    .orderBy(desc(answers.withdrawnAt))
    .limit(opts.limit ?? 20)
    .all()
}

/** A complaint's answer as its complainant and staff read it: with the newest reply, also while a published one stays online. */
export function getAnswerForComplaint(db: DbOrTx, complaintId: number): Answer | undefined {
  const a = db.select().from(answers).where(eq(answers.complaintId, complaintId)).get()
  if (a?.updateStatus) return { ...a, reply: a.updateReply!, publicReply: a.updatePublicReply!, repliedAt: a.updateRepliedAt! }
  // An update published in place: the answer keeps its first reply's day, the complainant reads when the newer reply was written.
  return a?.updateRepliedAt ? { ...a, repliedAt: a.updateRepliedAt } : a
}

/**
 * When each of these complaints was given its official reply, for its complainant's own list:
 * those the tracking page shows a reply for (not petitions, whose text and reply stay off it).
 */
export function listReplyDaysOfComplaints(db: DbOrTx, complaintIds: number[]): Map<number, Date> {
  if (!complaintIds.length) return new Map()
  const rows = db
    .select({ complaintId: answers.complaintId, repliedAt: answers.repliedAt, updateRepliedAt: answers.updateRepliedAt })
    .from(answers)
    .innerJoin(complaints, eq(complaints.id, answers.complaintId))
    .where(and(inArray(answers.complaintId, complaintIds), ne(complaints.channel, 'petition'), ne(answers.publicReply, '')))
    .all()
  return new Map(rows.map(r => [r.complaintId!, r.updateRepliedAt ?? r.repliedAt]))
}

/** Counts a public view (no audit row: reading is not a change of state). */
export function countAnswerView(db: DbOrTx, id: number) {
  db.update(answers)
    .set({ views: sql`${answers.views} + 1` })
    .where(and(eq(answers.id, id), eq(answers.status, 'published')))
    .run()
}

export type AnswerVerdict = 'helpful' | 'not_helpful' | 'avoided'
export type AccountVote = { verdict: 'helpful' | 'not_helpful'; avoided: boolean }
/** What a browser gave anonymously on an answer and has counted: a verdict, and whether it said the answer settled its question. */
export type BrowserVote = { verdict: 'helpful' | 'not_helpful' | null; avoided: boolean }

/**
 * Whether an account's verdict on an answer counts: a resident's does, staff's
 * (any role besides resident) does not, since the counts say how residents found it.
 */
export function mayGiveAnswerFeedback(db: DbOrTx, userId: number): boolean {
  return !db
    .select({ role: roleAssignments.role })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.userId, userId), ne(roleAssignments.role, 'resident')))
    .get()
}

/**
 * A resident's verdict on a published answer: `helpful` / `not_helpful` on the
 * answer page, `avoided` when it answered the question they were about to file
 * (which is also a helpful verdict). A signed-in user's verdict counts once per
 * account, whichever browser it comes from: a new verdict replaces the earlier
 * one, and the same verdict again changes nothing. `browser`: what the
 * browser they vote from gave before they signed in; the account's vote takes
 * its place (one person, one vote), and the caller marks it taken. Anyone
 * else's adds to the counts; the caller lets a browser give it once. False when
 * the answer is not published, or the account is staff's (nothing is counted).
 */
export function recordAnswerFeedback(db: Db, input: { answerId: number; verdict: AnswerVerdict; browser?: BrowserVote | null }, actor: Actor): boolean {
  return db.transaction(tx => {
    const published = and(eq(answers.id, input.answerId), eq(answers.status, 'published'))
    if (!tx.select({ id: answers.id }).from(answers).where(published).get()) return false
    if (actor.kind === 'user' && !mayGiveAnswerFeedback(tx, actor.id)) return false
    const subject = { type: 'answer' as const, id: input.answerId }
    const action = `answer.feedback.${input.verdict}` as const
    if (actor.kind !== 'user') {
      tx.update(answers)
        .set({
          helpful: sql`${answers.helpful} + ${input.verdict === 'not_helpful' ? 0 : 1}`,
          notHelpful: sql`${answers.notHelpful} + ${input.verdict === 'not_helpful' ? 1 : 0}`,
          inquiriesAvoided: sql`${answers.inquiriesAvoided} + ${input.verdict === 'avoided' ? 1 : 0}`,
        })
        .where(published)
        .run()
      writeAudit(tx, actor, action, subject)
      return true
    }
    const before = accountVote(tx, input.answerId, actor.id)
    const browser = input.browser && (input.browser.verdict || input.browser.avoided) ? input.browser : null
    // An inquiry the browser said was settled stays settled under the account, until they say the answer did not help:
    // then it did not answer their question either.
    const avoidedBefore = (before?.avoided ?? false) || (browser?.avoided ?? false)
    const after: AccountVote =
      input.verdict === 'avoided' ? { verdict: 'helpful', avoided: true } : { verdict: input.verdict, avoided: input.verdict === 'helpful' && avoidedBefore }
    if (!browser && before && before.verdict === after.verdict && before.avoided === after.avoided) return true
    const [was, anon, now] = [accountCounts(before), browserCounts(browser), accountCounts(after)]
    const change = (k: keyof typeof now) => now[k] - was[k] - anon[k]
    tx.update(answers)
      .set({
        helpful: sql`${answers.helpful} + ${change('helpful')}`,
        notHelpful: sql`${answers.notHelpful} + ${change('notHelpful')}`,
        inquiriesAvoided: sql`${answers.inquiriesAvoided} + ${change('avoided')}`,
      })
      .where(published)
      .run()
    tx.insert(answerVotes)
      .values({ answerId: input.answerId, userId: actor.id, ...after })
      .onConflictDoUpdate({ target: [answerVotes.answerId, answerVotes.userId], set: { ...after, updatedAt: new Date() } })
      .run()
    writeAudit(tx, actor, action, subject, { before: browser ? { account: before ?? null, browser } : (before ?? null), after })
    return true
  })
}

/** What an account's vote adds to an answer's counts. */
const accountCounts = (v: AccountVote | null | undefined) => ({
  helpful: v?.verdict === 'helpful' ? 1 : 0,
  notHelpful: v?.verdict === 'not_helpful' ? 1 : 0,
  avoided: v?.avoided ? 1 : 0,
})
/** What a browser's anonymous votes added: its "answers my question" was a helpful vote of its own, beside its verdict. */
const browserCounts = (v: BrowserVote | null) => ({
  helpful: (v?.verdict === 'helpful' ? 1 : 0) + (v?.avoided ? 1 : 0),
  notHelpful: v?.verdict === 'not_helpful' ? 1 : 0,
  avoided: v?.avoided ? 1 : 0,
})

/** A signed-in user's verdict on an answer, if they gave one. */
export function accountVote(db: DbOrTx, answerId: number, userId: number): AccountVote | undefined {
  return db
    .select({ verdict: answerVotes.verdict, avoided: answerVotes.avoided })
    .from(answerVotes)
    .where(and(eq(answerVotes.answerId, answerId), eq(answerVotes.userId, userId)))
    .get()
}

/**
 * Library figures: published answers and their helpful and not helpful votes
 * (how residents find what the library holds now); views and inquiries
 * avoided of every answer ever published, a withdrawn one's included: they
 * happened, and a total does not go down when an answer is withdrawn.
 */
export function answerFigures(db: DbOrTx) {
  const published = sql`${answers.status} = 'published'`
  return (
    db
      .select({
        published: sql<number>`coalesce(sum(case when ${published} then 1 else 0 end), 0)`,
        inquiriesAvoided: sql<number>`coalesce(sum(${answers.inquiriesAvoided}), 0)`,
        helpful: sql<number>`coalesce(sum(case when ${published} then ${answers.helpful} else 0 end), 0)`,
        notHelpful: sql<number>`coalesce(sum(case when ${published} then ${answers.notHelpful} else 0 end), 0)`,
        views: sql<number>`coalesce(sum(${answers.views}), 0)`,
      })
      .from(answers)
      .where(inArray(answers.status, ['published', 'withdrawn']))
      .get() ?? { published: 0, inquiriesAvoided: 0, helpful: 0, notHelpful: 0, views: 0 }
  )
}

/** Per-answer figures for the dashboard: most viewed first, with helpful and not-helpful votes. */
export function answerUsage(db: DbOrTx, limit = 10) {
  return db
    .select({
      id: answers.id,
      kind: answers.kind,
      question: answers.publicQuestion,
      views: answers.views,
      helpful: answers.helpful,
      notHelpful: answers.notHelpful,
      inquiriesAvoided: answers.inquiriesAvoided,
    })
    .from(answers)
    .where(eq(answers.status, 'published'))
    .orderBy(desc(answers.views), desc(answers.helpful), desc(answers.id))
    .limit(limit)
    .all()
}

/**
 * Messages received in the period (within `unitIds`, null: all), newest first,
 * that could be questions for the library: petitions are left out.
 */
export function listRecentMessages(db: DbOrTx, f: { unitIds: number[] | null; from: Date; to: Date; limit: number }) {
  return db
    .select({ id: complaints.id, subject: complaints.subject, body: complaints.body, receivedAt: complaints.receivedAt })
    .from(complaints)
    .where(
      and(
        f.unitIds ? inArray(complaints.unitId, f.unitIds.length ? f.unitIds : [-1]) : undefined,
        gte(complaints.receivedAt, f.from),
        lte(complaints.receivedAt, f.to),
        ne(complaints.channel, 'petition'),
      ),
    )
    .orderBy(desc(complaints.receivedAt))
    .limit(f.limit)
    .all()
}
