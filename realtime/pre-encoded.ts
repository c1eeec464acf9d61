// Values sent to many sockets one at a time (a join answer's list of everyone
// online, ~50 KB at 1,000 people) are serialised once and written as is into
// each socket's packet, instead of being JSON-encoded again for every joiner.
// The packets on the wire are the same as without it: clients parse them with
// the ordinary Socket.IO parser.
import { randomBytes } from 'node:crypto'
import type { Server } from 'socket.io'

/** Unguessable, so that no text a person types can stand for a pre-encoded value. */
const MARK = `pre-encoded-${randomBytes(12).toString('hex')}-`
let counter = 0
/** The pre-encoded values met while encoding the current packet, by their stand-in. */
const inPacket = new Map<string, string>()

class PreEncoded {
  private readonly standIn = `${MARK}${counter++}`
  constructor(private readonly json: string) {}
  /** Socket.IO's encoder (its binary check, then JSON.stringify) sees the stand-in, a plain string. */
  toJSON() {
    inPacket.set(this.standIn, this.json)
    return this.standIn
  }
}

/**
 * `value` serialised now, to be written verbatim wherever it is sent through a
 * server set up with `writePreEncodedVerbatim`. Typed as the value it stands
 * for: what a client receives is exactly that value.
 */
export function preEncoded<T>(value: T): T {
  return new PreEncoded(JSON.stringify(value)) as unknown as T
}

/**
 * Make the server's packet encoder put pre-encoded values in place of their
 * stand-ins. (The encoder instance is wrapped rather than a parser passed to
 * the Server: that would take a direct dependency on socket.io-parser.)
 */
export function writePreEncodedVerbatim(io: Pick<Server, 'encoder'>) {
  const encoder = io.encoder
  const encode = encoder.encode.bind(encoder)
  encoder.encode = packet => {
    const encoded = encode(packet)
    if (inPacket.size === 0) return encoded
    const head = encoded[0]
    if (typeof head === 'string' && head.includes(MARK)) {
      let out = head
      for (const [standIn, json] of inPacket) out = out.split(JSON.stringify(standIn)).join(json)
      encoded[0] = out
    }
    inPacket.clear()
    return encoded
  }
}
