// Where SMS to residents go. The application only ever calls `send`; which
// provider is used is chosen by SMS_PROVIDER, so a street office can plug in
// its own gateway without touching the code that writes the messages.

export type SmsMeta = { messageId: number; kind: string }
export type SmsResult = { ok: true; ref: string | null } | { ok: false; error: string }

export interface SmsProvider {
  /** Name recorded on each message (outbox, log, http). */
  readonly name: string
  send(to: string, text: string, meta: SmsMeta): Promise<SmsResult>
}

/**
 * Development and demo: nothing leaves the machine. The message row itself is
 * the outbox (see /admin/outbox), so sending only marks it delivered.
 */
export const outboxProvider: SmsProvider = {
  name: 'outbox',
  async send(_to, _text, meta) {
    return { ok: true, ref: `outbox-${meta.messageId}` }
  },
}

/** Writes each message to the server log (for a pilot without a gateway yet). */
export function logProvider(write: (line: string) => void = line => console.info(line)): SmsProvider {
  return {
    name: 'log',
    async send(to, text, meta) {
      write(`[sms] #${meta.messageId} ${meta.kind} to ${to}: ${text}`)
      return { ok: true, ref: `log-${meta.messageId}` }
    },
  }
}

/**
 * A generic HTTP gateway: POSTs {to, text, ref} as JSON to SMS_GATEWAY_URL with
 * an optional bearer token, and reads {id} back. Real gateways differ in their
 * fields; adapt this one function rather than the callers.
 */
export function httpGatewayProvider(opts: { url: string; token?: string; fetch?: typeof fetch; timeoutMs?: number }): SmsProvider {
  const doFetch = opts.fetch ?? fetch
  return {
    name: 'http',
    async send(to, text, meta) {
      try {
        const res = await doFetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
          body: JSON.stringify({ to, text, ref: `teahouse-${meta.messageId}` }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        })
        if (!res.ok) return { ok: false, error: `gateway HTTP ${res.status}` }
        const body = (await res.json().catch(() => ({}))) as { id?: unknown }
        return { ok: true, ref: body.id == null ? null : String(body.id) }
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e) }
      }
    },
  }
}

export type SmsEnv = { SMS_PROVIDER?: 'outbox' | 'log' | 'http'; SMS_GATEWAY_URL?: string; SMS_GATEWAY_TOKEN?: string; NODE_ENV: string }

/** The provider the environment asks for; outbox unless told otherwise (production must choose). */
export function smsProviderFor(env: SmsEnv): SmsProvider {
  const name = env.SMS_PROVIDER ?? (env.NODE_ENV === 'production' ? undefined : 'outbox')
  if (name === 'outbox') return outboxProvider
  if (name === 'log') return logProvider()
  if (name === 'http') {
    if (!env.SMS_GATEWAY_URL) throw new Error('SMS_PROVIDER=http needs SMS_GATEWAY_URL')
    return httpGatewayProvider({ url: env.SMS_GATEWAY_URL, token: env.SMS_GATEWAY_TOKEN })
  }
  throw new Error('SMS_PROVIDER must be set in production (outbox, log or http)')
}
