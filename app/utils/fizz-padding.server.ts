import { Duplex } from 'node:stream'

/**
 * React 18's renderToPipeableStream (Node) encodes HTML into 2,048-byte views.
 * When a multi-byte character does not fit at the end of a view it sends the
 * whole view anyway, so the unused tail goes out as 1–3 zero bytes and the
 * browser shows them as U+FFFD inside the text ("车位" became "车��位" in a
 * textarea). Fixed upstream in React 19 only.
 *
 * Only such a full view can carry the padding: strip the trailing zero bytes
 * of chunks of exactly that size and pass everything else through untouched.
 */
export const FIZZ_VIEW_SIZE = 2048

export function trimFizzPadding(chunk: Uint8Array): Uint8Array {
  if (chunk.length !== FIZZ_VIEW_SIZE) return chunk
  let end = chunk.length
  while (end > chunk.length - 3 && chunk[end - 1] === 0) end--
  return end === chunk.length ? chunk : chunk.subarray(0, end)
}

/**
 * A pass-through for React's HTML stream that drops that padding and sends
 * what React wrote in one batch as one chunk. React writes a page in 2 KB
 * views and calls `flush()` when it has nothing more to send for now (the
 * shell, then each Suspense boundary as it resolves); every chunk downstream
 * costs a trip through the web stream, the response, compression and a socket
 * write, so a 60 KB page went out in 30 of them instead of one.
 *
 * Writes are taken at once (a page is held in memory until React's flush),
 * so a batch is never left behind a reader that has not caught up yet.
 */
export function fizzPaddingFilter() {
  let pending: Buffer[] = []
  let pendingBytes = 0
  const sendPending = () => {
    if (!pendingBytes) return
    const batch = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes)
    pending = []
    pendingBytes = 0
    stream.push(batch)
  }
  const stream = new Duplex({
    write(chunk: Buffer, _encoding, callback) {
      const trimmed = trimFizzPadding(chunk)
      pending.push(Buffer.from(trimmed.buffer, trimmed.byteOffset, trimmed.byteLength))
      pendingBytes += trimmed.byteLength
      callback()
    },
    final(callback) {
      sendPending()
      stream.push(null)
      callback()
    },
    read() {},
  })
  // Called by React at the end of each batch of writes (the convention of zlib streams).
  return Object.assign(stream, { flush: sendPending })
}
