// Byte caps on request bodies, enforced in Express before Remix reads a byte:
// a declared length over the cap is refused at once, and a chunked body is
// counted as it arrives off the socket and cut off at the cap.
import type { NextFunction, Request, Response } from 'express'
import { MAX_IMPORT_BYTES } from './import.server'
import { MAX_COMPLAINT_PHOTOS, MAX_ORDER_PHOTOS, MAX_PHOTO_BYTES } from './uploads.server'

const MB = 1024 * 1024

/** Room for the text fields and multipart framing around the files. */
const FORM_MARGIN = MB

/** Forms, JSON and API calls. */
export const DEFAULT_BODY_LIMIT = MB

/** The only routes that take files, each with room for its own file limits. */
export const UPLOAD_BODY_LIMITS: { path: RegExp; bytes: number }[] = [
  { path: /^\/import\/?$/, bytes: MAX_IMPORT_BYTES + FORM_MARGIN },
  { path: /^\/(complaints\/new|entry)\/?$/, bytes: MAX_COMPLAINT_PHOTOS * MAX_PHOTO_BYTES + FORM_MARGIN },
  { path: /^\/orders\/\d+\/?$/, bytes: MAX_ORDER_PHOTOS * MAX_PHOTO_BYTES + FORM_MARGIN },
  { path: /^\/pool\/import\/?$/, bytes: 10 * MB + FORM_MARGIN },
  { path: /^\/taxonomy\/?$/, bytes: 2 * MB + FORM_MARGIN },
]

export function bodyLimitFor(pathname: string): number {
  return UPLOAD_BODY_LIMITS.find(l => l.path.test(pathname))?.bytes ?? DEFAULT_BODY_LIMIT
}

const TOO_LARGE = 'Payload Too Large'
/** How long a refused upload may keep arriving (and be dropped) before we hang up. */
const LINGER_MS = 1000

function refuse(req: Request, res: Response) {
  res.locals.bodyTooLarge = true
  const socket = req.socket
  // Whatever still arrives is dropped (see the counter below) rather than left
  // unread: hanging up on unread bytes resets the connection, and the client
  // could lose the 413 with it.
  setTimeout(() => socket.destroy(), LINGER_MS).unref()
  if (res.headersSent) return void socket.end()
  res.writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(TOO_LARGE) })
  res.end(TOO_LARGE, () => socket.end())
}

/**
 * Express middleware. The body is counted where Node's HTTP parser hands it
 * to the request stream, so whoever reads it later (Remix, or Node discarding
 * an unread body) never gets more than the cap.
 */
export function limitRequestBodies(limitFor: (pathname: string) => number = bodyLimitFor) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next()
    const limit = limitFor(req.path)
    const declared = req.headers['content-length']
    if (declared !== undefined && !(Number(declared) <= limit)) return refuse(req, res)
    let received = 0
    const push = req.push.bind(req)
    req.push = (chunk: unknown, encoding?: BufferEncoding) => {
      if (chunk == null) return push(chunk, encoding)
      if (res.locals.bodyTooLarge) return true
      received += (chunk as Buffer).length
      if (received <= limit) return push(chunk, encoding)
      refuse(req, res)
      return true
    }
    next()
  }
}

/** After the app: errors from a handler whose request was cut off above are expected. */
export function quietAfterRefusedBody(error: unknown, _req: Request, res: Response, next: NextFunction) {
  if (res.locals.bodyTooLarge) return
  next(error)
}
