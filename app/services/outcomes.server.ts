import { type Locale, makeT } from '#app/i18n/index'
import { type SessionUser, scopeUnitIds, userHasRole } from '#app/utils/auth.server'
import { formError } from '#app/utils/form-errors'
import { DECISION_RECORD_ROLES, DECISION_VIEW_ROLES, DEPARTMENT_ROLES, ORDER_ISSUE_ROLES, PAGE_ROLES } from '#app/utils/permissions'
import { type DbOrTx, getDb } from '#db/client'
import type { Role } from '#db/enums'
import { unitsWithin } from '#db/queries/units'
import { type PersonalDataFinding, workOrderRolesOf } from '#db/queries/work-orders'

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

/**
 * Whether `user` may open a decision on a topic of `unitId`. /decisions/:id
 * refuses whoever fails this, and pages link a decision only for whoever passes it.
 */
export function mayOpenDecision(user: SessionUser, unitId: number) {
  return userHasRole(user, DECISION_VIEW_ROLES, unitId)
}

/**
 * The roles `user` holds on a work order; with none, /orders/:id (and its
 * photos) answer 403, so pages name such an order without linking it.
 */
export function orderRolesOf(db: DbOrTx, user: SessionUser, order: { departmentId: number; topicUnitId: number | null }) {
  return workOrderRolesOf(db, { kind: 'user', id: user.id }, order)
}

/** The list a work order's reader goes back to: /orders for those who may open it, else the supervisors' /supervise. */
export function orderListOf(user: SessionUser): '/orders' | '/supervise' {
  return userHasRole(user, PAGE_ROLES['/orders']) ? '/orders' : '/supervise'
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

/**
 * Field errors naming the personal data found in each field as its writer typed
 * it ("发现电话号码「13900001111」、姓名「王阿姨」"), in the reader's language, for
 * a form to show beside its fields while keeping what was typed, so the writer
 * sees which words to delete. Only in the response to the writer: never logged
 * or stored. When a landline is found the message adds that an office's number
 * may stay once the text says whose office it is.
 */
export function personalDataErrors(
  messageKey: 'outcome.error.personalData' | 'outcome.error.decisionPersonalData',
  found: Record<string, PersonalDataFinding[]>,
  locale: Locale,
): Record<string, string[]> {
  const t = makeT(locale)
  const named = (f: PersonalDataFinding) => t(`outcome.personal.${f.kind}`) + (f.typed ? t('outcome.personal.quoted', { text: f.typed }) : '')
  const isLandline = (f: PersonalDataFinding) => f.kind === 'phone' && !!f.typed && !/^(?:\+?86)?1[3-9]/.test(f.typed.replace(/[^0-9+]/g, ''))
  return Object.fromEntries(
    Object.entries(found).map(([field, list]) => [
      field,
      [formError(list.some(isLandline) ? `${messageKey}Office` : messageKey, { found: list.map(named).join(t('outcome.personal.separator')) })],
    ]),
  )
}
