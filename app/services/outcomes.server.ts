import { type SessionUser, scopeUnitIds, userHasRole } from '#app/utils/auth.server'
import { DECISION_RECORD_ROLES, DEPARTMENT_ROLES, ORDER_ISSUE_ROLES } from '#app/utils/permissions'
import { getDb } from '#db/client'
import type { Role } from '#db/enums'
import { unitsWithin } from '#db/queries/units'

/** Departments a department-staff user works for (null = all, e.g. admin). */
export function departmentScope(user: SessionUser) {
  return scopeUnitIds(user, DEPARTMENT_ROLES)
}

/**
 * Whether `user` may record a decision: at all, or (with `unitId`) for a
 * meeting on a topic of that unit. /decisions/new refuses whoever fails this,
 * and the pages that link there offer the link only to whoever passes it.
 */
export function mayRecordDecision(user: SessionUser, unitId?: number) {
  return userHasRole(user, DECISION_RECORD_ROLES, unitId)
}

/** Units a street-staff/worker/supervisor user oversees (null = everywhere). */
export function oversightScope(user: SessionUser, roles: readonly Role[] = ORDER_ISSUE_ROLES) {
  return scopeUnitIds(user, roles)
}

/** Absolute base URL of this request (for links printed on notices and sent by SMS). */
export function baseUrlOf(request: Request) {
  return new URL(request.url).origin
}

/** Communities a street-office user oversees (scope null = all). */
export function communitiesInScope(scope: number[] | null) {
  return unitsWithin(getDb(), scope, 'community')
}
