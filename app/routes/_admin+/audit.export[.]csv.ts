import type { LoaderFunctionArgs } from '@remix-run/node'
import { isMessageKey, makeT, type MessageKey } from '#app/i18n/index'
import { auditFilter, auditQueryFromUrl, auditReach } from '#app/utils/audit.server'
import { requireRole } from '#app/utils/auth.server'
import { csvLine } from '#app/utils/csv'
import { chinaDay, chinaIsoString } from '#app/utils/dates'
import { getDb } from '#app/utils/db.server'
import { PAGE_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'
import { auditPeople, lastAuditId, listAuditEvents } from '#db/queries/audit'

/** Rows read from the database per step while streaming: the export has no row limit. */
const PAGE_ROWS = 1000

/**
 * GET /audit/export.csv?…: the audit log with the page's filters, every matching row, for the reader's
 * reach (supervisors: their area, residents unnamed). The same columns as the page, in words and as
 * codes; what a row changed (before/after) stays in the database.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/audit'])
  const db = getDb()
  const t = makeT(getPrefs(request).locale)
  const reach = auditReach(db, user)
  const filter = { ...auditFilter(db, auditQueryFromUrl(new URL(request.url)), reach), upToId: lastAuditId(db) }
  const words = (key: string, fallback: string) => (isMessageKey(key) ? t(key as MessageKey) : fallback)
  const header = [
    t('common.time'),
    t('admin.audit.actor'),
    t('audit.col.account'),
    t('admin.audit.action'),
    t('audit.col.actionCode'),
    t('admin.audit.subject'),
    t('audit.col.subjectId'),
  ]
  const line = (e: ReturnType<typeof auditPeople>[number]) =>
    csvLine([
      chinaIsoString(e.createdAt).slice(0, 19).replace('T', ' '),
      e.actorName?.displayName ??
        (e.actorKind === 'token'
          ? t('admin.audit.token', { id: e.actorId ?? '' })
          : e.actorKind === 'user'
            ? `#${e.actorId}`
            : e.actorKind === 'resident'
              ? t('admin.audit.resident')
              : t(e.actorKind === 'system' ? 'admin.audit.system' : 'admin.audit.anonymous')),
      e.actorName?.username ?? '',
      words(`audit.action.${e.action}`, e.action),
      e.action,
      words(`audit.subject.${e.subjectType}`, e.subjectType),
      e.subjectName ? e.subjectName.username : (e.subjectId ?? ''),
    ])
  const encoder = new TextEncoder()
  let page = 0
  // Streamed page by page, so every matching row is exported without holding them all.
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (page === 0) controller.enqueue(encoder.encode('\uFEFF' + csvLine(header) + '\r\n'))
      const { rows, pages } = listAuditEvents(db, filter, { page: ++page, pageSize: PAGE_ROWS })
      const named = auditPeople(db, rows, { staffOnly: reach.scoped })
      if (named.length) controller.enqueue(encoder.encode(named.map(r => line(r) + '\r\n').join('')))
      if (page >= pages || rows.length < PAGE_ROWS) controller.close()
    },
  })
  // The BOM makes Excel read the file as UTF-8.
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-${chinaDay(Date.now())}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
