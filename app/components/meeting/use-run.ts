import { useState } from 'react'
import type { MessageKey } from '#app/i18n/index'
import type { MeetingSession } from './meeting-session'
import { outcomeErrorKey } from './use-meeting'
import type { Run } from './view-types'

/** Send a command and surface a refusal in the user's language. */
export function useRun(session: MeetingSession | null) {
  const [error, setError] = useState<MessageKey | null>(null)
  const run: Run = async (type, payload) => {
    if (!session) return false
    const outcome = await session.send(type, payload)
    const key = outcomeErrorKey(outcome)
    setError(key)
    return outcome.ok
  }
  return { run, error, clearError: () => setError(null) }
}
