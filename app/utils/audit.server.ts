// The audit log's filters, read from the address: one reading for the page and its CSV export,
// and the reader's reach (administrators: every row; supervisors: their area).
import type { AuditQuery } from '#app/components/admin/audit-log'
import { chinaDayEnd, chinaDayStart } from '#app/utils/dates'
import { getDb, listUnits, unitDescendantIds, unitIdsWithin } from '#app/utils/db.server'
import { PAGE_ROLES } from '#app/utils/permissions'
import type { DbOrTx } from '#db/client'
import { AUDIT_GROUPS, auditPeople, countAuditEventsAfter, lastAuditId, listAuditEvents, type AuditFilter, type AuditGroup } from '#db/queries/audit'
import { type SessionUser, scopeUnitIds } from './auth.server'

export const AUDIT_PAGE_SIZE = 50

const DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * The filters in the address, the page, and the newest row the reader started from (`upto`, carried by
 * the page links so that rows written meanwhile do not shift the pages); what cannot be read is left out.
 */
export function auditQueryFromUrl(url: URL): AuditQuery & { page: number; upTo: number | null } {
  const p = url.searchParams
  const group = p.get('group') ?? ''
  const unit = Number(p.get('unit'))
  const day = (name: string) => {
    const v = p.get(name)?.trim() ?? ''
    return DAY.test(v) && chinaDayStart(v) ? v : ''
  }
  const page = Number(p.get('page'))
  const upTo = Number(p.get('upto'))
  return {
    routine: p.get('routine') === '1',
    group: (AUDIT_GROUPS as readonly string[]).includes(group) ? (group as AuditGroup) : '',
    actor: (p.get('actor') ?? '').trim().slice(0, 100),
    unit: Number.isInteger(unit) && unit > 0 ? unit : null,
    from: day('from'),
    to: day('to'),
    page: Number.isInteger(page) && page > 0 ? page : 1,
    upTo: p.has('upto') && Number.isInteger(upTo) && upTo >= 0 ? upTo : null,
  }
}

/**
 * What this reader may read of the log. Administrators read every row. Supervisors read the rows about
 * subjects in the units they supervise (a topic and what hangs from it, complaints, replies, pool
 * members, the unit itself): rows about accounts, tokens, the taxonomy or messages lie in no unit and
 * stay out, and residents who acted are not named.
 */
export function auditReach(db: DbOrTx, user: SessionUser) {
  const isAdmin = user.grants.some(g => g.role === 'admin')
  if (isAdmin) return { scoped: false as const, unitIds: null }
  const scope = unitIdsWithin(db, scopeUnitIds(user, PAGE_ROLES['/audit'])) ?? listUnits(db).map(u => u.id)
  return { scoped: true as const, unitIds: scope }
}

/** The filter for the database: the address's filters within the reader's reach. */
export function auditFilter(db: DbOrTx, q: AuditQuery, reach: ReturnType<typeof auditReach>): AuditFilter {
  const inReach = q.unit != null && (!reach.unitIds || reach.unitIds.includes(q.unit))
  return {
    group: q.group || null,
    actor: q.actor || null,
    staffActorsOnly: reach.scoped,
    unitIds: inReach ? unitDescendantIds(db, q.unit!) : reach.unitIds,
    from: q.from ? chinaDayStart(q.from) : null,
    to: q.to ? chinaDayEnd(q.to) : null,
    routine: q.routine,
  }
}

/**
 * One page of the log for this reader, people named as the reader may see them: the rows up to the one
 * the reader started from (the newest, when opened afresh), and how many matching rows came after it.
 */
export function readAuditLog(user: SessionUser, url: URL, pageSize = AUDIT_PAGE_SIZE) {
  const db = getDb()
  const { upTo: startedFrom, ...query } = auditQueryFromUrl(url)
  const reach = auditReach(db, user)
  const filter = auditFilter(db, query, reach)
  const upTo = startedFrom ?? lastAuditId(db)
  const { rows, ...paging } = listAuditEvents(db, { ...filter, upToId: upTo }, { page: query.page, pageSize })
  const newer = startedFrom == null ? 0 : countAuditEventsAfter(db, filter, upTo)
  return { query, reach, filter, ...paging, upTo, newer, rows: auditPeople(db, rows, { staffOnly: reach.scoped }) }
}
