import { json } from '@remix-run/node'
import type { MessageKey } from '#app/i18n/index'
import { DomainError, type DomainErrorCode } from '#db/errors'

export { DomainError, isDomainError } from '#db/errors'

const STATUS: Record<DomainErrorCode, number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'rate-limited': 429,
}

export function domainErrorStatus(code: DomainErrorCode) {
  return STATUS[code]
}

/**
 * The one place a failed civic action becomes a response: the status from the
 * error's code, the message key for the page to translate, and (when the
 * failure belongs to a field) the same `{ result: { error } }` shape Conform's
 * `submission.reply()` produces, so forms show it under the field.
 */
export function domainErrorResponse(error: DomainError, extra: Record<string, unknown> = {}) {
  const key = error.messageKey as MessageKey
  const field = error.field ?? ''
  return json(
    { ...extra, error: key, params: error.params ?? null, result: { status: 'error' as const, error: { [field]: [key] } } },
    { status: STATUS[error.code] },
  )
}

/** Runs a command and answers its DomainError the standard way; other errors propagate. */
export async function runCommand<T>(fn: () => T | Promise<T>, extra?: Record<string, unknown>) {
  try {
    return { ok: true as const, value: await fn() }
  } catch (e) {
    if (e instanceof DomainError) return { ok: false as const, response: domainErrorResponse(e, extra) }
    throw e
  }
}
