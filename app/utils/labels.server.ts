import { topicTitleText } from '#app/components/zh-text'
import type { Locale } from '#app/i18n/index'
import { getPipeline } from '#app/services/nlp.server'
import { localDateParams } from '#app/utils/dates'
import { getTopic, listUnits, type Db } from '#app/utils/db.server'
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

/**
 * An answer's category as every page shows it: the top level and, when the
 * answer has one, its subcategory, in the reader's language; null when it has none.
 */
export function answerCategoryName(db: Db, locale: Locale): (path: string[] | null | undefined) => string | null {
  const name = localCategoryName(db, locale)
  return path => (path?.length ? path.slice(0, 2).map(name).join(' / ') : null)
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
 * A notice about a topic (its `link`, /topics/<id>) names it by its title now,
 * as the topic pages do: the engine retitles a suggestion as it grows.
 */
export function localNotificationParams(
  db: Db,
  locale: Locale,
): (params: Record<string, string | number>, link?: string | null) => Record<string, string | number> {
  const titles = new Map<number, string | undefined>()
  const topicTitle = (link: string | null | undefined, sent: string | number | undefined) => {
    const id = Number(/^\/topics\/(\d+)$/.exec(link ?? '')?.[1])
    if (!id || typeof sent !== 'string') return sent
    if (!titles.has(id)) titles.set(id, getTopic(db, id)?.title)
    return topicTitleText(titles.get(id) ?? sent, locale)
  }
  const written = (p: Record<string, string | number>, link?: string | null) => {
    const title = topicTitle(link, p.title)
    const params = title === undefined ? p : { ...p, title }
    return localDateParams(
      Object.fromEntries(Object.entries(params).map(([k, v]) => [k, WRITTEN_PARAMS.has(k) && typeof v === 'string' ? markZh(v) : v])),
      locale,
    )
  }
  if (locale === 'zh') return written
  const unit = localUnitName(db, locale)
  const status = new Map<string, string>(WORK_ORDER_STATUSES.map(s => [s.nameZh, s.nameEn]))
  return (p, link) => ({
    ...written(p, link),
    ...(typeof p.status === 'string' ? { status: status.get(p.status) ?? p.status } : {}),
    ...(typeof p.department === 'string' ? { department: unit(p.department) } : {}),
  })
}
