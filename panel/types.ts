/**
 * Request/response types and the zod schema for the panel selector.
 *
 * The request shape is the command-line contract (`npm run panel -- select`),
 * so field names here are part of a public interface: change with care.
 */
import { z } from 'zod'

const idSchema = z.union([z.string().min(1), z.number()], {
  errorMap: (i, ctx) => ({ message: ctx.data === undefined ? 'Required' : 'expected a non-empty string or a number' }),
})
const attrValue = z.union([z.string(), z.number(), z.boolean()])

export const poolMemberSchema = z.object({
  id: idSchema,
  community: z.string().optional().nullable(),
  roles: z.array(z.string()).default([]),
  interests: z.array(z.string()).default([]),
  expertise: z.array(z.string()).default([]),
  attributes: z.record(attrValue.nullable()).default({}),
  timesServed: z.number().int().nonnegative().default(0),
  lastServedAt: z.string().datetime({ offset: true }).or(z.string().date()).nullable().optional(),
  name: z.string().optional(),
})

export const topicSchema = z.object({
  category: z.string(),
  keywords: z.array(z.string()).default([]),
  place: z.string().optional().nullable(),
  community: z.string().optional().nullable(),
})

const boundPair = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]).describe('[min, max]')

export const panelRequestSchema = z.object({
  seats: z.number().int().positive(),
  seed: z.union([z.string(), z.number()], {
    errorMap: (i, ctx) => ({ message: ctx.data === undefined ? 'Required' : 'expected a string or a number' }),
  }),
  topic: topicSchema,
  roleSeats: z.record(z.number().int().nonnegative()).default({}),
  quotas: z.record(z.record(boundPair)).default({}),
  pool: z.array(poolMemberSchema).min(1),
  now: z.string().datetime({ offset: true }).or(z.string().date()).optional(),
  alternates: z.number().int().nonnegative().max(1000).default(5),
  language: z.enum(['zh', 'en']).default('zh'),
})

/** A deliberator-pool member as sent in a request (after defaults). */
export type PoolMember = z.output<typeof poolMemberSchema>
/** The topic a panel is drawn for. */
export type Topic = z.output<typeof topicSchema>
/** A validated request (defaults filled in). */
export type PanelRequest = z.output<typeof panelRequestSchema>
/** A request as a caller may write it (optional fields may be missing). */
export type PanelRequestInput = z.input<typeof panelRequestSchema>
export type MemberId = string | number

/** One seat on the drawn panel. */
export interface PanelSeat {
  id: MemberId
  /** Short ascii code: the role name for role seats, else "affected_resident" or "general". */
  seat: string
  /** Plain-language explanation (Chinese by default), parts joined by "；" (or "; "). */
  reasons: string
}

/** Result of {@link selectPanel}. `probabilities` sum to `seats`. */
export interface PanelResult {
  panel: PanelSeat[]
  /** Replacement order: ids not on the panel. */
  alternates: MemberId[]
  /** Selection probability of every pool member under the lottery (seed-independent). */
  probabilities: Record<string, number>
  seed: string | number
  algorithm: string
  /** The reference time used for the rotation penalty (pass it back as `now` to reproduce). */
  now: string
  diagnostics: PanelDiagnostics
}

export interface PanelDiagnostics {
  poolSize: number
  classes: number
  /** Number of panels in the lottery (each drawn with probability 1/lotteryPanels). */
  lotteryPanels: number
  /** Index of the drawn panel in the lottery (determined by the seed). */
  drawnPanel: number
  /** min over selectable members of p_i / rotationFactor_i. */
  minWeightedProbability: number
  /** Maximin value of the LP relaxation (an upper bound on the exact maximin optimum). */
  maximinUpperBound: number
  /** minWeightedProbability / maximinUpperBound (≤ 1; ≥ 0.95 is the target). */
  fairnessRatio: number
  /** Members that cannot appear on any feasible panel (probability 0). */
  unselectable: number
  fallbackSolves: number
  millis: number
}

/** Thrown for malformed requests; `issues` name the offending fields. */
export class ValidationError extends Error {
  constructor(public readonly issues: string[]) {
    super(`invalid panel request: ${issues.join('; ')}`)
    this.name = 'ValidationError'
  }
}

/** Thrown when the constraints cannot all hold; `conflicts` names a minimal conflicting set. */
export class InfeasibleError extends Error {
  constructor(
    message: string,
    public readonly conflicts: string[],
  ) {
    super(message)
    this.name = 'InfeasibleError'
  }
}

