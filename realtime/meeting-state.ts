// The live meeting as a fold over its append-only event log.
//
// Pure and driver-free: the server uses it to validate and authorise commands
// (planCommand) and to build minutes; the browser uses the same fold to render
// the room from the events it receives. Nothing here touches Socket.IO or SQL.
import { z } from 'zod'
import type { MeetingEventPayload, PublicError } from './events'

export const PARTICIPANT_ROLES = ['facilitator', 'deliberator', 'observer', 'recorder', 'supervisor'] as const
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number]
export const MEETING_MODES = ['online', 'in_person', 'hybrid'] as const
export type MeetingMode = (typeof MEETING_MODES)[number]
export const VOTE_KINDS = ['single', 'multiple', 'consent', 'score', 'ranked'] as const
export type VoteKind = (typeof VOTE_KINDS)[number]
export const CONSENT_CHOICES = ['agree', 'stand_aside', 'object'] as const
export type ConsentChoice = (typeof CONSENT_CHOICES)[number]

export type MeetingEvent = MeetingEventPayload

// ---------------------------------------------------------------------------
// Commands: what a client may ask for. The stored event has the same type.

const text = (max: number) => z.string().trim().min(1).max(max)
const seq = z.number().int().positive()
/** A person in the room without an account, entered by the recorder (spacing does not make a new person). */
const inRoomName = text(40)
  .transform(s => s.normalize('NFKC').replace(/\s+/g, ' '))
  .optional()

export const BallotSchema = z.union([
  z.object({ choice: z.number().int().min(0) }),
  z.object({ choices: z.array(z.number().int().min(0)).min(1).max(20) }),
  z.object({ consent: z.enum(CONSENT_CHOICES), reason: z.string().trim().max(500).optional() }),
  z.object({ scores: z.array(z.number().int().min(0).max(10)).min(1).max(20) }),
  z.object({ ranking: z.array(z.number().int().min(0)).min(1).max(20) }),
])
export type Ballot = z.infer<typeof BallotSchema>

