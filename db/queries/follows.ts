// Categories and places residents follow and who follows a given target.
import { and, asc, desc, eq, gte, inArray, isNotNull, lt, or } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { answers, decisions, follows, topicFollows, topics } from '../schema/index'
import { isPublicTopic } from './outcomes-report'

export type FollowKind = 'category' | 'place'
export type FollowTarget = { kind: FollowKind; key: string }
export type Follow = typeof follows.$inferSelect

/** Adds the follow unless it exists; returns the new row, or undefined when it was already there. */
export function insertFollow(db: DbOrTx, userId: number, target: FollowTarget): Follow | undefined {
  return db.insert(follows).values({ userId, kind: target.kind, key: target.key }).onConflictDoNothing().returning().get()
}

/** Removes the follow; returns the removed row, or undefined when the user did not follow it. */
export function deleteFollow(db: DbOrTx, userId: number, target: FollowTarget): Follow | undefined {
  return db
    .delete(follows)
    .where(and(eq(follows.userId, userId), eq(follows.kind, target.kind), eq(follows.key, target.key)))
    .returning()
    .get()
}

export function listFollows(db: DbOrTx, userId: number): Follow[] {
  return db.select().from(follows).where(eq(follows.userId, userId)).orderBy(asc(follows.kind), asc(follows.id)).all()
}

export function isFollowing(db: DbOrTx, userId: number, target: FollowTarget): boolean {
  return !!db
    .select({ id: follows.id })
    .from(follows)
    .where(and(eq(follows.userId, userId), eq(follows.kind, target.kind), eq(follows.key, target.key)))
    .get()
}

/** What a follow is of, as residents name it: a category, a community, or a place named in words. */
export type FollowedThing = 'category' | 'community' | 'place'
export const followedThing = (t: FollowTarget): FollowedThing => (t.kind === 'category' ? 'category' : t.key.startsWith('community:') ? 'community' : 'place')

/** Users following any of the targets, each once, with what of theirs the targets cover. */
export function followersOf(db: DbOrTx, targets: FollowTarget[]): Map<number, Set<FollowedThing>> {
  const out = new Map<number, Set<FollowedThing>>()
  if (!targets.length) return out
  const byKind = new Map<FollowKind, string[]>()
  for (const t of targets) byKind.set(t.kind, [...(byKind.get(t.kind) ?? []), t.key])
  const rows = db
    .select({ userId: follows.userId, kind: follows.kind, key: follows.key })
    .from(follows)
    .where(or(...[...byKind].map(([kind, keys]) => and(eq(follows.kind, kind), inArray(follows.key, keys)))))
    .orderBy(asc(follows.userId))
    .all()
  for (const r of rows) out.set(r.userId, (out.get(r.userId) ?? new Set()).add(followedThing(r)))
  return out
}

/** What followers are told about: something newly public, where it is and what it is about. */
export type FollowNews = {
  about: 'answer' | 'topic' | 'decision'
  id: number
  title: string
  link: string
  categoryPath: string[]
  communityId: number | null
  /** Named places (`place:<name>` follows) it is news for. */
  places: string[]
  topicId: number | null
}

/**
 * The followed named places a public text names. A place shorter than two
 * characters would be in nearly every text, so it is nobody's news.
 */
export function followedPlacesIn(db: DbOrTx, texts: string[]): string[] {
  // Keys run `place:` up to `place;` (the next character): a range on the (kind, key) index.
  const keys = db
    .selectDistinct({ key: follows.key })
    .from(follows)
    .where(and(eq(follows.kind, 'place'), gte(follows.key, 'place:'), lt(follows.key, 'place;')))
    .all()
  return keys.map(k => k.key.slice('place:'.length).trim()).filter(name => [...name].length >= 2 && texts.some(t => t.includes(name)))
}

const MAX_PLACES_OFFERED = 3

