import { getDb } from '#db/client'
import { listUnits, unitDescendantIds } from '#db/queries/units'
import type { SessionUser } from '#app/utils/auth.server'
import { scopeUnitIds } from '#app/utils/auth.server'

/** Departments a department-staff user works for (null = all, e.g. admin). */
export function departmentScope(user: SessionUser) {
  return scopeUnitIds(user, ['department_staff'])
}

/** Units a street-staff/worker/supervisor user oversees (null = everywhere). */
export function oversightScope(user: SessionUser, roles: ('street_staff' | 'community_worker' | 'supervisor' | 'facilitator')[] = ['street_staff']) {
  return scopeUnitIds(user, roles)
}

/** Absolute base URL of this request (for links printed on notices and sent by SMS). */
export function baseUrlOf(request: Request) {
  return new URL(request.url).origin
}

/** Who may read decisions (and record them from a meeting). */
export const DECISION_VIEW_ROLES = ['street_staff', 'community_worker', 'facilitator', 'supervisor'] as const
export const DECISION_RECORD_ROLES = ['street_staff', 'community_worker', 'facilitator'] as const
/** Who may record a measured value of a target. */
export const MEASURE_ROLES = ['street_staff', 'community_worker', 'supervisor'] as const

/** Communities a street-office user oversees (scope null = all). */
export function communitiesInScope(scope: number[] | null) {
  const db = getDb()
  const visible = scope ? new Set(scope.flatMap(id => unitDescendantIds(db, id))) : null
  return listUnits(db, 'community').filter(c => !visible || visible.has(c.id))
}
