import { z } from 'zod'

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default('./data/teahouse.db'),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().optional(),
  REDIS_URL: z.string().url().optional(),
  /** Seed the demo district into an empty database (never in production). */
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  /**
   * Reverse proxies in front of the server whose X-Forwarded-For entries are
   * believed: a hop count (1 = one proxy, e.g. nginx, appends the client
   * address; the right-most entry is used) or a comma-separated list of
   * proxy addresses/subnets (e.g. `loopback` or `10.0.0.0/8`). Unset or 0:
   * X-Forwarded-For is ignored. Trusting every hop would let clients forge
   * their address, so `true` is refused.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .refine(v => !/^(true|all|\*)$/i.test(v), 'trusting every hop lets clients forge their address: give a hop count such as 1')
    .optional(),
  /** Days a suggestion may wait before it is escalated to street staff. */
  ESCALATE_AFTER_DAYS: z.coerce.number().positive().default(7),
  /** Where SMS to residents go: outbox (kept in the database, see /admin/outbox), log, or http (a gateway). */
  SMS_PROVIDER: z.enum(['outbox', 'log', 'http']).optional(),
  SMS_GATEWAY_URL: z.string().url().optional(),
  SMS_GATEWAY_TOKEN: z.string().optional(),
  /** The site's address as residents reach it, for links in SMS (default http://localhost:PORT). */
  PUBLIC_BASE_URL: z.string().url().optional(),
})

export type Env = z.infer<typeof EnvSchema>

let parsed: Env | undefined

/** Environment, validated once at boot; a bad value stops the process with a clear message. */
export function getEnv(): Env {
  if (!parsed) {
    const result = EnvSchema.safeParse(process.env)
    if (!result.success) {
      const issues = result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')
      throw new Error(`Invalid environment: ${issues}`)
    }
    parsed = result.data
  }
  return parsed
}

export const isProduction = () => getEnv().NODE_ENV === 'production'

/** The Express `trust proxy` setting for TRUST_PROXY: a hop count, or proxy addresses. */
export function trustProxySetting(value: string | undefined): number | string | false {
  if (!value || value === '0') return false
  if (/^\d+$/.test(value)) return Number(value)
  return value
}

/** 127.0.0.0/8 or ::1, also as IPv4-mapped IPv6. */
export function isLoopbackAddress(ip: string) {
  return ip === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(ip)
}