/**
 * The named places public texts are about, as residents follow them (`place:<name>`): the places of public topics
 * (what a topic page offers to follow) that the texts name, so `followedPlacesIn` finds each in them again; a
 * one-character place is left out as it is there. In the order the texts name them, a longer name first, at most three.
 */
export function placesNamedIn(db: DbOrTx, texts: string[]): string[] {
  const places = db.selectDistinct({ place: topics.place, status: topics.status, isPublic: topics.isPublic }).from(topics).where(isNotNull(topics.place)).all()
  const names = new Set(places.filter(isPublicTopic).map(t => t.place!.trim()))
  const all = texts.join('\n')
  return [...names]
    .filter(name => [...name].length >= 2 && texts.some(t => t.includes(name)))
    .sort((a, b) => all.indexOf(a) - all.indexOf(b) || b.length - a.length)
    .slice(0, MAX_PLACES_OFFERED)
}

/**
 * A published answer as news for followers: its scrubbed question is the title, and it is news at the named
 * places its public question or reply names — never where the complainant's own address or place says it is.
 * Undefined unless published.
 */
export function answerNews(db: DbOrTx, answerId: number): FollowNews | undefined {
  const a = db
    .select({
      id: answers.id,
      question: answers.publicQuestion,
      reply: answers.publicReply,
      categoryPath: answers.categoryPath,
      communityId: answers.communityId,
    })
    .from(answers)
    .where(and(eq(answers.id, answerId), eq(answers.status, 'published')))
    .get()
  if (!a) return undefined
  return {
    about: 'answer',
    id: a.id,
    title: a.question,
    link: `/answers/${a.id}`,
    categoryPath: a.categoryPath ?? [],
    communityId: a.communityId,
    places: followedPlacesIn(db, [a.question, a.reply]),
    topicId: null,
  }
}

/** A topic taken up for deliberation as news for followers; undefined unless it is public. */
export function topicNews(db: DbOrTx, topicId: number): FollowNews | undefined {
  const t = db.select().from(topics).where(eq(topics.id, topicId)).get()
  if (!t || !isPublicTopic(t)) return undefined
  const categoryPath = t.categoryPath.length ? t.categoryPath : t.category ? [t.category] : []
  return {
    about: 'topic',
    id: t.id,
    title: t.title,
    link: `/public/topics/${t.id}`,
    categoryPath,
    communityId: t.unitId,
    places: t.place ? [t.place] : [],
    topicId: t.id,
  }
}

/** A decision as news for the followers of its topic's category and place; undefined unless the topic is public. */
export function decisionNews(db: DbOrTx, decisionId: number): FollowNews | undefined {
  const d = db.select({ id: decisions.id, title: decisions.title, topicId: decisions.topicId }).from(decisions).where(eq(decisions.id, decisionId)).get()
  const topic = d && topicNews(db, d.topicId)
  if (!d || !topic) return undefined
  return { ...topic, about: 'decision', id: d.id, title: d.title }
}

/** The follow targets that cover a piece of news: every level of its category, its community and its named places. */
export function followTargetsOf(news: Pick<FollowNews, 'categoryPath' | 'communityId' | 'places'>): FollowTarget[] {
  const targets: FollowTarget[] = [...new Set(news.categoryPath)].map(c => ({ kind: 'category', key: c }))
  if (news.communityId) targets.push({ kind: 'place', key: `community:${news.communityId}` })
  for (const place of new Set(news.places.map(p => p.trim()).filter(Boolean))) targets.push({ kind: 'place', key: `place:${place}` })
  return targets
}

/** Topics the user follows (public page follow button), newest follow first. */
export function listFollowedTopics(db: DbOrTx, userId: number) {
  return db
    .select({ id: topics.id, title: topics.title, status: topics.status })
    .from(topicFollows)
    .innerJoin(topics, eq(topics.id, topicFollows.topicId))
    .where(eq(topicFollows.userId, userId))
    .orderBy(desc(topicFollows.createdAt))
    .all()
}
