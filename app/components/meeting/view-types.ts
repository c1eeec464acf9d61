// What the live views receive from their loaders (dates as ISO strings), and how they send a command.
import type { CommandPayload, CommandType } from '#meetings/commands'

export type AgendaView = { id: number; position: number; title: string; plannedMinutes: number }

export type MeetingView = {
  id: number
  title: string
  topicTitle: string
  mode: string
  startsAt: string
  place: string | null
  link: string | null
  isPublic: boolean
  speakerSeconds: number
  agenda: AgendaView[]
}

export type ParticipantView = { userId: number; role: string; name: string }

export type Me = { userId: number | null; role: string | null }

/** A form's problems by field: messages naming their limits (see formErrorText). */
export type FieldErrors = Record<string, string[]>

/**
 * Send a command; resolves to whether the server applied it. A refusal is shown
 * by `useRun`: beside the fields through `onFieldErrors` when the form gives it
 * (called with no errors once the command goes through), else in a toast.
 */
export type Run = <T extends CommandType>(type: T, payload: CommandPayload<T>, onFieldErrors?: (errors: FieldErrors) => void) => Promise<boolean>

/** Who the viewer acts as in the room: someone the facilitator removed keeps watching but may no longer speak, react or vote. */
export function actingAs(removed: Readonly<Record<number, true>>, me: { userId: number; role: string | null }): Me {
  return removed[me.userId] ? { ...me, role: null } : me
}
