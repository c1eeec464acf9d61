// The client half of the meeting protocol, without React: join, fold, resync,
// retry. The live room, the tests and the benchmark all drive this class.
//
// Nothing is lost: every event carries the meeting's sequence number; a gap or
// a reconnect triggers a `meeting:join` with the last seq seen, and the server
// answers from its database log (far behind: with a snapshot of the meeting as
// this viewer may see it, then the events after it). Commands carry an idempotency key and are
// re-sent after a reconnect until acknowledged; the server applies them once.
import type { Socket } from 'socket.io-client'
import type { CommandPayload, CommandType } from '#meetings/commands'
import { fromSnapshot, withOwnBallots, type MeetingSnapshot } from '#meetings/snapshot'
import { applyMeetingEvent, initialMeetingState } from '#meetings/state'
import type { MeetingState, ParticipantRole } from '#meetings/types'
import type {
  Ack,
  ClientToServerEvents,
  MeetingEventPayload,
  MeetingJoinResult,
  MeetingPresencePayload,
  PublicError,
  ServerToClientEvents,
} from '#realtime/events'

export type MeetingSocket = Socket<ServerToClientEvents, ClientToServerEvents>
export type CommandOutcome = { ok: true; event: MeetingEventPayload } | { ok: false; error: PublicError | 'timeout'; issues?: string[] }

type Pending = { type: CommandType; payload: unknown; key: string; resolve: (o: CommandOutcome) => void; inFlight: boolean; tries: number }

const ACK_TIMEOUT_MS = 8000
const MAX_TRIES = 6

