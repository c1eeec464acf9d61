import type { LoaderFunctionArgs } from '@remix-run/node'
import { makeT, type MessageKey } from '#app/i18n/index'
import { requireRole, scopeUnitIds, userHasRole } from '#app/utils/auth.server'
import { csvLine } from '#app/utils/csv'
import { chinaDay, chinaIsoString } from '#app/utils/dates'
import { getDb, getComplaint, inboxSortOf, listComplaints, toComplaintView, type ComplaintRow, getUnitTree } from '#app/utils/db.server'
import { inboxFilterFromUrl } from '#app/utils/inbox.server'
import { localCategoryName, localUnitName } from '#app/utils/labels.server'
import { PAGE_ROLES, PII_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'

/** Rows read from the database per step while streaming: the export has no row limit. */
const PAGE_ROWS = 1000

/** GET /inbox/export.csv?…: the inbox with the same filters and the same masking, as CSV for Excel. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/inbox'])
  const db = getDb()
  const { locale } = getPrefs(request)
  const t = makeT(locale)
  // Community and category named in the reader's language, as the inbox shows them; what people wrote stays as written.
  const unitName = localUnitName(db, locale)
  const categoryName = localCategoryName(db, locale)
  const url = new URL(request.url)
  // Rows in the order the inbox shows them.
  const filter = { ...inboxFilterFromUrl(url, scopeUnitIds(user, PAGE_ROLES['/inbox'])), sort: inboxSortOf(url.searchParams.get('sort')) }
  const tree = getUnitTree(db)
  const cols = [
    'trackingCode',
    'channel',
    'externalId',
    'community',
    'place',
    'subject',
    'body',
    'category',
    'status',
    'receivedAt',
    'name',
    'phone',
    'address',
    'supporters',
    'duplicateOf',
  ] as const
  const line = (r: ComplaintRow) => {
    const v = toComplaintView(db, r, userHasRole(user, PII_ROLES, r.unitId))
    const dup = v.duplicateOfId ? (getComplaint(db, v.duplicateOfId)?.trackingCode ?? String(v.duplicateOfId)) : ''
    return csvLine([
      v.trackingCode,
      t(`channel.${v.channel}` as MessageKey),
      v.externalId,
      v.communityId ? unitName(tree.byId.get(v.communityId)?.nameZh ?? '') : '',
      v.placeText,
      v.subject,
      v.body,
      v.categoryPath?.map(categoryName).join('/') ?? '',
      t(`status.${v.status}` as MessageKey),
      chinaIsoString(v.receivedAt).slice(0, 19).replace('T', ' '),
      v.complainantName,
      v.complainantPhone,
      v.complainantAddress,
      v.supportersCount,
      dup,
    ])
  }
  const encoder = new TextEncoder()
  let page = 0
  // Streamed page by page, so every matching row is exported without holding them all.
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (page === 0) controller.enqueue(encoder.encode('\uFEFF' + csvLine(cols.map(c => t(`export.col.${c}` as MessageKey))) + '\r\n'))
      const { rows, pages } = listComplaints(db, { ...filter, page: ++page, pageSize: PAGE_ROWS })
      if (rows.length) controller.enqueue(encoder.encode(rows.map(r => line(r) + '\r\n').join('')))
      if (page >= pages || rows.length < PAGE_ROWS) controller.close()
    },
  })
  const stamp = chinaDay(Date.now())
  // The BOM makes Excel read the file as UTF-8.
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="inbox-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
