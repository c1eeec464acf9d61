import { json, type TypedResponse } from '@remix-run/node'
import { OutcomeError } from '#db/queries/outcomes'
import { getDb } from '#db/client'
import { unitsWithin } from '#db/queries/units'
import type { SessionUser } from '#app/utils/auth.server'
import { scopeUnitIds } from '#app/utils/auth.server'
import { DEPARTMENT_ROLES, ORDER_ISSUE_ROLES } from '#app/utils/permissions'
import type { Role } from '#db/enums'

const STATUS: Record<OutcomeError['code'], number> = { 'not-found': 404, forbidden: 403, conflict: 409, invalid: 400 }

/**
 * Run a civic action; expected failures become a JSON reply the page shows
 * (`formError` with a message key), anything else propagates.
 */
export type ActionFailure = { formError: `outcome.error.${OutcomeError['code']}`; detail: string }

export function runAction<T>(fn: () => T): { ok: true; value: T } | { ok: false; response: TypedResponse<ActionFailure> } {
  try {
    return { ok: true, value: fn() }
  } catch (e) {
    if (e instanceof OutcomeError) {
      if (e.code === 'not-found') throw new Response('Not found', { status: 404 })
      return { ok: false, response: json<ActionFailure>({ formError: `outcome.error.${e.code}`, detail: e.message }, { status: STATUS[e.code] }) }
    }
    throw e
  }
}

/** Departments a department-staff user works for (null = all, e.g. admin). */
export function departmentScope(user: SessionUser) {
  return scopeUnitIds(user, DEPARTMENT_ROLES)
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
