import type { Locale, MessageKey } from '#app/i18n/index'
import { localCategoryName } from '#app/utils/labels.server'
import type { Db } from '#db/client'
import { DomainError } from '#db/errors'
import { writeAudit } from '#db/queries/audit'
import {
  answerNews,
  decisionNews,
  deleteFollow,
  followersOf,
  followTargetsOf,
  insertFollow,
  listFollowedTopics,
  listFollows,
  placesNamedIn,
  topicNews,
  type FollowedThing,
  type FollowNews,
  type FollowTarget,
} from '#db/queries/follows'
import { createNotification, listTopicAudience, toNotificationPayload, type NotificationRow } from '#db/queries/notifications'
import { setTopicFollow } from '#db/queries/topics'
import { getUnit, listUnits } from '#db/queries/units'
import type { CommandContext } from './context'

const MAX_KEY = 120

function followerId(ctx: CommandContext): number {
  // Following is personal: a signed-in person, not a token or the system.
  if (ctx.actor.kind !== 'user') throw new DomainError('forbidden', 'answers.follow.error.login')
  return ctx.actor.id
}

/** A target must name something that exists: a community (or street) unit, a place name, a category. */
function checkTarget(ctx: CommandContext, target: FollowTarget) {
  const key = target.key.trim()
  if (!key || key.length > MAX_KEY) throw new DomainError('invalid', 'answers.follow.error.target')
  if (target.kind === 'place') {
    const community = /^community:(\d+)$/.exec(key)
    if (community) {
      const unit = getUnit(ctx.db, Number(community[1]))
      if (!unit || unit.kind === 'department') throw new DomainError('not-found', 'answers.follow.error.target')
    } else if (!/^place:\S/.test(key)) throw new DomainError('invalid', 'answers.follow.error.target')
  }
  return { kind: target.kind, key }
}

/** A resident follows a category or a place; following it again changes nothing. */
export async function followTarget(ctx: CommandContext, target: FollowTarget) {
  const userId = followerId(ctx)
  const t = checkTarget(ctx, target)
  return ctx.db.transaction(tx => {
    const row = insertFollow(tx, userId, t)
    if (row) writeAudit(tx, ctx.actor, 'follow.add', { type: 'follow', id: row.id }, { after: t })
    return { following: true, created: !!row }
  })
}

/** A resident stops following a category or a place. */
export async function unfollowTarget(ctx: CommandContext, target: FollowTarget) {
  const userId = followerId(ctx)
  const t = { kind: target.kind, key: target.key.trim() }
  return ctx.db.transaction(tx => {
    const row = deleteFollow(tx, userId, t)
    if (row) writeAudit(tx, ctx.actor, 'follow.remove', { type: 'follow', id: row.id }, { before: t })
    return { following: false, removed: !!row }
  })
}

/**
 * The words of a notice name what the follower follows that the news is in:
 * a category, a community, a place. One who follows several of them there is
 * told once, in words true of all (您关注的内容).
 */
type Wording = FollowedThing | 'any'
type Notice = Record<Wording, MessageKey>

const MESSAGE: Record<FollowNews['about'], Notice> = {
  answer: {
    any: 'answers.follow.notify.answer',
    category: 'answers.follow.notify.answer.category',
    community: 'answers.follow.notify.answer.community',
    place: 'answers.follow.notify.answer.place',
  },
  topic: {
    any: 'answers.follow.notify.topic',
    category: 'answers.follow.notify.topic.category',
    community: 'answers.follow.notify.topic.community',
    place: 'answers.follow.notify.topic.place',
  },
  decision: {
    any: 'answers.follow.notify.decision',
    category: 'answers.follow.notify.decision.category',
    community: 'answers.follow.notify.decision.community',
    place: 'answers.follow.notify.decision.place',
  },
}

/** What changed in something already public, when that is the news. */
const UPDATED: Record<FollowNews['about'], Notice> = {
  answer: {
    any: 'answers.follow.notify.answerUpdated',
    category: 'answers.follow.notify.answerUpdated.category',
    community: 'answers.follow.notify.answerUpdated.community',
    place: 'answers.follow.notify.answerUpdated.place',
  },
  topic: MESSAGE.topic,
  decision: MESSAGE.decision,
}

