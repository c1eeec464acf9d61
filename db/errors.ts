/**
 * The one error type for expected failures of a civic action (a topic changed
 * under the reviewer, a panel already drawn, a field out of range). The data
 * layer and the commands throw it; `domainErrorResponse` in the app turns the
 * code into an HTTP status and the message key into the user's language, so
 * every route maps failures the same way.
 */
export type DomainErrorCode = 'invalid' | 'not-found' | 'forbidden' | 'conflict' | 'too-large' | 'rate-limited'

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    /** An i18n message key (app/i18n catalogs) describing the failure to the user. */
    readonly messageKey: string,
    readonly options: { params?: Record<string, string | number>; field?: string } = {},
  ) {
    super(messageKey)
    this.name = 'DomainError'
  }
  get params() {
    return this.options.params
  }
  /** The form field the failure belongs to, when it belongs to one. */
  get field() {
    return this.options.field
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError
}
