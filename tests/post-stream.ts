import http from 'node:http'

export const MB = 1024 * 1024

export type StreamedPost = {
  status: number | null
  /** Bytes of body written when the answer arrived; -1 if none came. */
  sentWhenAnswered: number
  sentTotal: number
  body: string
}

/**
 * Stream `total` bytes of a form at a server in 64 KB chunks, as an attacker
 * would, with or without a declared length, and stop once the server answers.
 *
 * With `holdAfter`, writing stops once that much is out and waits up to
 * `holdMs` for the answer before going on. A server that refuses at its cap
 * answers during the hold; one that waits for the whole body cannot, however
 * busy the machine. (Without a hold, what gets out before the answer arrives
 * depends on how fast the two processes are scheduled.)
 *
 * With `ignoreAnswer`, writing goes on after the answer until the server hangs up.
 */
export function postStream(
  port: number,
  pathname: string,
  total: number,
  opts: { declareLength?: boolean; holdAfter?: number; holdMs?: number; ignoreAnswer?: boolean; cookie?: string } = {},
): Promise<StreamedPost> {
  return new Promise(resolve => {
    const chunk = Buffer.alloc(64 * 1024, 'a')
    const headers: Record<string, string | number> = {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: opts.cookie ?? 'th_csrf=0123456789abcdef0123456789abcdef',
    }
    if (opts.declareLength) headers['content-length'] = total
    else headers['transfer-encoding'] = 'chunked'
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method: 'POST', headers })
    let sent = 0
    let answered = false
    let failed = false
    let held = false
    const out: StreamedPost = { status: null, sentWhenAnswered: -1, sentTotal: 0, body: '' }
    const finish = () => {
      out.sentTotal = sent
      resolve(out)
    }
    req.on('response', res => {
      answered = true
      out.status = res.statusCode ?? null
      out.sentWhenAnswered = sent
      res.setEncoding('utf8')
      res.on('data', d => (out.body += d))
      if (!opts.ignoreAnswer) {
        res.on('end', finish)
        res.on('error', finish)
      }
    })
    if (opts.ignoreAnswer) req.on('close', finish)
    req.on('error', () => {
      failed = true
      if (!answered && !opts.ignoreAnswer) finish()
    })
    const stop = () => failed || req.destroyed || (answered && !opts.ignoreAnswer)
    const pump = (): void => {
      while (!stop() && sent < total) {
        if (!held && opts.holdAfter !== undefined && sent >= opts.holdAfter) {
          held = true
          const deadline = Date.now() + (opts.holdMs ?? 10_000)
          const wait = (): void => (answered || Date.now() > deadline ? pump() : void setTimeout(wait, 10))
          return wait()
        }
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
      if (sent >= total && !stop()) req.end()
    }
    req.write('username=')
    pump()
  })
}
