// Civic actions of the reply library: a worker publishes (or rejects) an
// answered question, publishes an FAQ entry drawn from recurring inquiries, and
// confirms or updates an entry flagged for review. Each runs the data layer's
// transaction with its audit row, then tells the residents who follow the
// answer's category or place when something they can read changed.
import { type CommandContext } from '#app/commands/context'
import { notifyFollowers } from '#app/commands/follows.server'
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

/** Publish a scrubbed answered question (followers are told) or keep it out of the library. */
export function reviewAnswer(ctx: CommandContext, input: ReviewAnswerInput) {
  const { scopeUnitIds, ...review } = input
  if (!answers.listAnswersForReview(ctx.db, { unitIds: unitIdsWithin(ctx.db, scopeUnitIds), limit: 10_000 }).some(a => a.id === review.answerId)) {
    throw new DomainError('not-found', 'answers.error.notFound')
  }
  const answer = answers.reviewAnswer(ctx.db, review, ctx.actor)
  if (review.decision === 'publish') notifyFollowers(ctx, { about: 'answer', id: answer.id })
  return answer
}

/** Publish an FAQ entry written from a group of recurring questions, with its sources; followers are told. */
export function publishFaq(ctx: CommandContext, input: { question: string; reply: string; sourceIds: number[]; categoryPath?: string[] | null }) {
  const faq = answers.publishFaqEntry(ctx.db, input, ctx.actor)
  notifyFollowers(ctx, { about: 'answer', id: faq.id })
  return faq
}

/** Confirm an FAQ entry flagged for review is still right: it leaves the review list; nothing public changed, so no one is told. */
export function confirmFaq(ctx: CommandContext, input: { answerId: number }) {
  return answers.confirmFaqEntry(ctx.db, input, ctx.actor)
}

/** Correct an FAQ entry in place (same number, same address), adding replies to its sources; followers are told when its text changed. */
export function updateFaq(ctx: CommandContext, input: { answerId: number; question: string; reply: string; addSourceIds?: number[] }) {
  const { answer, revised } = answers.updateFaqEntry(ctx.db, input, ctx.actor)
  if (revised) notifyFollowers(ctx, { about: 'answer', id: answer.id, updated: true })
  return answer
}