/** Public again after it was withdrawn (and, `updated`, with new text): not new, as some followers read it before. */
const BACK: Record<FollowNews['about'], Notice> = {
  answer: {
    any: 'answers.follow.notify.answerBack',
    category: 'answers.follow.notify.answerBack.category',
    community: 'answers.follow.notify.answerBack.community',
    place: 'answers.follow.notify.answerBack.place',
  },
  topic: MESSAGE.topic,
  decision: MESSAGE.decision,
}
const BACK_UPDATED: Record<FollowNews['about'], Notice> = {
  answer: {
    any: 'answers.follow.notify.answerBackUpdated',
    category: 'answers.follow.notify.answerBackUpdated.category',
    community: 'answers.follow.notify.answerBackUpdated.community',
    place: 'answers.follow.notify.answerBackUpdated.place',
  },
  topic: MESSAGE.topic,
  decision: MESSAGE.decision,
}

const wordingFor = (followed: Set<FollowedThing>): Wording => (followed.size === 1 ? [...followed][0]! : 'any')

/**
 * Tell the followers of a category or place that something new is public
 * there: a published answer (or, `updated`, one corrected in place; `back`,
 * one withdrawn and public again), a topic taken up, a decision. Call once after the action committed. The notification carries only the public title (a scrubbed
 * question, a topic or decision title) and a link; the actor and residents
 * already told about the topic itself are left out, each follower is told once.
 */
export function notifyFollowers(ctx: CommandContext, news: { about: FollowNews['about']; id: number; updated?: boolean; back?: boolean }): NotificationRow[] {
  const item = news.about === 'answer' ? answerNews(ctx.db, news.id) : news.about === 'topic' ? topicNews(ctx.db, news.id) : decisionNews(ctx.db, news.id)
  if (!item) return []
  const told = new Set(item.topicId ? listTopicAudience(ctx.db, item.topicId) : [])
  if (ctx.actor.kind === 'user') told.add(ctx.actor.id)
  const recipients = [...followersOf(ctx.db, followTargetsOf(item))].filter(([id]) => !told.has(id))
  if (!recipients.length) return []
  const notice = (news.back ? (news.updated ? BACK_UPDATED : BACK) : news.updated ? UPDATED : MESSAGE)[item.about]
  const rows = ctx.db.transaction(tx => {
    const created = recipients.map(([userId, followed]) =>
      createNotification(tx, {
        userId,
        kind: 'follow',
        messageKey: notice[wordingFor(followed)],
        params: { title: item.title },
        link: item.link,
      }),
    )
    writeAudit(tx, ctx.actor, 'follow.notified', { type: item.about, id: item.id }, { after: { recipients: recipients.length } })
    return created
  })
  for (const n of rows) ctx.notify.toUser(n.userId, 'notification:new', toNotificationPayload(n))
  return rows
}

/** A resident stops following a topic (followed from its public page). */
export async function unfollowTopic(ctx: CommandContext, topicId: number) {
  setTopicFollow(ctx.db, { topicId, userId: followerId(ctx), follow: false }, ctx.actor)
}

/** What a resident follows, for their personal page: categories and places named in the reader's language, and topics. */
export function followedBy(db: Db, userId: number, locale: Locale) {
  const category = localCategoryName(db, locale)
  const units = new Map(listUnits(db).map(c => [`community:${c.id}`, locale === 'zh' ? c.nameZh : c.nameEn || c.nameZh]))
  return {
    follows: listFollows(db, userId).map(f => ({
      kind: f.kind,
      key: f.key,
      name: f.kind === 'category' ? category(f.key) : (units.get(f.key) ?? f.key.replace(/^place:/, '')),
    })),
    topics: listFollowedTopics(db, userId),
  }
}

/** The named places an answer page offers to follow: those its public question or reply names, where its news goes. */
export function placesOfAnswer(db: Db, answer: { publicQuestion: string; publicReply: string }): string[] {
  return placesNamedIn(db, [answer.publicQuestion, answer.publicReply])
}
