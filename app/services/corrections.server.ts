import type { Locale, MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { userHasRole } from '#app/utils/auth.server'
import { REVIEW_ROLES } from '#app/utils/permissions'
import type { Db } from '#db/client'
import type { SessionUser } from '#db/queries/auth'
import { getComplainantAccount, type ComplaintRow } from '#db/queries/complaints'
import { listTopicsOfComplaint } from '#db/queries/topics'
import { walkTaxonomy } from '#nlp/taxonomy'
import { getPipeline } from './nlp.server'

export type CategoryOption = { id: string; label: string; depth: number }

/** Every node of the taxonomy in force, as choices for a correction; `current` is the complaint's node. */
export function categoryChoices(db: Db, locale: Locale, path: string[] | null): { options: CategoryOption[]; current: string } {
  const nodes = walkTaxonomy(getPipeline(db).taxonomy)
  const name = (n: (typeof nodes)[number]['node']) => localName(n, locale)
  const key = (path ?? []).join('/')
  return {
    options: nodes.map(n => ({ id: n.node.id, label: name(n.node), depth: n.depth })),
    current: nodes.find(n => n.path.join('/') === key)?.node.id ?? '',
  }
}

/** Topics a complaint is part of (merged-away ones point to where it went), linked when the viewer may review them. */
export function complaintTopicLinks(db: Db, user: SessionUser, complaintId: number) {
  return listTopicsOfComplaint(db, complaintId).map(t => ({ id: t.id, title: t.title, status: t.status, canOpen: userHasRole(user, REVIEW_ROLES, t.unitId) }))
}

/**
 * Who filed a complaint from their account without typing a name: the account's
 * display name (and phone) stand in. Only for viewers allowed to see personal data.
 */
export function complainantFromAccount(db: Db, c: Pick<ComplaintRow, 'complainantUserId'>) {
  return getComplainantAccount(db, c)
}

/**
 * Status-history notes written by the system name categories in Chinese
 * ("教育文体", "教育文体 / 学校与教学管理 → 环境保护 / 噪音污染"): shown in the
 * reader's language. Other notes are a person's words and stay as written.
 */
export function localizeCategoryNote(note: string, categoryName: (nameZh: string) => string): string {
  const parts = note.split(/( \/ | → )/)
  const names = parts.filter((_, i) => i % 2 === 0)
  const known = names.every(n => n === '—' || categoryName(n) !== n)
  return known ? parts.map((p, i) => (i % 2 === 0 && p !== '—' ? categoryName(p) : p)).join('') : note
}
