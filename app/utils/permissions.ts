// Who may do what: every list of roles the app checks lives here, so a page,
// a service and the route × role test read the same table. The predicates that
// need the database (scope of a grant) are in auth.server.ts and take these lists.
import { PII_ROLES, POOL_ROLES, ROLE_HOME, WORK_ORDER_ROLES, type Role } from '#db/enums'

export { PII_ROLES, POOL_ROLES, ROLE_HOME, WORK_ORDER_ROLES }

/**
 * Who may open each page. Loaders call requireRole with these lists, and the
 * route × role test walks this same table, so the two cannot drift apart.
 * (`admin` passes every role check.)
 */
export const PAGE_ROLES = {
  '/me': ['resident'],
  '/inbox': ['community_worker', 'street_staff'],
  '/entry': ['community_worker', 'street_staff'],
  '/import': ['community_worker', 'street_staff'],
  '/topics': ['community_worker', 'street_staff'],
  '/street': ['street_staff'],
  '/orders': ['department_staff', 'street_staff'],
  '/meetings': ['facilitator', 'community_worker', 'street_staff'],
  '/supervise': ['supervisor', 'street_staff'],
  '/admin': ['admin'],
  /** Supervisors read the rows about their area; administrators read every row. */
  '/audit': ['supervisor'],
  '/notifications': ['community_worker', 'street_staff', 'department_staff', 'facilitator', 'supervisor', 'resident'],
  '/taxonomy': ['community_worker', 'street_staff'],
  '/dashboard': ['community_worker', 'street_staff'],
  '/pool': ['community_worker', 'street_staff'],
  /** Supervisors read the figures of the area they oversee. */
  '/reports': ['street_staff', 'supervisor'],
  '/answers/review': ['community_worker', 'street_staff'],
} as const satisfies Record<string, readonly Role[]>

export type ProtectedPage = keyof typeof PAGE_ROLES

/** Pages anyone may open, logged in or not. */
export const PUBLIC_PAGES = ['/', '/login', '/complaints/new', '/track', '/public', '/answers'] as const

/** Who reviews suggested topics (approve, merge, reject, reassign) in their scope. */
export const REVIEW_ROLES = PAGE_ROLES['/topics']
/** Who manages the deliberator pool of the communities in their scope. */
export const POOL_STAFF = PAGE_ROLES['/pool']
/** Who may schedule meetings (in the scope of the topic's unit). */
export const ORGANISER_ROLES = PAGE_ROLES['/meetings']
/** Who reviews the reply library and its FAQ. */
export const ANSWER_REVIEW_ROLES = PAGE_ROLES['/answers/review']
/** Who may edit the complaint taxonomy (everyone on /taxonomy may test it). */
export const TAXONOMY_EDIT_ROLES = ['street_staff'] as const satisfies readonly Role[]

/** Who may read decisions. */
export const DECISION_VIEW_ROLES = ['street_staff', 'community_worker', 'facilitator', 'supervisor'] as const satisfies readonly Role[]
/** Who may record a decision from a meeting. */
export const DECISION_RECORD_ROLES = ['street_staff', 'community_worker', 'facilitator'] as const satisfies readonly Role[]
/** Who may record a measured value of a decision's target. */
export const MEASURE_ROLES = ['street_staff', 'community_worker', 'supervisor'] as const satisfies readonly Role[]
/** Who issues work orders from a decision, and oversees them by default. */
export const ORDER_ISSUE_ROLES = ['street_staff'] as const satisfies readonly Role[]
/** Who carries out work orders for their department. */
export const DEPARTMENT_ROLES = ['department_staff'] as const satisfies readonly Role[]
