// Civic actions of the reply library: a worker publishes (or rejects) an
// answered question, publishes an FAQ entry drawn from recurring inquiries,
// confirms or updates an entry flagged for review, and withdraws an answer
// found wrong (or publishes it again). Each runs the data layer's
// transaction with its audit row, then tells the residents who follow the
// answer's category or place when something they can read changed.
import { type CommandContext } from '#app/commands/context'
import { notifyFollowers } from '#app/commands/follows.server'
import { answersForQuestion } from '#app/services/answers.server'
import { DomainError } from '#db/errors'
import * as answers from '#db/queries/answers'
import { unitIdsWithin } from '#db/queries/units'

export type ReviewAnswerInput = {
  answerId: number
  decision: 'publish' | 'reject'
  publicQuestion?: string
  publicText?: string
  publicReply?: string
  /** The units the reviewer works in (null: everywhere); an answer outside them is not found. */
  scopeUnitIds: number[] | null
}

/**
 * Publish a scrubbed answered question (followers are told) or keep it out of
 * the library. A published answer's update replaces it in place (followers are
 * told it was updated, when its text changed) or is kept out, the published
 * version staying. A withdrawn answer's update, published, brings it back
 * (followers are told it is back, and updated when its text changed).
 * `update`: it was a published answer's.
 */
export function reviewAnswer(ctx: CommandContext, input: ReviewAnswerInput) {
  const { scopeUnitIds, ...review } = input
  const queued = answers.listAnswersForReview(ctx.db, { unitIds: unitIdsWithin(ctx.db, scopeUnitIds), limit: 10_000 }).find(a => a.id === review.answerId)
  if (!queued) throw new DomainError('not-found', 'answers.error.notFound')
  const answer = answers.reviewAnswer(ctx.db, review, ctx.actor)
  const back = queued.status === 'withdrawn'
  if (review.decision === 'publish' && back) notifyFollowers(ctx, { about: 'answer', id: answer.id, back, updated: answers.revisedByLastReview(answer) })
  else if (review.decision === 'publish' && !queued.update) notifyFollowers(ctx, { about: 'answer', id: answer.id })
  else if (review.decision === 'publish' && answers.revisedByLastReview(answer)) notifyFollowers(ctx, { about: 'answer', id: answer.id, updated: true })
  return { ...answer, update: queued.update }
}

/**
 * Publish an FAQ entry written from a group of recurring questions, with its
 * sources; followers are told. Its category is the one the worker chose (the
 * form suggests the one most of its sources have); none files it under every
 * category, as an answer that holds everywhere. A published entry the library
 * confidently takes to answer its question already refuses it until the worker
 * confirms it is another question (`confirmedNew`, that entry's number).
 */
export function publishFaq(ctx: CommandContext, input: Omit<answers.FaqEntryInput, 'answeredBy'>) {
  const faq = answers.publishFaqEntry(ctx.db, { ...input, answeredBy: faqsAnswering(ctx.db, input.question) }, ctx.actor)
  notifyFollowers(ctx, { about: 'answer', id: faq.id })
  return faq
}

/**
 * The published FAQ entries the library takes to answer this question already,
 * most likely first: its own judgement, as residents asking it would be
 * answered (an entry among them).
 */
function faqsAnswering(db: CommandContext['db'], question: string): number[] {
  return answersForQuestion(db, question, 3)
    .filter(a => a.kind === 'faq')
    .map(a => a.id)
}

/**
 * While drafting, before publishing (or on an entry's update page, before
 * saving: `answerId`, the entry left out): what publishing (or saving) this
 * question and answer would be refused for. `refusal`: a published entry
 * asking the same question, built from the same replies, or answering it in
 * the library's judgement, confirmed or not (worded for a check); `found`: the
 * kinds of personal data in each text, as publishing finds them. Nothing is
 * written.
 */
export function checkFaq(
  ctx: CommandContext,
  input: { question: string; reply: string; sourceIds: number[]; answerId?: number },
): { refusal: DomainError | null; found: ReturnType<typeof answers.personalDataInFaq> } {
  const found = answers.personalDataInFaq({ question: input.question, reply: input.reply })
  try {
    answers.checkFaqQuestion(ctx.db, { ...input, answeredBy: faqsAnswering(ctx.db, input.question) })
  } catch (e) {
    if (e instanceof DomainError && e.code === 'conflict') return { refusal: e, found }
    throw e
  }
  return { refusal: null, found }
}

/** Confirm an FAQ entry flagged for review is still right: it leaves the review list; nothing public changed, so no one is told. */
export function confirmFaq(ctx: CommandContext, input: { answerId: number }) {
  return answers.confirmFaqEntry(ctx.db, input, ctx.actor)
}

/**
 * Correct an FAQ entry in place (same number, same address), adding replies to
 * its sources; followers are told when its text changed. A question changed so
 * that another published entry answers it is refused, as on publishing, until
 * the worker confirms it is another question (`confirmedNew`).
 */
export function updateFaq(ctx: CommandContext, input: { answerId: number; question: string; reply: string; addSourceIds?: number[]; confirmedNew?: number[] }) {
  const { answer, revised } = answers.updateFaqEntry(ctx.db, { ...input, answeredBy: faqsAnswering(ctx.db, input.question) }, ctx.actor)
  if (revised) notifyFollowers(ctx, { about: 'answer', id: answer.id, updated: true })
  return answer
}

/**
 * Whether a worker whose roles reach `scopeUnitIds` (null: everywhere) may
 * withdraw or publish again this answer: the same as may publish it. An FAQ
 * entry belongs to no unit; a reply, to the unit handling its complaint.
 */
export function answerInScope(db: CommandContext['db'], answerId: number, scopeUnitIds: number[] | null): boolean {
  const a = answers.getAnswerAtAddress(db, answerId)
  if (!a) return false
  if (a.kind === 'faq' || !scopeUnitIds) return true
  return a.unitId != null && unitIdsWithin(db, scopeUnitIds).includes(a.unitId)
}

export type WithdrawAnswerInput = { answerId: number; reason: string | null; note?: string | null; scopeUnitIds: number[] | null }

/**
 * Withdraw a published answer that has turned out wrong, with the reason. No
 * one is told: followers were told of it once, and a notice of its withdrawal
 * would lead them to a page with nothing on it.
 */
export function withdrawAnswer(ctx: CommandContext, input: WithdrawAnswerInput) {
  const { scopeUnitIds, ...withdrawal } = input
  if (!answerInScope(ctx.db, withdrawal.answerId, scopeUnitIds)) throw new DomainError('forbidden', 'answers.error.notYours')
  return answers.withdrawAnswer(ctx.db, withdrawal, ctx.actor)
}

/** Publish a withdrawn answer again, as it was; followers are told it is back. */
export function republishAnswer(ctx: CommandContext, input: { answerId: number; scopeUnitIds: number[] | null }) {
  if (!answerInScope(ctx.db, input.answerId, input.scopeUnitIds)) throw new DomainError('forbidden', 'answers.error.notYours')
  const answer = answers.republishAnswer(ctx.db, { answerId: input.answerId }, ctx.actor)
  notifyFollowers(ctx, { about: 'answer', id: answer.id, back: true })
  return answer
}
