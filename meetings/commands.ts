// Commands: what a client may ask for in a live meeting, and the events the
// server stores for them. Every type here is derived from COMMAND_SCHEMAS, so
// a new command is one schema plus the payload its event stores.
import { z } from 'zod'
import { CONSENT_CHOICES, VOTE_KINDS, type ParticipantRole, type VoteResults } from './types'

/**
 * The longest texts commands take, in characters: the schemas refuse longer
 * ones (nothing is cut to fit) and the forms show each limit beside its field.
 */
export const TEXT_LIMITS = {
  statement: 2000,
  reason: 500,
  proposalTitle: 200,
  proposalText: 4000,
  question: 300,
  option: 200,
  options: 20,
  inRoomName: 40,
} as const

const text = (max: number) => z.string().trim().min(1).max(max)
const seq = z.number().int().positive()
/** A person in the room without an account, entered by the recorder (spacing does not make a new person). */
const inRoomName = text(TEXT_LIMITS.inRoomName)
  .transform(s => s.normalize('NFKC').replace(/\s+/g, ' '))
  .optional()

export const BallotSchema = z.union([
  z.object({ choice: z.number().int().min(0) }),
  z.object({ choices: z.array(z.number().int().min(0)).min(1).max(20) }),
  z.object({ consent: z.enum(CONSENT_CHOICES), reason: z.string().trim().max(TEXT_LIMITS.reason).optional() }),
  z.object({ scores: z.array(z.number().int().min(0).max(10)).min(1).max(20) }),
  z.object({ ranking: z.array(z.number().int().min(0)).min(1).max(20) }),
])
export type Ballot = z.infer<typeof BallotSchema>

export const COMMAND_SCHEMAS = {
  'meeting.start': z.object({}).strict(),
  'meeting.end': z.object({}).strict(),
  'agenda.set': z.object({ itemId: z.number().int().positive() }).strict(),
  'timer.start': z
    .object({
      seconds: z
        .number()
        .int()
        .min(10)
        .max(4 * 3600),
    })
    .strict(),
  'timer.stop': z.object({}).strict(),
  'hand.raise': z.object({ inRoomName }).strict(),
  'hand.lower': z.object({ key: z.string().max(80).optional() }).strict(),
  'floor.give': z.object({ key: z.string().max(80) }).strict(),
  'floor.end': z.object({}).strict(),
  'statement.post': z.object({ text: text(TEXT_LIMITS.statement), replyTo: seq.optional(), inRoomName }).strict(),
  'reaction.set': z.object({ statementSeq: seq, value: z.enum(['agree', 'disagree']).nullable() }).strict(),
  'message.hide': z.object({ targetSeq: seq, reason: text(TEXT_LIMITS.reason) }).strict(),
  'proposal.draft': z
    .object({
      title: text(TEXT_LIMITS.proposalTitle),
      text: z.string().trim().max(TEXT_LIMITS.proposalText).default(''),
      fromSeqs: z.array(seq).max(50).default([]),
    })
    .strict(),
  'proposal.decide': z.object({ proposalSeq: seq, outcome: z.enum(['adopted', 'rejected']), voteSeq: seq.optional() }).strict(),
  'vote.open': z
    .object({
      question: text(TEXT_LIMITS.question),
      kind: z.enum(VOTE_KINDS),
      options: z.array(text(TEXT_LIMITS.option)).max(TEXT_LIMITS.options).default([]),
      anonymous: z.boolean().default(false),
      quorum: z.number().int().min(0).max(10_000).default(0),
      hideResults: z.boolean().default(false),
      proposalSeq: seq.optional(),
      maxChoices: z.number().int().min(1).max(20).optional(),
      scoreMax: z.number().int().min(1).max(10).optional(),
    })
    .strict(),
  'vote.cast': z.object({ voteSeq: seq, ballot: BallotSchema, inRoomName }).strict(),
  'vote.close': z.object({ voteSeq: seq }).strict(),
  'participant.mute': z.object({ userId: z.number().int().positive(), muted: z.boolean() }).strict(),
  'participant.remove': z.object({ userId: z.number().int().positive() }).strict(),
  'attendance.checkin': z.object({ inRoomName }).strict(),
} as const

export type CommandType = keyof typeof COMMAND_SCHEMAS
/** What a client sends for a command (defaults may be left out). */
export type CommandPayload<T extends CommandType> = z.input<(typeof COMMAND_SCHEMAS)[T]>
/** A command after validation (defaults filled in). */
export type ParsedCommand = { [T in CommandType]: { type: T; payload: z.output<(typeof COMMAND_SCHEMAS)[T]> } }[CommandType]
export const isCommandType = (t: unknown): t is CommandType => typeof t === 'string' && Object.hasOwn(COMMAND_SCHEMAS, t)

/**
 * What is wrong with one field of a command, in words any client can put in
 * its own language: left empty, too long or too many (with the limit), or
 * otherwise invalid. `field` is the path in the payload (`options.1`).
 */
export type FieldIssue = { field: string; problem: 'required' | 'too-long' | 'too-many' | 'invalid'; limit?: number }

