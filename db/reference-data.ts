import type { Db } from './client'
import { workOrderStatuses, workOrderTransitions } from './schema/index'

/** Work-order statuses and transitions are data (FixMyStreet-style), not code. */
export const WORK_ORDER_STATUSES = [
  { code: 'draft', nameZh: '草稿', nameEn: 'Draft', position: 0, isTerminal: false, progress: 0 },
  // Sent, but nobody has acted on it yet: no progress to show.
  { code: 'dispatched', nameZh: '已派发', nameEn: 'Dispatched', position: 1, isTerminal: false, progress: 0 },
  { code: 'accepted', nameZh: '已接单', nameEn: 'Accepted', position: 2, isTerminal: false, progress: 20 },
  { code: 'in_progress', nameZh: '办理中', nameEn: 'In progress', position: 3, isTerminal: false, progress: 50 },
  // Handed in: the department says the work is done, so the share is all of it; verification confirms or sends it back.
  { code: 'awaiting_verification', nameZh: '待核验', nameEn: 'Awaiting verification', position: 4, isTerminal: false, progress: 100 },
  { code: 'verified', nameZh: '已核验', nameEn: 'Verified', position: 5, isTerminal: false, progress: 100 },
  { code: 'closed', nameZh: '已办结', nameEn: 'Closed', position: 6, isTerminal: true, progress: 100 },
  { code: 'returned', nameZh: '已退回', nameEn: 'Returned', position: 7, isTerminal: false, progress: 0 },
  { code: 'overdue', nameZh: '已超期', nameEn: 'Overdue', position: 8, isTerminal: false, progress: 0 },
  { code: 'escalated', nameZh: '已升级督办', nameEn: 'Escalated', position: 9, isTerminal: false, progress: 0 },
] as const

const T = (fromCode: string, toCode: string, ...roles: string[]) => roles.map(role => ({ fromCode, toCode, role }))

export const WORK_ORDER_TRANSITIONS = [
  ...T('draft', 'dispatched', 'street_staff'),
  ...T('dispatched', 'accepted', 'department_staff'),
  ...T('dispatched', 'returned', 'department_staff'),
  ...T('returned', 'dispatched', 'street_staff'),
  ...T('accepted', 'in_progress', 'department_staff'),
  ...T('in_progress', 'awaiting_verification', 'department_staff'),
  ...T('awaiting_verification', 'verified', 'supervisor'),
  ...T('awaiting_verification', 'in_progress', 'supervisor'),
  ...T('verified', 'closed', 'street_staff'),
  ...T('closed', 'in_progress', 'street_staff', 'system'),
  // A dissatisfied callback (好差评 ≤ 2, "reopen") reopens delivered orders on the rater's behalf.
  ...T('verified', 'in_progress', 'system'),
  ...T('overdue', 'escalated', 'street_staff', 'system'),
  ...T('overdue', 'in_progress', 'department_staff'),
  ...T('escalated', 'in_progress', 'department_staff'),
  ...T('dispatched', 'overdue', 'system'),
  ...T('accepted', 'overdue', 'system'),
  ...T('in_progress', 'overdue', 'system'),
]

/** Insert reference data that every installation needs (idempotent). */
export function ensureReferenceData(db: Db) {
  db.transaction(tx => {
    for (const s of WORK_ORDER_STATUSES) {
      tx.insert(workOrderStatuses)
        .values(s)
        .onConflictDoUpdate({
          target: workOrderStatuses.code,
          set: { nameZh: s.nameZh, nameEn: s.nameEn, position: s.position, isTerminal: s.isTerminal, progress: s.progress },
        })
        .run()
    }
    for (const t of WORK_ORDER_TRANSITIONS) tx.insert(workOrderTransitions).values(t).onConflictDoNothing().run()
  })
}
