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

/** Send a command; resolves to whether the server applied it (a refusal is shown by `useRun`). */
export type Run = <T extends CommandType>(type: T, payload: CommandPayload<T>) => Promise<boolean>

/** Who the viewer acts as in the room: someone the facilitator removed keeps watching but may no longer speak, react or vote. */
export function actingAs(removed: Readonly<Record<number, true>>, me: { userId: number; role: string | null }): Me {
  return removed[me.userId] ? { ...me, role: null } : me
}