export function newIdempotencyKey() {
  const c = (globalThis as { crypto?: Crypto }).crypto
  // randomUUID needs a secure context; plain-http LAN deployments fall back to Math.random.
  if (c?.randomUUID) return c.randomUUID()
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`
}

export class MeetingSession {
  state: MeetingState = initialMeetingState()
  role: ParticipantRole | null = null
  /** userId → meeting role and name of everyone connected now; plus a count of anonymous watchers. */
  online = new Map<number, { role: string; name: string }>()
  anonymous = 0
  /** The member this session joined as (from the join answer); null for anonymous watchers and the public view. */
  selfId: number | null = null
  myVotes = new Set<number>()
  joined = false
  error: PublicError | null = null
  /** Server clock minus local clock, in ms (countdowns use server time). */
  clockOffset = 0
  private buffer = new Map<number, MeetingEventPayload>()
  private pending = new Map<string, Pending>()
  private gapTimer: ReturnType<typeof setTimeout> | null = null
  private joining = false
  private listeners = new Set<() => void>()
  private stopped = false
  private ackTimeout: number

  constructor(
    private socket: MeetingSocket,
    readonly meetingId: number,
    private opts: { onEvent?: (e: MeetingEventPayload) => void; ackTimeoutMs?: number; view?: 'public' } = {},
  ) {
    this.ackTimeout = opts.ackTimeoutMs ?? ACK_TIMEOUT_MS
    socket.on('connect', this.onConnect)
    socket.on('meeting:event', this.onEvent)
    socket.on('meeting:events', this.onEvents)
    socket.on('meeting:presence', this.onPresence)
    if (socket.connected) void this.join()
  }

  subscribe(fn: () => void) {
    this.listeners.add(fn)
    return () => void this.listeners.delete(fn)
  }
  private changed() {
    for (const fn of this.listeners) fn()
  }

  get lastSeq() {
    return this.state.lastSeq
  }

  stop() {
    this.stopped = true
    this.socket.off('connect', this.onConnect)
    this.socket.off('meeting:event', this.onEvent)
    this.socket.off('meeting:events', this.onEvents)
    this.socket.off('meeting:presence', this.onPresence)
    if (this.gapTimer) clearTimeout(this.gapTimer)
    if (this.socket.connected) this.socket.emit('meeting:leave', { meetingId: this.meetingId })
  }

  private onConnect = () => {
    // Also after a recovered connection: a join with sinceSeq is cheap and covers anything recovery missed.
    void this.join()
  }

  private onPresence = (p: MeetingPresencePayload) => {
    if (p.meetingId !== this.meetingId) return
    for (const o of p.online) this.online.set(o.userId, { role: o.role, name: o.name })
    // Connected, one is online, whatever a message from while the connection was down (replayed on recovery) says.
    for (const id of p.offline) if (id !== this.selfId || !this.socket.connected) this.online.delete(id)
    this.anonymous = p.anonymous
    this.changed()
  }

  private onEvent = (e: MeetingEventPayload) => {
    if (this.receive(e)) this.changed()
  }

  private onEvents = (events: MeetingEventPayload[]) => {
    let changed = false
    for (const e of events) changed = this.receive(e) || changed
    if (changed) this.changed()
  }

  /** Take one live event; whether the state changed. */
  private receive(e: MeetingEventPayload): boolean {
    if (e.meetingId !== this.meetingId || e.seq <= this.state.lastSeq) return false
    if (e.seq === this.state.lastSeq + 1 && this.buffer.size === 0) {
      // The usual case: the next event, in order.
      this.apply(e)
      return true
    }
    this.buffer.set(e.seq, e)
    const progressed = this.drain()
    if (this.buffer.size && !this.gapTimer) {
      // Events from another process can overtake each other; if the gap stays, resync from the log.
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null
        if (this.buffer.size) void this.join()
      }, 1000)
    }
    return progressed
  }

  private apply(e: MeetingEventPayload) {
    applyMeetingEvent(this.state, e)
    this.opts.onEvent?.(e)
  }

  /** Apply the buffered events that follow the state; whether any did. */
  private drain(): boolean {
    let progressed = false
    for (let next = this.buffer.get(this.state.lastSeq + 1); next; next = this.buffer.get(this.state.lastSeq + 1)) {
      this.buffer.delete(next.seq)
      this.apply(next)
      progressed = true
    }
    for (const seq of this.buffer.keys()) if (seq <= this.state.lastSeq) this.buffer.delete(seq)
    return progressed
  }

  /** Start again from a snapshot that is ahead of the state (the events after it follow). */
  private adopt(bytes: ArrayBuffer | Uint8Array, ownBallots: MeetingEventPayload[]) {
    const snapshot = fromSnapshot(JSON.parse(new TextDecoder().decode(bytes)) as MeetingSnapshot)
    if (snapshot.lastSeq <= this.state.lastSeq) return
    this.state = withOwnBallots(snapshot, ownBallots)
  }

  /** Join (or re-join) the room and fetch every event after the last one seen (or a snapshot and the events after it). */
  async join(): Promise<void> {
    if (this.joining || this.stopped) return
    this.joining = true
    try {
      const res = (await this.socket.timeout(this.ackTimeout).emitWithAck('meeting:join', {
        meetingId: this.meetingId,
        sinceSeq: this.state.lastSeq,
        ...(this.opts.view ? { view: this.opts.view } : {}),
      })) as Ack<MeetingJoinResult>
      if ('error' in res) {
        this.error = res.error
        this.changed()
        return
      }
      this.error = null
      this.role = res.data.role as ParticipantRole | null
      this.clockOffset = Date.parse(res.data.serverNow) - Date.now()
      for (const v of res.data.myVotes) this.myVotes.add(v)
      this.online = new Map(res.data.presence.online.map(o => [o.userId, { role: o.role, name: o.name }]))
      // Back in the room: online in one's own view at once, whatever the shared presence says yet.
      this.selfId = res.data.self?.userId ?? null
      if (res.data.self) this.online.set(res.data.self.userId, { role: res.data.self.role, name: res.data.self.name })
      this.anonymous = res.data.presence.anonymous
      if (res.data.snapshot) this.adopt(res.data.snapshot, res.data.ownBallots ?? [])
      for (const e of res.data.events) this.buffer.set(e.seq, e)
      this.joined = true
      this.drain()
      this.changed()
      this.flushPending()
    } catch {
      // Timed out: the next connect (or gap) triggers another join.
    } finally {
      this.joining = false
    }
  }

  /** Send a command; resolves once the server has applied it (or refused it). */
  send<T extends CommandType>(type: T, payload: CommandPayload<T>, key = newIdempotencyKey()): Promise<CommandOutcome> {
    return new Promise(resolve => {
      this.pending.set(key, { type, payload, key, resolve, inFlight: false, tries: 0 })
      if (this.joined && this.socket.connected) this.transmit(this.pending.get(key)!)
    })
  }

  get pendingCount() {
    return this.pending.size
  }

  private flushPending() {
    for (const p of this.pending.values()) if (!p.inFlight) this.transmit(p)
  }

  private transmit(p: Pending) {
    p.inFlight = true
    p.tries++
    this.socket
      .timeout(this.ackTimeout)
      .emit(
        'meeting:command',
        { meetingId: this.meetingId, idempotencyKey: p.key, type: p.type, payload: p.payload as Record<string, unknown> },
        (err: Error | null, res: Ack<MeetingEventPayload>) => {
          p.inFlight = false
          if (err) {
            // No answer: keep it pending; it is re-sent (same key) on reconnect, or now if still connected.
            if (p.tries >= MAX_TRIES) return this.settle(p, { ok: false, error: 'timeout' })
            if (this.socket.connected && this.joined) this.transmit(p)
            return
          }
          if ('error' in res) {
            if (res.error === 'rate-limited' && p.tries < MAX_TRIES) return void setTimeout(() => this.transmit(p), 250 * p.tries)
            // Cast already, from another tab or phone of theirs: the vote counts as theirs here too.
            if (p.type === 'vote.cast' && res.issues?.includes('already-voted')) this.myVotes.add((p.payload as { voteSeq: number }).voteSeq)
            return this.settle(p, { ok: false, error: res.error, issues: res.issues })
          }
          if (p.type === 'vote.cast') this.myVotes.add((p.payload as { voteSeq: number }).voteSeq)
          this.onEvent(res.data)
          this.settle(p, { ok: true, event: res.data })
        },
      )
  }

  private settle(p: Pending, outcome: CommandOutcome) {
    this.pending.delete(p.key)
    p.resolve(outcome)
    this.changed()
  }
}
