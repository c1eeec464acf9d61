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

const boundPair = z
  .tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])
  .describe('[min, max]')

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
export type FeasibilityResult =
  | { feasible: true }
  | { feasible: false; message: string; conflicts: string[] }

/**
 * Validate and normalise a raw request. Throws {@link ValidationError} whose
 * issues look like `pool.3.id: Required` so callers can fix the exact field.
 */
export function parseRequest(raw: unknown): PanelRequest {
  const r = panelRequestSchema.safeParse(raw)
  if (!r.success) {
    throw new ValidationError(
      r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(request)'}: ${i.message}`),
    )
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
