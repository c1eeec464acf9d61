import { localName } from '#app/i18n/local-name'
import { userHasRole } from '#app/utils/auth.server'
import { REVIEW_ROLES } from '#app/utils/permissions'
import { getDb } from '#db/client'
import type { SessionUser } from '#db/queries/auth'
import { getTopic } from '#db/queries/topics'
import { getUnit } from '#db/queries/units'

/** Whether the user may review topics of this unit (open /topics/:id): their scope covers it. */
export function mayReviewTopic(user: SessionUser, unitId: number | null) {
  return userHasRole(user, REVIEW_ROLES, unitId)
}

/** The topic if the user may review it (their scope covers its unit), else a 404/403 Response. */
export function requireReviewableTopic(user: SessionUser, topicId: number) {
  const topic = Number.isInteger(topicId) ? getTopic(getDb(), topicId) : undefined
  if (!topic) throw new Response('Not found', { status: 404 })
  if (!mayReviewTopic(user, topic.unitId)) throw new Response('Forbidden', { status: 403 })
  return topic
}

export function unitLabel(unitId: number | null, locale: 'zh' | 'en') {
  const u = unitId == null ? undefined : getUnit(getDb(), unitId)
  return localName(u, locale)
}
