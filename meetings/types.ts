// The vocabulary of a live meeting: roles, vote kinds, and the state folded
// from its event log. Types only (and the constant lists they come from).
import type { Ballot } from './commands'

export const PARTICIPANT_ROLES = ['facilitator', 'deliberator', 'observer', 'recorder', 'supervisor'] as const
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number]
export const MEETING_MODES = ['online', 'in_person', 'hybrid'] as const
export type MeetingMode = (typeof MEETING_MODES)[number]
export const VOTE_KINDS = ['single', 'multiple', 'consent', 'score', 'ranked'] as const
export type VoteKind = (typeof VOTE_KINDS)[number]
export const CONSENT_CHOICES = ['agree', 'stand_aside', 'object'] as const
export type ConsentChoice = (typeof CONSENT_CHOICES)[number]

/** Why a command was refused, as the client sees it. */
export type PublicError = 'invalid-payload' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'rate-limited' | 'closed' | 'internal'

export type Person = { key: string; userId: number | null; name: string; inRoom: boolean }
export type Hand = Person & { seq: number; at: string }
export type Floor = Person & { seq: number; at: string; seconds: number }
export type Statement = Person & {
  seq: number
  /** Its number among the meeting's statements (1, 2, 3…), the same for every viewer: what the room and the minutes call it by. */
  no: number
  at: string
  text: string
  replyTo: number | null
  hidden: { reason: string; seq: number; by: number | null } | null
  reactions: Record<string, 'agree' | 'disagree'>
}
export type Proposal = {
  seq: number
  at: string
  title: string
  text: string
  fromSeqs: number[]
  status: 'draft' | 'adopted' | 'rejected'
  voteSeq: number | null
  decidedSeq: number | null
}
export type VoteResults = {
  ballots: number
  online: number
  inRoom: number
  quorum: number
  quorumMet: boolean
  /** Per option: counts (single/multiple), average score (score) or Borda points (ranked). */
  perOption: number[]
  consent?: Record<ConsentChoice, number>
  objections?: { name: string | null; reason: string }[]
  /** Index of the leading option, or null on a tie / no ballots. */
  leader: number | null
}

export type Vote = {
  seq: number
  at: string
  question: string
  kind: VoteKind
  options: string[]
  anonymous: boolean
  quorum: number
  hideResults: boolean
  proposalSeq: number | null
  maxChoices: number
  scoreMax: number
  status: 'open' | 'closed'
  /** voter key → ballot; a ballot is null when it was redacted for the viewer. */
  ballots: Record<string, { ballot: Ballot | null; inRoom: boolean; name: string | null }>
  results: VoteResults | null
}

export type ModerationEntry = {
  seq: number
  at: string
  type: 'message.hide' | 'mute' | 'unmute' | 'remove'
  targetSeq?: number
  userId?: number
  reason?: string
  by: number | null
}

export type MeetingState = {
  lastSeq: number
  status: 'scheduled' | 'live' | 'ended'
  startedAt: string | null
  endedAt: string | null
  currentItemId: number | null
  /** When each agenda item became current (for the minutes). */
  itemLog: { itemId: number; at: string }[]
  timer: { seconds: number; at: string } | null
  queue: Hand[]
  floor: Floor | null
  /** key → turns taken and seconds spoken. */
  spoken: Record<string, Person & { turns: number; seconds: number }>
  /** Who came; `role` is the meeting role when the server recorded one (people in the room have none). */
  attendance: Record<string, Person & { at: string; role?: ParticipantRole }>
  /**
   * Everyone the log has named (by coming, raising a hand, taking the floor,
   * speaking or an open vote), by key, with the seq of the event that first
   * named them: the public's pseudonyms number people in this order.
   */
  seen: Record<string, number>
  statements: Statement[]
  statementBySeq: Record<number, Statement>
  proposals: Proposal[]
  votes: Vote[]
  muted: Record<number, true>
  removed: Record<number, true>
  /** Moderation history: hidden messages keep their text and the reason. */
  moderation: ModerationEntry[]
}

/** A participant with an account, as the room lists them. */
export type RosterEntry = { userId: number; role: string; name: string }

export const userKey = (userId: number) => `u:${userId}`
export const roomKey = (name: string) => `r:${name}`