function fieldIssue(i: z.ZodIssue): FieldIssue {
  const field = i.path.join('.')
  if (i.code === 'too_big' && (i.type === 'string' || i.type === 'array'))
    return { field, problem: i.type === 'string' ? 'too-long' : 'too-many', limit: Number(i.maximum) }
  if ((i.code === 'too_small' && Number(i.minimum) <= 1) || (i.code === 'invalid_type' && i.received === 'undefined')) return { field, problem: 'required' }
  if (i.code === 'invalid_union') {
    // The ballot shape that matched, refused on a field of its own (an objection's reason too long), says why.
    const inner = i.unionErrors.flatMap(e => e.issues).find(x => x.path.length > i.path.length && x.code !== 'invalid_type' && x.code !== 'unrecognized_keys')
    if (inner) return fieldIssue(inner)
  }
  return { field, problem: 'invalid' }
}

/** The problems a failed parse of a command found, one per field. */
export const fieldIssuesOf = (error: z.ZodError): FieldIssue[] => error.issues.map(fieldIssue)

/** Every problem with a command's fields, as the server will see them (empty when it would pass its schema). */
export function commandFieldIssues(type: CommandType, payload: unknown): FieldIssue[] {
  const parsed = COMMAND_SCHEMAS[type].safeParse(payload ?? {})
  return parsed.success ? [] : fieldIssuesOf(parsed.error)
}

/** A field issue as it travels in an acknowledgement's `issues`: `question:too-long:300`. */
export const encodeFieldIssue = (i: FieldIssue) => `${i.field}:${i.problem}${i.limit != null ? `:${i.limit}` : ''}`

/** Reads back {@link encodeFieldIssue}; null for issues that are not about a field (`already-voted`). */
export function decodeFieldIssue(issue: string): FieldIssue | null {
  const m = /^([\w.]*):(required|too-long|too-many|invalid)(?::(\d+))?$/.exec(issue)
  if (!m) return null
  return { field: m[1]!, problem: m[2] as FieldIssue['problem'], ...(m[3] ? { limit: Number(m[3]) } : {}) }
}

/** Event types only the server writes (never accepted from a client). */
export type SystemEventType = 'attendance.joined'
export type MeetingEventType = CommandType | SystemEventType

type Parsed<T extends CommandType> = z.output<(typeof COMMAND_SCHEMAS)[T]>
/** Who acted, stored with the event so the log reads on its own. */
type Who = { key: string; name: string }

/**
 * What the log stores for each event type: the validated command plus what
 * the server adds (who acted, the results computed at close). Fields marked
 * optional may be missing for some viewers (redacted ballots) or in older logs.
 */
export type MeetingEventPayloads = {
  'meeting.start': Parsed<'meeting.start'>
  'meeting.end': Parsed<'meeting.end'>
  'agenda.set': Parsed<'agenda.set'>
  'timer.start': Parsed<'timer.start'>
  'timer.stop': Parsed<'timer.stop'>
  'hand.raise': Who
  'hand.lower': Who
  'floor.give': Who & { userId: number | null; inRoom: boolean; seconds: number }
  'floor.end': { key: string }
  'statement.post': Who & { text: string; replyTo?: number; itemId: number | null }
  'reaction.set': { key: string; statementSeq: number; value: 'agree' | 'disagree' | null }
  'message.hide': Parsed<'message.hide'>
  'proposal.draft': Parsed<'proposal.draft'>
  'proposal.decide': Omit<Parsed<'proposal.decide'>, 'voteSeq'> & { voteSeq?: number }
  'vote.open': Omit<Parsed<'vote.open'>, 'proposalSeq' | 'maxChoices' | 'scoreMax'> & { proposalSeq?: number; maxChoices?: number; scoreMax?: number }
  /**
   * Voter, name and ballot are left out for viewers who must not see them.
   * `room`: the voter was checked in on site when they voted (on their own
   * phone or through the recorder), so the ballot counts in the room; older
   * logs lack it and count only the recorder's entries (`inRoom`) there.
   */
  'vote.cast': { voteSeq: number; voter?: string; name?: string; ballot?: Ballot; room?: true }
  'vote.close': { voteSeq: number; results?: VoteResults }
  'participant.mute': Parsed<'participant.mute'>
  'participant.remove': Parsed<'participant.remove'>
  'attendance.checkin': Who & { room?: true; role?: ParticipantRole }
  'attendance.joined': Who & { role?: ParticipantRole; room?: true }
}

/** One entry of the meeting log, as stored and as sent to clients: a union on `type`. */
export type MeetingEvent<T extends MeetingEventType = MeetingEventType> = {
  [K in T]: { meetingId: number; seq: number; type: K; actorId: number | null; inRoom: boolean; payload: MeetingEventPayloads[K]; createdAt: string }
}[T]

/** An event the server is about to append (sequence number and time come from the log). */
export type PlannedEvent = { [K in MeetingEventType]: { type: K; inRoom: boolean; payload: MeetingEventPayloads[K] } }[MeetingEventType]
