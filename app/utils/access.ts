import type { Role } from '#db/enums'

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
  '/notifications': ['community_worker', 'street_staff', 'department_staff', 'facilitator', 'supervisor', 'resident'],
  '/taxonomy': ['community_worker', 'street_staff'],
  '/dashboard': ['community_worker', 'street_staff'],
  '/pool': ['community_worker', 'street_staff'],
  '/reports': ['street_staff'],
  '/answers/review': ['community_worker', 'street_staff'],
} as const satisfies Record<string, readonly Role[]>

export type ProtectedPage = keyof typeof PAGE_ROLES

/** Pages anyone may open, logged in or not. */
export const PUBLIC_PAGES = ['/', '/login', '/complaints/new', '/track', '/public', '/answers'] as const