export const COMMAND_SCHEMAS = {
  'meeting.start': z.object({}).strict(),
  'meeting.end': z.object({}).strict(),
  'agenda.set': z.object({ itemId: z.number().int().positive() }).strict(),
  'timer.start': z.object({ seconds: z.number().int().min(10).max(4 * 3600) }).strict(),
  'timer.stop': z.object({}).strict(),
  'hand.raise': z.object({ inRoomName }).strict(),
  'hand.lower': z.object({ key: z.string().max(80).optional() }).strict(),
  'floor.give': z.object({ key: z.string().max(80) }).strict(),
  'floor.end': z.object({}).strict(),
  'statement.post': z.object({ text: text(2000), replyTo: seq.optional(), inRoomName }).strict(),
  'reaction.set': z.object({ statementSeq: seq, value: z.enum(['agree', 'disagree']).nullable() }).strict(),
  'message.hide': z.object({ targetSeq: seq, reason: text(500) }).strict(),
  'proposal.draft': z.object({ title: text(200), text: z.string().trim().max(4000).default(''), fromSeqs: z.array(seq).max(50).default([]) }).strict(),
  'proposal.decide': z.object({ proposalSeq: seq, outcome: z.enum(['adopted', 'rejected']), voteSeq: seq.optional() }).strict(),
  'vote.open': z
    .object({
      question: text(300),
      kind: z.enum(VOTE_KINDS),
      options: z.array(text(200)).max(20).default([]),
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
export type CommandPayload<T extends CommandType> = z.input<(typeof COMMAND_SCHEMAS)[T]>
export const COMMAND_TYPES = Object.keys(COMMAND_SCHEMAS) as CommandType[]
export const isCommandType = (t: unknown): t is CommandType => typeof t === 'string' && t in COMMAND_SCHEMAS

/** Event types only the server writes (never accepted from a client). */
export type SystemEventType = 'attendance.joined'

// ---------------------------------------------------------------------------
// State

export type Person = { key: string; userId: number | null; name: string; inRoom: boolean }
export type Hand = Person & { seq: number; at: string }
export type Floor = Person & { seq: number; at: string; seconds: number }
export type Statement = Person & {
  seq: number
  at: string
  text: string
  replyTo: number | null
  itemId: number | null
  hidden: { reason: string; seq: number; by: number | null } | null
  reactions: Record<string, 'agree' | 'disagree'>
}
export type Proposal = {
  seq: number
  at: string
  title: string
  text: string
  fromSeqs: number[]
  itemId: number | null
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
  itemId: number | null
  status: 'open' | 'closed'
  /** voter key → ballot; a ballot is null when it was redacted for the viewer. */
  ballots: Record<string, { ballot: Ballot | null; inRoom: boolean; name: string | null }>
  results: VoteResults | null
  closedSeq: number | null
}

export type MeetingState = {
  lastSeq: number
  status: 'scheduled' | 'live' | 'ended'
  startedAt: string | null
  endedAt: string | null
  currentItemId: number | null
  /** When each agenda item became current (for the minutes). */
  itemLog: { itemId: number; at: string }[]
  timer: { seconds: number; at: string; itemId: number | null } | null
  queue: Hand[]
  floor: Floor | null
  /** key → turns taken and seconds spoken. */
  spoken: Record<string, Person & { turns: number; seconds: number }>
  /** Who came; `role` is the meeting role when the server recorded one (people in the room have none). */
  attendance: Record<string, Person & { at: string; role?: string }>
  statements: Statement[]
  statementBySeq: Record<number, Statement>
  proposals: Proposal[]
  votes: Vote[]
  muted: Record<number, true>
  removed: Record<number, true>
  /** Moderation history: hidden messages keep their text and the reason. */
  moderation: { seq: number; at: string; type: string; targetSeq?: number; userId?: number; reason?: string; by: number | null }[]
}

export function initialMeetingState(): MeetingState {
  return {
    lastSeq: 0,
    status: 'scheduled',
    startedAt: null,
    endedAt: null,
    currentItemId: null,
    itemLog: [],
    timer: null,
    queue: [],
    floor: null,
    spoken: {},
    attendance: {},
    statements: [],
    statementBySeq: {},
    proposals: [],
    votes: [],
    muted: {},
    removed: {},
    moderation: [],
  }
}

export const userKey = (userId: number) => `u:${userId}`
export const roomKey = (name: string) => `r:${name}`

function person(e: MeetingEvent): Person {
  const p = e.payload as { key?: string; name?: string; inRoomName?: string }
  const name = p.name ?? p.inRoomName ?? ''
  const key = p.key ?? (e.inRoom ? roomKey(name) : e.actorId != null ? userKey(e.actorId) : `seq:${e.seq}`)
  return { key, userId: e.inRoom ? null : e.actorId, name, inRoom: e.inRoom }
}

function endFloor(s: MeetingState, at: string) {
  if (!s.floor) return
  const f = s.floor
  const spent = Math.max(0, Math.round((Date.parse(at) - Date.parse(f.at)) / 1000))
  const prev = s.spoken[f.key] ?? { key: f.key, userId: f.userId, name: f.name, inRoom: f.inRoom, turns: 0, seconds: 0 }
  s.spoken[f.key] = { ...prev, turns: prev.turns + 1, seconds: prev.seconds + spent }
  s.floor = null
}

export const findVote = (s: MeetingState, voteSeq: number) => s.votes.find(v => v.seq === voteSeq)
export const findProposal = (s: MeetingState, proposalSeq: number) => s.proposals.find(p => p.seq === proposalSeq)

/**
 * Apply one event. Mutates and returns `s` (the server folds thousands of
 * events per meeting; the browser copies when it needs a new reference).
 * Events at or below `lastSeq` are ignored, so replays and duplicates are harmless.
 */
export function applyMeetingEvent(s: MeetingState, e: MeetingEvent): MeetingState {
  if (e.seq <= s.lastSeq) return s
  s.lastSeq = e.seq
  const p = e.payload as Record<string, any>
  const at = e.createdAt
  switch (e.type) {
    case 'meeting.start':
      s.status = 'live'
      s.startedAt ??= at
      break
    case 'meeting.end':
      endFloor(s, at)
      s.status = 'ended'
      s.endedAt = at
      s.timer = null
      s.queue = []
      break
    case 'agenda.set':
      s.currentItemId = p.itemId
      s.itemLog.push({ itemId: p.itemId, at })
      s.timer = null
      break
    case 'timer.start':
      s.timer = { seconds: p.seconds, at, itemId: s.currentItemId }
      break
    case 'timer.stop':
      s.timer = null
      break
    case 'hand.raise': {
      const who = person(e)
      if (!s.queue.some(h => h.key === who.key)) s.queue.push({ ...who, seq: e.seq, at })
      break
    }
    case 'hand.lower':
      s.queue = s.queue.filter(h => h.key !== p.key)
      break
    case 'floor.give':
      endFloor(s, at)
      s.queue = s.queue.filter(h => h.key !== p.key)
      s.floor = { key: p.key, userId: p.userId ?? null, name: p.name ?? '', inRoom: !!p.inRoom, seq: e.seq, at, seconds: p.seconds }
      break
    case 'floor.end':
      endFloor(s, at)
      break
    case 'statement.post': {
      const who = person(e)
      const st: Statement = { ...who, seq: e.seq, at, text: p.text, replyTo: p.replyTo ?? null, itemId: p.itemId ?? s.currentItemId, hidden: null, reactions: {} }
      s.statements.push(st)
      s.statementBySeq[e.seq] = st
      break
    }
    case 'reaction.set': {
      const st = s.statementBySeq[p.statementSeq]
      const key = p.key ?? (e.actorId != null ? userKey(e.actorId) : `seq:${e.seq}`)
      if (st) {
        if (p.value) st.reactions[key] = p.value
        else delete st.reactions[key]
      }
      break
    }
    case 'message.hide': {
      const st = s.statementBySeq[p.targetSeq]
      if (st) st.hidden = { reason: p.reason, seq: e.seq, by: e.actorId }
      s.moderation.push({ seq: e.seq, at, type: e.type, targetSeq: p.targetSeq, reason: p.reason, by: e.actorId })
      break
    }
    case 'proposal.draft':
      s.proposals.push({ seq: e.seq, at, title: p.title, text: p.text ?? '', fromSeqs: p.fromSeqs ?? [], itemId: s.currentItemId, status: 'draft', voteSeq: null, decidedSeq: null })
      break
    case 'proposal.decide': {
      const pr = findProposal(s, p.proposalSeq)
      if (pr) Object.assign(pr, { status: p.outcome, voteSeq: p.voteSeq ?? null, decidedSeq: e.seq })
      break
    }
    case 'vote.open':
      s.votes.push({
        seq: e.seq,
        at,
        question: p.question,
        kind: p.kind,
        options: p.kind === 'consent' ? [...CONSENT_CHOICES] : p.options,
        anonymous: !!p.anonymous,
        quorum: p.quorum ?? 0,
        hideResults: !!p.hideResults,
        proposalSeq: p.proposalSeq ?? null,
        maxChoices: p.maxChoices ?? (p.options?.length || 1),
        scoreMax: p.scoreMax ?? 5,
        itemId: s.currentItemId,
        status: 'open',
        ballots: {},
        results: null,
        closedSeq: null,
      })
      break
    case 'vote.cast': {
      const v = findVote(s, p.voteSeq)
      // Redacted (anonymous) ballots arrive without a voter key: each counts once by its seq.
      const key: string = p.voter ?? `seq:${e.seq}`
      if (v && !v.ballots[key]) v.ballots[key] = { ballot: p.ballot ?? null, inRoom: e.inRoom, name: p.name ?? null }
      break
    }
    case 'vote.close': {
      const v = findVote(s, p.voteSeq)
      if (v) Object.assign(v, { status: 'closed', results: p.results ?? tallyVote(v), closedSeq: e.seq })
      break
    }
    case 'participant.mute':
      if (p.muted) s.muted[p.userId] = true
      else delete s.muted[p.userId]
      s.moderation.push({ seq: e.seq, at, type: p.muted ? 'mute' : 'unmute', userId: p.userId, by: e.actorId })
      break
    case 'participant.remove':
      s.removed[p.userId] = true
      s.queue = s.queue.filter(h => h.userId !== p.userId)
      if (s.floor?.userId === p.userId) endFloor(s, at)
      s.moderation.push({ seq: e.seq, at, type: 'remove', userId: p.userId, by: e.actorId })
      break
    case 'attendance.joined':
    case 'attendance.checkin': {
      const who = person(e)
      const prev = s.attendance[who.key]
      // A check-in in the room upgrades an online attendee to "in the room".
      const inRoom = e.type === 'attendance.checkin' || !!p.room || !!prev?.inRoom
      const role = (p.role as string | undefined) ?? prev?.role
      s.attendance[who.key] = { ...who, inRoom, at: prev?.at ?? at, ...(role ? { role } : {}) }
      break
    }
  }
  return s
}

export function foldMeeting(events: readonly MeetingEvent[], from: MeetingState = initialMeetingState()): MeetingState {
  for (const e of events) applyMeetingEvent(from, e)
  return from
}

// ---------------------------------------------------------------------------
// Votes

/** Count a vote's ballots (ballots redacted for the viewer are skipped). */
export function tallyVote(v: Vote): VoteResults {
  const entries = Object.values(v.ballots)
  const n = v.options.length
  const perOption = new Array<number>(n).fill(0)
  const visible = entries.filter(b => b.ballot)
  let consent: VoteResults['consent']
  let objections: VoteResults['objections']
  if (v.kind === 'single') for (const { ballot } of visible) perOption[(ballot as { choice: number }).choice]! += 1
  if (v.kind === 'multiple') for (const { ballot } of visible) for (const c of (ballot as { choices: number[] }).choices) perOption[c]! += 1
  if (v.kind === 'consent') {
    consent = { agree: 0, stand_aside: 0, object: 0 }
    objections = []
    for (const { ballot, name } of visible) {
      const b = ballot as { consent: ConsentChoice; reason?: string }
      consent[b.consent] += 1
      if (b.consent === 'object') objections.push({ name: v.anonymous ? null : name, reason: b.reason ?? '' })
    }
    CONSENT_CHOICES.forEach((c, i) => (perOption[i] = consent![c]))
  }
  if (v.kind === 'score') {
    for (const { ballot } of visible) (ballot as { scores: number[] }).scores.forEach((x, i) => (perOption[i]! += x))
    for (let i = 0; i < n; i++) perOption[i] = visible.length ? Math.round((perOption[i]! / visible.length) * 100) / 100 : 0
  }
  if (v.kind === 'ranked') {
    // Borda count: first place earns n-1 points, last place 0; unranked options earn nothing.
    for (const { ballot } of visible) (ballot as { ranking: number[] }).ranking.forEach((opt, place) => (perOption[opt]! += n - 1 - place))
  }
  let leader: number | null = null
  if (v.kind === 'consent') leader = null
  else {
    const max = Math.max(0, ...perOption)
    const top = perOption.flatMap((x, i) => (x === max && max > 0 ? [i] : []))
    leader = top.length === 1 ? top[0]! : null
  }
  const ballots = entries.length
  const inRoom = entries.filter(b => b.inRoom).length
  return { ballots, online: ballots - inRoom, inRoom, quorum: v.quorum, quorumMet: ballots >= v.quorum, perOption, consent, objections, leader }
}

/** Consent passes when quorum is met and nobody objects. */
export const consentPassed = (r: VoteResults) => r.quorumMet && !!r.consent && r.consent.object === 0 && r.ballots > 0

function checkBallot(v: Vote, b: Ballot): boolean {
  const n = v.options.length
  const inRange = (i: number) => i >= 0 && i < n
  switch (v.kind) {
    case 'single':
      return 'choice' in b && inRange(b.choice)
    case 'multiple':
      return 'choices' in b && b.choices.every(inRange) && new Set(b.choices).size === b.choices.length && b.choices.length <= v.maxChoices
    case 'consent':
      return 'consent' in b && (b.consent !== 'object' || !!b.reason?.trim())
    case 'score':
      return 'scores' in b && b.scores.length === n && b.scores.every(x => x <= v.scoreMax)
    case 'ranked':
      return 'ranking' in b && b.ranking.every(inRange) && new Set(b.ranking).size === b.ranking.length
  }
}

// ---------------------------------------------------------------------------
// Authorisation and validation of commands

export type CommandContext = {
  userId: number | null
  role: ParticipantRole | null
  /** The actor's display name (stored with the event so the log reads on its own). */
  name: string
  agendaItemIds: number[]
  speakerSeconds: number
}
export type PlannedEvent = { type: string; inRoom: boolean; payload: Record<string, unknown> }
export type Plan = { ok: true; event: PlannedEvent; after?: PlannedEvent } | { ok: false; error: PublicError; issue?: string }

const FACILITATOR_ONLY = new Set<CommandType>([
  'meeting.start',
  'meeting.end',
  'agenda.set',
  'timer.start',
  'timer.stop',
  'floor.give',
  'floor.end',
  'message.hide',
  'proposal.draft',
  'proposal.decide',
  'vote.open',
  'vote.close',
  'participant.mute',
  'participant.remove',
])
/** Who may act for themselves: hands, statements, reactions, votes. */
const SPEAKS: ReadonlySet<ParticipantRole> = new Set(['deliberator', 'facilitator', 'supervisor', 'recorder'])
const VOTES: ReadonlySet<ParticipantRole> = new Set(['deliberator'])

const fail = (error: PublicError, issue?: string): Plan => ({ ok: false, error, issue })

/**
 * Validate and authorise one command against the current state. Returns the
 * event to append (with server-added fields such as the actor's name), or a
 * public error. Pure: the same rules run in tests without a server.
 */
export function planCommand(s: MeetingState, ctx: CommandContext, type: unknown, rawPayload: unknown): Plan {
  if (!isCommandType(type)) return fail('invalid-payload', 'type')
  const parsed = COMMAND_SCHEMAS[type].safeParse(rawPayload ?? {})
  if (!parsed.success) return fail('invalid-payload', parsed.error.issues.map(i => i.path.join('.') || i.message).join(','))
  const p = parsed.data as Record<string, any>
  const { role, userId } = ctx
  if (role == null || userId == null) return fail('unauthorized')
  if (s.removed[userId]) return fail('forbidden', 'removed')
  if (role === 'observer') return fail('forbidden', 'observer')
  if (FACILITATOR_ONLY.has(type) && role !== 'facilitator') return fail('forbidden', 'facilitator-only')
  if (s.status === 'ended') return fail('closed', 'meeting-ended')
  if (type !== 'meeting.start' && type !== 'attendance.checkin' && s.status !== 'live') return fail('conflict', 'not-live')

  // In-room entries: only the recorder enters them, for people without an account.
  const inRoom = p.inRoomName != null
  if (inRoom && role !== 'recorder') return fail('forbidden', 'recorder-only')
  const self: Person = inRoom ? { key: roomKey(p.inRoomName), userId: null, name: p.inRoomName, inRoom: true } : { key: userKey(userId), userId, name: ctx.name, inRoom: false }
  const ev = (payload: Record<string, unknown>, t: string = type): Plan => ({ ok: true, event: { type: t, inRoom, payload } })

  switch (type) {
    case 'meeting.start':
      if (s.status === 'live') return fail('conflict', 'already-live')
      return ev({})
    case 'meeting.end':
      return ev({})
    case 'agenda.set':
      if (!ctx.agendaItemIds.includes(p.itemId)) return fail('not-found', 'agenda-item')
      return ev({ itemId: p.itemId })
    case 'timer.start':
      return ev({ seconds: p.seconds })
    case 'timer.stop':
      if (!s.timer) return fail('conflict', 'no-timer')
      return ev({})
    case 'hand.raise':
      if (!SPEAKS.has(role) || (role === 'recorder' && !inRoom)) return fail('forbidden')
      if (s.muted[userId] && !inRoom) return fail('forbidden', 'muted')
      if (s.queue.some(h => h.key === self.key) || s.floor?.key === self.key) return fail('conflict', 'already-queued')
      return ev({ key: self.key, name: self.name })
    case 'hand.lower': {
      const key = p.key ?? self.key
      const hand = s.queue.find(h => h.key === key)
      if (!hand) return fail('conflict', 'not-queued')
      const own = hand.key === userKey(userId)
      if (!own && role !== 'facilitator' && !(role === 'recorder' && hand.inRoom)) return fail('forbidden')
      return { ok: true, event: { type, inRoom: hand.inRoom, payload: { key, name: hand.name } } }
    }
    case 'floor.give': {
      const hand = s.queue.find(h => h.key === p.key)
      const known = hand ?? s.attendance[p.key] ?? (p.key.startsWith('u:') ? { key: p.key, userId: Number(p.key.slice(2)), name: '', inRoom: false } : null)
      if (!known) return fail('not-found', 'speaker')
      return { ok: true, event: { type, inRoom: known.inRoom, payload: { key: known.key, userId: known.userId, name: known.name, inRoom: known.inRoom, seconds: ctx.speakerSeconds } } }
    }
    case 'floor.end':
      if (!s.floor) return fail('conflict', 'no-floor')
      return ev({ key: s.floor.key })
    case 'statement.post': {
      if (!SPEAKS.has(role) || (role === 'recorder' && !inRoom)) return fail('forbidden')
      if (s.muted[userId] && !inRoom) return fail('forbidden', 'muted')
      if (p.replyTo != null && !s.statementBySeq[p.replyTo]) return fail('not-found', 'replyTo')
      return ev({ key: self.key, name: self.name, text: p.text, ...(p.replyTo != null ? { replyTo: p.replyTo } : {}), itemId: s.currentItemId })
    }
    case 'reaction.set': {
      if (!SPEAKS.has(role)) return fail('forbidden')
      const st = s.statementBySeq[p.statementSeq]
      if (!st || st.hidden) return fail('not-found', 'statement')
      return ev({ key: self.key, statementSeq: p.statementSeq, value: p.value })
    }
    case 'message.hide': {
      const st = s.statementBySeq[p.targetSeq]
      if (!st) return fail('not-found', 'statement')
      if (st.hidden) return fail('conflict', 'already-hidden')
      return ev({ targetSeq: p.targetSeq, reason: p.reason })
    }
    case 'proposal.draft':
      for (const f of p.fromSeqs as number[]) if (!s.statementBySeq[f]) return fail('not-found', 'statement')
      return ev({ title: p.title, text: p.text, fromSeqs: p.fromSeqs })
    case 'proposal.decide': {
      const pr = findProposal(s, p.proposalSeq)
      if (!pr) return fail('not-found', 'proposal')
      if (p.voteSeq != null) {
        const v = findVote(s, p.voteSeq)
        if (!v) return fail('not-found', 'vote')
        if (v.status !== 'closed') return fail('conflict', 'vote-open')
      }
      return ev({ proposalSeq: p.proposalSeq, outcome: p.outcome, ...(p.voteSeq != null ? { voteSeq: p.voteSeq } : {}) })
    }
    case 'vote.open': {
      if (p.kind !== 'consent' && p.options.length < 2) return fail('invalid-payload', 'options')
      if (p.proposalSeq != null && !findProposal(s, p.proposalSeq)) return fail('not-found', 'proposal')
      return ev({ ...p, options: p.kind === 'consent' ? [...CONSENT_CHOICES] : p.options })
    }
    case 'vote.cast': {
      if (!VOTES.has(role) && !(role === 'recorder' && inRoom)) return fail('forbidden', 'not-a-voter')
      // The recorder votes only for people checked in at the door, once each.
      if (inRoom && !s.attendance[self.key]?.inRoom) return fail('forbidden', 'not-checked-in')
      const v = findVote(s, p.voteSeq)
      if (!v) return fail('not-found', 'vote')
      if (v.status !== 'open') return fail('closed', 'vote-closed')
      if (v.ballots[self.key]) return fail('conflict', 'already-voted')
      if (!checkBallot(v, p.ballot)) return fail('invalid-payload', 'ballot')
      return ev({ voteSeq: p.voteSeq, voter: self.key, name: self.name, ballot: p.ballot })
    }
    case 'vote.close': {
      const v = findVote(s, p.voteSeq)
      if (!v) return fail('not-found', 'vote')
      if (v.status !== 'open') return fail('closed', 'vote-closed')
      // The results are computed here, from every ballot, and stored with the event.
      return ev({ voteSeq: p.voteSeq, results: tallyVote(v) })
    }
    case 'participant.mute':
      return ev({ userId: p.userId, muted: p.muted })
    case 'participant.remove':
      if (p.userId === userId) return fail('conflict', 'self')
      return ev({ userId: p.userId })
    case 'attendance.checkin':
      if (s.attendance[self.key]?.inRoom) return fail('conflict', 'already-checked-in')
      return ev({ key: self.key, name: self.name, room: true })
  }
}

// ---------------------------------------------------------------------------
// What each viewer may see

/**
 * Strip what a viewer must not see from an event: voters of anonymous votes,
 * ballots of votes whose results stay hidden until closed (the results arrive
 * with the close event), and the text of statements the facilitator has hidden
 * (kept in the log and shown to the facilitator, not replayed to others).
 * The viewer's own ballots stay visible to them.
 */
export function redactEvent(e: MeetingEvent, s: MeetingState, viewerId: number | null = null, { moderator = false } = {}): MeetingEvent {
  if (e.type === 'statement.post') {
    if (moderator || !s.statementBySeq[e.seq]?.hidden) return e
    return { ...e, payload: { ...e.payload, text: '' } }
  }
  if (e.type !== 'vote.cast') return e
  const p = e.payload as { voteSeq: number; voter?: string; name?: string; ballot?: Ballot }
  const v = findVote(s, p.voteSeq)
  if (!v || (!v.anonymous && !v.hideResults)) return e
  if (viewerId != null && p.voter === userKey(viewerId)) return e
  const payload: Record<string, unknown> = { voteSeq: p.voteSeq }
  if (!v.anonymous) Object.assign(payload, { voter: p.voter, name: p.name })
  if (!v.hideResults) payload.ballot = p.ballot
  return { ...e, actorId: v.anonymous ? null : e.actorId, payload }
}

/** Whether someone has spoken: had the floor, has it now, or posted a statement. */
export function hasSpoken(s: MeetingState, key: string): boolean {
  return !!s.spoken[key] || s.floor?.key === key || s.statements.some(st => st.key === key)
}

/**
 * The balance view: people who have not spoken yet. `people` are the
 * deliberators with accounts; people in the room without one (checked in by
 * the recorder) are added from the log.
 */
export function notYetSpoken(s: MeetingState, people: Person[]): Person[] {
  const seen = new Set<string>()
  const out: Person[] = []
  for (const p of [...people, ...Object.values(s.attendance).filter(a => a.userId == null)]) {
    if (seen.has(p.key)) continue
    seen.add(p.key)
    if (!hasSpoken(s, p.key) && !(p.userId != null && s.removed[p.userId])) out.push(p)
  }
  return out
}

export type RosterEntry = { userId: number; role: string; name: string }

/**
 * Everyone with an account who takes part, kept current while the meeting
 * runs: the participants known when the page loaded, then whoever joined
 * since (from the log's attendance events), then whoever is connected now
 * (from presence). Observers who are only watching are counted, not listed.
 */
export function liveRoster(s: MeetingState, known: readonly RosterEntry[], online: ReadonlyMap<number, { role: string; name: string }>): RosterEntry[] {
  const roster = [...known]
  const listed = new Set(known.map(p => p.userId))
  for (const a of Object.values(s.attendance)) {
    if (a.userId == null || listed.has(a.userId)) continue
    listed.add(a.userId)
    roster.push({ userId: a.userId, role: online.get(a.userId)?.role ?? a.role ?? 'deliberator', name: a.name })
  }
  for (const [userId, o] of online) {
    if (listed.has(userId) || o.role === 'observer') continue
    listed.add(userId)
    roster.push({ userId, role: o.role, name: o.name })
  }
  return roster
}
