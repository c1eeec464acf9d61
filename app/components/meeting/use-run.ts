import { useState } from 'react'
import type { MessageKey } from '#app/i18n/index'
import type { MeetingSession } from './meeting-session'
import { outcomeErrorKey } from './use-meeting'
import type { Run } from './view-types'

/**
 * Send a command and surface a refusal in the user's language. The page
 * re-renders when a command is queued, so that "waiting to be sent" shows at
 * once while the connection is down, not only when it comes back.
 */
export function useRun(session: MeetingSession | null) {
  const [error, setError] = useState<MessageKey | null>(null)
  const [, setSending] = useState(0)
  const run: Run = async (type, payload) => {
    if (!session) return false
    const sent = session.send(type, payload)
    setSending(n => n + 1)
    const outcome = await sent
    setSending(n => n - 1)
    const key = outcomeErrorKey(outcome)
    setError(key)
    return outcome.ok
  }
  return { run, error, clearError: () => setError(null) }
}
