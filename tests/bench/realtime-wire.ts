// Protocol-level clients for the realtime benchmark: the meeting's anonymous
// observers (and, in the bare run, the same share of sockets), simulated
// cheaply enough that one thread can play thousands of them.
//
// They speak the real wire protocol over `ws` (Engine.IO v4 over WebSocket,
// Socket.IO v5 packets): the open packet, `40` connect (with the session id
// and last offset after a drop, so connection state recovery works as for the
// real client), ping `2` → pong `3`, events `42[…]`, acks `43<id>[…]` and
// binary acks `46<n>-<id>[…]` followed by n binary frames. The observer joins
// with the same `meeting:join` command as the real client and follows the
// same rules as MeetingSession: apply the next seq, buffer out-of-order
// events and resync after a second if the gap stays, rejoin with its last seq
// after every connect. What it keeps of the meeting is only what the benchmark
// checks: the last seq and the seqs of the statements held (lost and
// duplicated are counted from them, exactly), and for live statements the
// send time written in their text. A live event is read by scanning the frame
// for these few fields instead of JSON-parsing it; anything else (batches,
// join answers, snapshots) is parsed in full.
import WebSocket from 'ws'

/** Socket.IO client's reconnection back-off: 1 s doubling up to 5 s, ±50%. */
const RECONNECT_MIN_MS = 1000
const RECONNECT_MAX_MS = 5000
const RECONNECT_JITTER = 0.5

function backoff(attempt: number) {
  const ms = RECONNECT_MIN_MS * 2 ** attempt
  const rand = Math.random()
  const deviation = Math.floor(rand * RECONNECT_JITTER * ms)
  return Math.min((Math.floor(rand * 10) & 1) === 0 ? ms - deviation : ms + deviation, RECONNECT_MAX_MS)
}

/** An acknowledgement as received: the JSON text of its arguments, and its binary attachments. */
export type RawAck = { json: string; attachments: Buffer[] }
type AckWaiter = { resolve: (ack: RawAck) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }

/**
 * One Socket.IO connection to the default namespace, WebSocket transport only,
 * reconnecting by itself after a drop as the real client does.
 */
export class WireSocket {
  connected = false
  /** Called on every successful connect (the first and each reconnect). */
  onConnect: () => void = () => {}
  /** A text event frame (`42[…]`, without its `42`), as it arrived. */
  onEvent: (frame: string) => void = () => {}
  private ws: WebSocket | null = null
  private readonly wsUrl: string
  private pid: string | null = null
  private lastOffset: string | null = null
  private nextAckId = 0
  private acks = new Map<number, AckWaiter>()
  /** A binary ack waiting for its attachments. */
  private pendingBinary: { id: number; json: string; left: number; buffers: Buffer[] } | null = null
  private attempts = 0
  private stopped = false

