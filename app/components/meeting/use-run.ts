import { useState } from 'react'
import { commandFieldIssues, encodeFieldIssue } from '#meetings/commands'
import type { CommandOutcome, MeetingSession } from './meeting-session'
import { outcomeErrorKey, outcomeFieldErrors } from './use-meeting'
import type { FieldErrors, Run } from './view-types'

/**
 * Send a command and surface a refusal in the user's language: beside the
 * form's fields when the form shows them (`onFieldErrors`), else in a toast.
 * A payload the command's schema refuses (a text over its limit) is refused
 * here with the server's own rules, before it is sent. The page re-renders
 * when a command is queued, so that "waiting to be sent" shows at once while
 * the connection is down, not only when it comes back.
 */
export function useRun(session: MeetingSession | null) {
  const [error, setError] = useState<string | null>(null)
  const [, setSending] = useState(0)
  const report = (outcome: CommandOutcome, onFieldErrors?: (errors: FieldErrors) => void) => {
    const fields = outcomeFieldErrors(outcome)
    const besideFields = !!onFieldErrors && Object.keys(fields).length > 0
    onFieldErrors?.(besideFields ? fields : {})
    // A problem with a field the form does not show still names its limit.
    setError(besideFields ? null : (Object.values(fields)[0]?.[0] ?? outcomeErrorKey(outcome)))
  }
  const run: Run = async (type, payload, onFieldErrors) => {
    if (!session) return false
    const issues = commandFieldIssues(type, payload)
    if (issues.length) {
      report({ ok: false, error: 'invalid-payload', issues: issues.map(encodeFieldIssue) }, onFieldErrors)
      return false
    }
    const sent = session.send(type, payload)
    setSending(n => n + 1)
    const outcome = await sent
    setSending(n => n - 1)
    report(outcome, onFieldErrors)
    return outcome.ok
  }
  return { run, error, clearError: () => setError(null) }
}