/** Result of {@link checkFeasibility}. */
export type FeasibilityResult = { feasible: true } | { feasible: false; message: string; conflicts: string[] }

/**
 * Validate and normalise a raw request. Throws {@link ValidationError} whose
 * issues look like `pool.3.id: Required` so callers can fix the exact field.
 */
export function parseRequest(raw: unknown): PanelRequest {
  const r = parseWellFormed(raw) ?? panelRequestSchema.safeParse(raw)
  if (!r.success) {
    throw new ValidationError(r.error.issues.map(i => `${i.path.length ? i.path.join('.') : '(request)'}: ${i.message}`))
  }
  const seen = new Set<string>()
  const dups: string[] = []
  r.data.pool.forEach((m, i) => {
    const k = String(m.id)
    if (seen.has(k)) dups.push(`pool.${i}.id: duplicate id ${k}`)
    seen.add(k)
  })
  if (dups.length) throw new ValidationError(dups)
  return r.data
}

/** The request without its pool, which {@link wellFormedMember} checks member by member. */
const requestHeadSchema = panelRequestSchema.extend({ pool: z.any() })
const lastServedSchema = poolMemberSchema.shape.lastServedAt
const MEMBER_KEYS = ['id', 'community', 'roles', 'interests', 'expertise', 'attributes', 'timesServed', 'lastServedAt', 'name']

/**
 * The common case fast: a request whose every member is well formed gives the
 * same result as the schema at a fraction of the cost on a pool of thousands
 * (zod allocates per field). Anything unusual returns undefined and the schema
 * decides, so error messages are always the schema's.
 */
function parseWellFormed(raw: unknown): { success: true; data: PanelRequest } | undefined {
  const pool = (raw as { pool?: unknown } | null)?.pool
  if (!Array.isArray(pool) || pool.length === 0) return undefined
  const members: PoolMember[] = new Array(pool.length)
  const dates = new Map<string, boolean>()
  for (let i = 0; i < pool.length; i++) {
    const m = wellFormedMember(pool[i], dates)
    if (!m) return undefined
    members[i] = m
  }
  const head = requestHeadSchema.safeParse(raw)
  if (!head.success) return undefined
  return { success: true, data: { ...head.data, pool: members } }
}

const isString = (v: unknown): v is string => typeof v === 'string'
const stringList = (v: unknown): string[] | undefined => (v === undefined ? [] : Array.isArray(v) && v.every(isString) ? v.slice() : undefined)

/** The member as the schema would return it, or undefined when the schema should look at it. */
function wellFormedMember(raw: unknown, dates: Map<string, boolean>): PoolMember | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined
  const m = raw as Record<string, unknown>
  const { id, community, timesServed, lastServedAt, name } = m
  if (!((isString(id) && id.length > 0) || (typeof id === 'number' && !Number.isNaN(id)))) return undefined
  if (!(community === undefined || community === null || isString(community))) return undefined
  const roles = stringList(m.roles)
  const interests = stringList(m.interests)
  const expertise = stringList(m.expertise)
  if (!roles || !interests || !expertise) return undefined
  const attributes: Record<string, string | number | boolean | null> = {}
  if (m.attributes !== undefined) {
    const a = m.attributes
    if (typeof a !== 'object' || a === null || Array.isArray(a) || Object.getPrototypeOf(a) !== Object.prototype) return undefined
    for (const k in a) {
      const v = (a as Record<string, unknown>)[k]
      if (k === '__proto__' || !(v === null || isString(v) || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v)))) return undefined
      attributes[k] = v as string | number | boolean | null
    }
  }
  if (!(timesServed === undefined || (Number.isInteger(timesServed) && (timesServed as number) >= 0))) return undefined
  if (isString(lastServedAt)) {
    let ok = dates.get(lastServedAt)
    if (ok === undefined) dates.set(lastServedAt, (ok = lastServedSchema.safeParse(lastServedAt).success))
    if (!ok) return undefined
  } else if (!(lastServedAt === undefined || lastServedAt === null)) return undefined
  if (!(name === undefined || isString(name))) return undefined
  const out: Record<string, unknown> = {}
  for (const key of MEMBER_KEYS) {
    const present = key in m
    switch (key) {
      case 'id':
        out.id = id
        break
      case 'roles':
        out.roles = roles
        break
      case 'interests':
        out.interests = interests
        break
      case 'expertise':
        out.expertise = expertise
        break
      case 'attributes':
        out.attributes = attributes
        break
      case 'timesServed':
        out.timesServed = timesServed ?? 0
        break
      default:
        if (present) out[key] = m[key]
    }
  }
  return out as PoolMember
}
