import type { Role } from '#db/enums'
import type { MessageKey } from '#app/i18n/index'

export type NavItem = { to: string; label: MessageKey }

const BY_ROLE: Record<Role, NavItem[]> = {
  resident: [
    { to: '/me', label: 'nav.me' },
    { to: '/complaints/new', label: 'nav.submit' },
    { to: '/answers', label: 'nav.answers' },
  ],
  community_worker: [
    { to: '/inbox', label: 'nav.inbox' },
    { to: '/topics', label: 'nav.topics' },
    { to: '/entry', label: 'nav.entry' },
    { to: '/import', label: 'nav.import' },
    { to: '/pool', label: 'nav.pool' },
    { to: '/meetings', label: 'nav.meetings' },
    { to: '/decisions', label: 'nav.decisions' },
    { to: '/dashboard', label: 'nav.dashboard' },
    { to: '/taxonomy', label: 'nav.taxonomy' },
    { to: '/answers/review', label: 'nav.answersReview' },
  ],
  street_staff: [
    { to: '/street', label: 'nav.street' },
    { to: '/inbox', label: 'nav.inbox' },
    { to: '/topics', label: 'nav.topics' },
    { to: '/decisions', label: 'nav.decisions' },
    { to: '/orders', label: 'nav.orders' },
    { to: '/reports', label: 'nav.reports' },
    { to: '/dashboard', label: 'nav.dashboard' },
    { to: '/answers/review', label: 'nav.answersReview' },
  ],
  department_staff: [{ to: '/orders', label: 'nav.orders' }],
  facilitator: [{ to: '/meetings', label: 'nav.meetings' }],
  supervisor: [{ to: '/supervise', label: 'nav.supervise' }],
  admin: [
    { to: '/admin', label: 'nav.admin' },
    { to: '/inbox', label: 'nav.inbox' },
  ],
}

/** Navigation for a set of roles, without duplicates, in role order. */
export function navFor(roles: Role[]): NavItem[] {
  const seen = new Set<string>()
  const out: NavItem[] = []
  for (const r of roles) for (const item of BY_ROLE[r] ?? []) if (!seen.has(item.to)) (seen.add(item.to), out.push(item))
  return out
}
