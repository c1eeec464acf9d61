import { makeT } from '#app/i18n/index'
import { formatTimelineEntry } from '#app/services/timeline'
import { getDb, getPublicTimeline, getUnitByCode } from '#app/utils/db.server'
import { localCategoryName } from '#app/utils/labels.server'
import { getPrefs } from '#app/utils/prefs.server'

/**
 * A community's public timeline, newest first, in the reader's language; an
 * unknown code or a unit that is not a community is a 404. `mark` wraps words
 * that stay Chinese (markZh for pages, none for feeds).
 */
export function communityTimeline(request: Request, code: string | undefined, opts: { limit: number; mark?: (text: string) => string }) {
  const db = getDb()
  const community = getUnitByCode(db, code ?? '')
  if (!community || community.kind !== 'community') throw new Response('Not found', { status: 404 })
  const { locale } = getPrefs(request)
  const t = makeT(locale)
  const categoryName = localCategoryName(db, locale)
  const entries = getPublicTimeline(db, { communityId: community.id }, { limit: opts.limit }).map(e => ({
    ...formatTimelineEntry(e, t, locale, categoryName, opts.mark),
    refId: e.refId,
  }))
  return { community, locale, t, entries }
}
