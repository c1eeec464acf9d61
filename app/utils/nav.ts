import type { MessageKey } from '#app/i18n/index'
import type { Role } from '#db/enums'

export type NavItem = { to: string; label: MessageKey }

/** Every page the navigation can show; its label key is `nav.<name>`. */
const PAGES = {
  me: '/me',
  submit: '/complaints/new',
  answers: '/answers',
  public: '/public',
  inbox: '/inbox',
  topics: '/topics',
  entry: '/entry',
  import: '/import',
  pool: '/pool',
  meetings: '/meetings',
  decisions: '/decisions',
  dashboard: '/dashboard',
  taxonomy: '/taxonomy',
  answersReview: '/answers/review',
  street: '/street',
  orders: '/orders',
  reports: '/reports',
  supervise: '/supervise',
  admin: '/admin',
  audit: '/audit',
} as const satisfies Record<string, string>

type PageName = keyof typeof PAGES

const BY_ROLE: Record<Role, PageName[]> = {
  // The landing page sends a logged-in resident to /me: the public record must be reachable from here.
  resident: ['me', 'submit', 'answers', 'public'],
  community_worker: ['inbox', 'topics', 'entry', 'import', 'pool', 'meetings', 'decisions', 'dashboard', 'taxonomy', 'answersReview'],
  street_staff: ['street', 'inbox', 'topics', 'meetings', 'decisions', 'orders', 'reports', 'dashboard', 'taxonomy', 'pool', 'answersReview'],
  department_staff: ['orders'],
  facilitator: ['meetings', 'decisions'],
  supervisor: ['supervise', 'decisions', 'reports', 'audit'],
  admin: ['admin', 'audit', 'inbox', 'import', 'pool', 'taxonomy'],
}

function navItem(name: PageName): NavItem {
  const label: MessageKey = `nav.${name}`
  return { to: PAGES[name], label }
}

/** Navigation for a set of roles, without duplicates, in role order. */
export function navFor(roles: Role[]): NavItem[] {
  const names = new Set<PageName>()
  for (const role of roles) for (const name of BY_ROLE[role] ?? []) names.add(name)
  return [...names].map(navItem)
}
