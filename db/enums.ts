// Shared enums: driver-free so components and the browser bundle can import them.

export const ROLES = ['resident', 'community_worker', 'street_staff', 'department_staff', 'facilitator', 'supervisor', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const CHANNELS = ['web', 'hotline', 'mailbox', 'petition', 'grid', 'online', 'import', 'open311'] as const
export type Channel = (typeof CHANNELS)[number]

/** Longest texts a complaint may carry, in characters; the form's error messages state them. */
export const COMPLAINT_TEXT_LIMITS = { subject: 200, body: 20_000, place: 200, name: 100, phone: 40, address: 300, externalId: 100 } as const
/** Shortest subject and description worth filing, in characters. */
export const COMPLAINT_MIN_LENGTH = { subject: 2, body: 5 } as const

export const COMPLAINT_STATUSES = ['received', 'classified', 'in_topic', 'resolved', 'closed'] as const
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number]

export const TOPIC_STATUSES = ['suggested', 'approved', 'rejected', 'merged', 'snoozed'] as const
export type TopicStatus = (typeof TOPIC_STATUSES)[number]

export const REJECT_REASONS = ['not_jurisdiction', 'already_handled', 'not_deliberation', 'duplicate', 'insufficient', 'other'] as const

export const UNIT_KINDS = ['district', 'street', 'community', 'department'] as const
export type UnitKind = (typeof UNIT_KINDS)[number]

/** Roles that may see complainants' personal data unmasked (within their scope). */
export const PII_ROLES: readonly Role[] = ['community_worker', 'street_staff', 'admin']

/** Who may open a work order and its photos: its department, the street office and supervisors. */
export const WORK_ORDER_ROLES = ['department_staff', 'street_staff', 'supervisor'] as const satisfies readonly Role[]

/** Roles a pool member can hold (free text is allowed too; these get labels and filters). */
export const POOL_ROLES = [
  'npc_deputy',
  'cppcc_member',
  'resident_supervisor',
  'local_notable',
  'grid_worker',
  'shop_owner',
  'school_rep',
  'police',
  'property_management',
  'volunteer',
] as const

/** Where each role lands after login. */
export const ROLE_HOME: Record<Role, string> = {
  resident: '/me',
  community_worker: '/inbox',
  street_staff: '/street',
  department_staff: '/orders',
  facilitator: '/meetings',
  supervisor: '/supervise',
  admin: '/admin',
}
