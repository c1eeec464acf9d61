import type { Locale } from '#app/i18n/index'
import { getPipeline } from '#app/services/nlp.server'
import { localDateParams } from '#app/utils/dates'
import { listUnits, type Db } from '#app/utils/db.server'
import { markZh } from '#app/utils/zh-marks'
import { WORK_ORDER_STATUSES } from '#db/reference-data'
import type { TaxonomyNode } from '#nlp/taxonomy'

/**
 * Complaints and topics store category and community names in Chinese. In English
 * mode show the English names (taxonomy in force, units table); unknown names stay as stored.
 */
export function localCategoryName(db: Db, locale: Locale): (nameZh: string) => string {
  if (locale === 'zh') return s => s
  const en = new Map<string, string>()
  const walk = (nodes: TaxonomyNode[]) => {
    for (const n of nodes) {
      if (n.nameEn && !en.has(n.nameZh)) en.set(n.nameZh, n.nameEn)
      walk(n.children)
    }
  }
  walk(getPipeline(db).taxonomy.categories)
  return s => en.get(s) ?? s
}

export function localUnitName(db: Db, locale: Locale): (nameZh: string) => string {
  if (locale === 'zh') return s => s
  const en = new Map(listUnits(db).map(u => [u.nameZh, u.nameEn] as const))
  return s => en.get(s) || s
}

/** Notification parameters that are titles people wrote: marked to stay Chinese (see markZh). */
const WRITTEN_PARAMS = new Set(['title', 'topic', 'decision', 'order'])

/**
 * Notifications store their parameters as written when sent (Chinese names
 * of statuses and departments); shown in English, those names are translated.
 */
export function localNotificationParams(db: Db, locale: Locale): (params: Record<string, string | number>) => Record<string, string | number> {
  const written = (p: Record<string, string | number>) =>
    localDateParams(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, WRITTEN_PARAMS.has(k) && typeof v === 'string' ? markZh(v) : v])), locale)
  if (locale === 'zh') return written
  const unit = localUnitName(db, locale)
  const status = new Map<string, string>(WORK_ORDER_STATUSES.map(s => [s.nameZh, s.nameEn]))
  return p => ({
    ...written(p),
    ...(typeof p.status === 'string' ? { status: status.get(p.status) ?? p.status } : {}),
    ...(typeof p.department === 'string' ? { department: unit(p.department) } : {}),
  })
}