  constructor(url: string) {
    this.wsUrl = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`
    this.open()
  }

  private open() {
    const ws = new WebSocket(this.wsUrl, { perMessageDeflate: false })
    this.ws = ws
    // Frames still arriving on a connection already given up are not read, as in the real client.
    ws.on('message', (data: Buffer, isBinary: boolean) => this.ws === ws && (isBinary ? this.onBinary(data) : this.onText(data.toString())))
    ws.on('error', () => {})
    ws.on('close', () => this.ws === ws && this.lost())
  }

  /** The connection is gone: reconnect after the back-off. */
  private lost() {
    this.ws = null
    this.connected = false
    this.pendingBinary = null
    this.failAcks(new Error('disconnected'))
    if (!this.stopped) setTimeout(() => this.stopped || this.open(), backoff(this.attempts++))
  }

  private send(text: string) {
    this.ws?.send(text)
  }

  private onText(text: string) {
    switch (text[0]) {
      case '0': // Engine.IO open: connect to the namespace, asking to recover the session after a drop
        return this.send(this.pid ? `40${JSON.stringify({ pid: this.pid, offset: this.lastOffset })}` : '40')
      case '2':
        return this.send('3')
      case '4':
        return this.onPacket(text)
    }
  }

  private onPacket(text: string) {
    switch (text[1]) {
      case '2': {
        // Under connection state recovery every broadcast event ends with its offset, a string.
        if (text.charCodeAt(text.length - 2) === 34 /* " */) this.lastOffset = text.slice(text.lastIndexOf('"', text.length - 3) + 1, -2)
        return this.onEvent(text.slice(2))
      }
      case '0': {
        const connect = JSON.parse(text.slice(2)) as { sid: string; pid?: string }
        this.pid = connect.pid ?? null
        this.connected = true
        this.attempts = 0
        return this.onConnect()
      }
      case '3': {
        const at = ackIdEnd(text, 2)
        return this.settle(Number(text.slice(2, at)), { json: text.slice(at), attachments: [] })
      }
      case '6': {
        const dash = text.indexOf('-', 2)
        const at = ackIdEnd(text, dash + 1)
        this.pendingBinary = { id: Number(text.slice(dash + 1, at)), json: text.slice(at), left: Number(text.slice(2, dash)), buffers: [] }
        return
      }
    }
  }

  private onBinary(data: Buffer) {
    const b = this.pendingBinary
    if (!b) return
    b.buffers.push(data)
    if (--b.left > 0) return
    this.pendingBinary = null
    this.settle(b.id, { json: b.json, attachments: b.buffers })
  }

  private settle(id: number, ack: RawAck) {
    const waiter = this.acks.get(id)
    if (!waiter) return
    this.acks.delete(id)
    clearTimeout(waiter.timer)
    waiter.resolve(ack)
  }

  /** Emit an event and wait for its acknowledgement, left unparsed (rejects after `timeoutMs`, like `socket.timeout(ms).emitWithAck`). */
  emitWithAck(event: string, payload: unknown, timeoutMs: number): Promise<RawAck> {
    return new Promise((resolve, reject) => {
      if (!this.connected) return reject(new Error('not connected'))
      const id = this.nextAckId++
      const timer = setTimeout(() => {
        this.acks.delete(id)
        reject(new Error('timeout'))
      }, timeoutMs)
      this.acks.set(id, { resolve, reject, timer })
      this.send(`42${id}${JSON.stringify([event, payload])}`)
    })
  }

  /** Emit an event without acknowledgement. */
  emit(event: string, payload: unknown) {
    if (this.connected) this.send(`42${JSON.stringify([event, payload])}`)
  }

  /** Drop the connection as `socket.io.engine.close()` does: closed at once, reconnected after the back-off. */
  drop() {
    const ws = this.ws
    if (!ws) return
    this.lost()
    ws.close()
  }

  /** Leave for good. */
  disconnect() {
    this.stopped = true
    if (this.connected) this.send('41')
    this.ws?.close()
    this.failAcks(new Error('disconnected'))
  }

  /** Acks still awaited when the connection goes fail at once, as the real client's do. */
  private failAcks(error: Error) {
    for (const w of this.acks.values()) {
      clearTimeout(w.timer)
      w.reject(error)
    }
    this.acks.clear()
  }
}

function ackIdEnd(text: string, from: number) {
  let i = from
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++
  return i
}

type JoinAnswer = { data: { snapshot?: Buffer | { _placeholder: true; num: number }; events: LoggedEvent[] } } | { error: string }
/** The join answer's presence, its last field: everyone online, which observers get under pseudonyms and the benchmark does not check. */
const PRESENCE_FIELD = ',"presence":{"meetingId":'

/** A join answer, parsed without its list of everyone online (~50 KB at 1,000 people), with its snapshot attached. */
export function parseJoinAnswer({ json, attachments }: RawAck): JoinAnswer {
  const cut = json.lastIndexOf(PRESENCE_FIELD)
  const [answer] = JSON.parse(cut > 0 ? `${json.slice(0, cut)}}}]` : json) as [JoinAnswer]
  if ('data' in answer && answer.data.snapshot && !Buffer.isBuffer(answer.data.snapshot)) answer.data.snapshot = attachments[answer.data.snapshot.num]
  return answer
}

/** What the benchmark needs of a meeting event: its meeting, its seq, and for a statement the time it was sent. */
export type EventMark = { meetingId: number; seq: number; statement: boolean; sent: number }

const STATEMENT_TYPE = '"type":"statement.post"'

function intAt(text: string, from: number) {
  let n = 0
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48
    if (c < 0 || c > 9) break
    n = n * 10 + c
  }
  return n
}

/** Time a benchmark statement was sent: its text is `bench:<ms>`. */
export const sentTime = (text: string) => Number(text.slice(6))

/**
 * Read the fields of one event object serialised by the server, starting at
 * `from` (its `{`). The event's own keys come first (`meetingId`, `seq`,
 * `type`, then `payload`), and quotes inside strings are escaped, so the
 * first `"seq":` after `from` is the event's own. Frames holding a backslash
 * (escaped text) go through JSON.parse instead.
 */
export function markEventAt(text: string, from: number): EventMark {
  const meetingId = intAt(text, text.indexOf('"meetingId":', from) + 12)
  const seqAt = text.indexOf('"seq":', from) + 6
  const seq = intAt(text, seqAt)
  const typeAt = text.indexOf('"type":"', seqAt)
  const statement = text.startsWith(STATEMENT_TYPE, typeAt)
  let sent = NaN
  if (statement) {
    const t = text.indexOf('"text":"', typeAt) + 8
    sent = sentTime(text.slice(t, text.indexOf('"', t)))
  }
  return { meetingId, seq, statement, sent }
}

type LoggedEvent = { meetingId: number; seq: number; type: string; payload: { text?: unknown } }
const markOf = (e: LoggedEvent): EventMark => ({
  meetingId: e.meetingId,
  seq: e.seq,
  statement: e.type === 'statement.post',
  sent: e.type === 'statement.post' ? sentTime(String(e.payload.text)) : NaN,
})

/**
 * An anonymous observer of a public meeting, following the rules of
 * MeetingSession (app/components/meeting/meeting-session.ts) over a WireSocket.
 */
export class ObserverSession {
  lastSeq = 0
  /** Seqs of the statements this observer's meeting holds, in the order applied. */
  statementSeqs: number[] = []
  joined = false
  error: string | null = null
  private buffer = new Map<number, EventMark>()
  private gapTimer: NodeJS.Timeout | null = null
  private joining = false
  private stopped = false

  constructor(
    readonly socket: WireSocket,
    readonly meetingId: number,
    private opts: { ackTimeoutMs: number; onLiveEvent?: (e: EventMark) => void; onConnect?: () => void },
  ) {
    socket.onConnect = () => {
      void this.join()
      opts.onConnect?.()
    }
    socket.onEvent = frame => this.onFrame(frame)
  }

  private onFrame(frame: string) {
    if (frame.startsWith('["meeting:event",')) {
      const e = frame.includes('\\') ? markOf((JSON.parse(frame) as [string, LoggedEvent])[1]) : markEventAt(frame, 17)
      this.opts.onLiveEvent?.(e)
      this.receive(e)
    } else if (frame.startsWith('["meeting:events",')) {
      for (const e of (JSON.parse(frame) as [string, LoggedEvent[]])[1]) this.receive(markOf(e))
    }
    // meeting:presence: observers see counts and pseudonyms, which the benchmark does not check.
  }

  private receive(e: EventMark) {
    if (e.meetingId !== this.meetingId || e.seq <= this.lastSeq) return
    if (e.seq === this.lastSeq + 1 && this.buffer.size === 0) return this.apply(e)
    this.buffer.set(e.seq, e)
    this.drain()
    if (this.buffer.size && !this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null
        if (this.buffer.size) void this.join()
      }, 1000)
    }
  }

  private apply(e: EventMark) {
    this.lastSeq = e.seq
    if (e.statement) this.statementSeqs.push(e.seq)
  }

  private drain() {
    for (let next = this.buffer.get(this.lastSeq + 1); next; next = this.buffer.get(this.lastSeq + 1)) {
      this.buffer.delete(next.seq)
      this.apply(next)
    }
    for (const seq of this.buffer.keys()) if (seq <= this.lastSeq) this.buffer.delete(seq)
  }

  /** A snapshot ahead of what this observer holds replaces it (the events after it follow). */
  private adopt(bytes: Uint8Array) {
    const snapshot = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString()) as { lastSeq: number; statements: { seq: number }[] }
    if (snapshot.lastSeq <= this.lastSeq) return
    this.lastSeq = snapshot.lastSeq
    this.statementSeqs = snapshot.statements.map(st => st.seq)
  }

  /** Join (or re-join) the meeting with the last seq seen, as MeetingSession.join does. */
  async join(): Promise<void> {
    if (this.joining || this.stopped) return
    this.joining = true
    try {
      const res = parseJoinAnswer(await this.socket.emitWithAck('meeting:join', { meetingId: this.meetingId, sinceSeq: this.lastSeq }, this.opts.ackTimeoutMs))
      if ('error' in res) {
        this.error = res.error
        return
      }
      this.error = null
      if (res.data.snapshot) this.adopt(res.data.snapshot as Buffer)
      for (const e of res.data.events) this.buffer.set(e.seq, markOf(e))
      this.joined = true
      this.drain()
    } catch {
      // Timed out or disconnected: the next connect (or gap) joins again.
    } finally {
      this.joining = false
    }
  }

  stop() {
    this.stopped = true
    if (this.gapTimer) clearTimeout(this.gapTimer)
    this.socket.disconnect()
  }
}
