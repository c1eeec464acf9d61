import { Transform } from 'node:stream'

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

/** A pass-through for React's HTML stream that drops that padding. */
export function fizzPaddingFilter() {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, trimFizzPadding(chunk))
    },
  })
}
