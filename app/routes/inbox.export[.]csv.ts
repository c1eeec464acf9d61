import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb, listComplaints, toComplaintView, getUnitTree } from '#app/utils/db.server'
import { requireRole, scopeUnitIds, userHasRole } from '#app/utils/auth.server'
import { PAGE_ROLES } from '#app/utils/access'
import { inboxFilterFromUrl } from '#app/utils/inbox.server'
import { getPrefs } from '#app/utils/prefs.server'
import { PII_ROLES } from '#db/enums'
import { makeT, type MessageKey } from '#app/i18n/index'

const MAX_ROWS = 50_000

/** Spreadsheet-safe CSV cell: quoted when needed, and formulas neutralised (=, +, -, @). */
function csvCell(value: string | number | null | undefined): string {
  let s = value == null ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** GET /inbox/export.csv?…: the inbox with the same filters and the same masking, as CSV for Excel. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/inbox'])
  const db = getDb()
  const t = makeT(getPrefs(request).locale)
  const filter = { ...inboxFilterFromUrl(new URL(request.url), scopeUnitIds(user, PAGE_ROLES['/inbox'])), page: 1, pageSize: MAX_ROWS }
  const { rows } = listComplaints(db, filter)
  const tree = getUnitTree(db)
  const codes = new Map<number, string>()
  for (const r of rows) codes.set(r.id, r.trackingCode)
  const cols = ['trackingCode', 'channel', 'externalId', 'community', 'place', 'subject', 'body', 'category', 'status', 'receivedAt', 'name', 'phone', 'address', 'supporters', 'duplicateOf'] as const
  const lines = [cols.map(c => csvCell(t(`export.col.${c}` as MessageKey))).join(',')]
  for (const r of rows) {
    const v = toComplaintView(db, r, userHasRole(user, PII_ROLES, r.unitId))
    const dup = v.duplicateOfId ? codes.get(v.duplicateOfId) ?? String(v.duplicateOfId) : ''
    lines.push(
      [
        v.trackingCode,
        t(`channel.${v.channel}` as MessageKey),
        v.externalId,
        v.communityId ? tree.byId.get(v.communityId)?.nameZh : '',
        v.placeText,
        v.subject,
        v.body,
        v.categoryPath?.join('/') ?? '',
        t(`status.${v.status}` as MessageKey),
        new Date(v.receivedAt.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19),
        v.complainantName,
        v.complainantPhone,
        v.complainantAddress,
        v.supportersCount,
        dup,
      ]
        .map(csvCell)
        .join(','),
    )
  }
  const stamp = new Date().toISOString().slice(0, 10)
  // The BOM makes Excel read the file as UTF-8.
  return new Response('\uFEFF' + lines.join('\r\n') + '\r\n', {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="inbox-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
