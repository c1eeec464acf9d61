import { type EntryContext, createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { fizzPaddingFilter } from '#app/utils/fizz-padding.server'

// server.ts starts the background jobs from here, so they share the pages' modules (one topic engine, one classifier).
export { startBackgroundJobs } from '#app/services/jobs.server'

const ABORT_DELAY = 5_000

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  const bot = isbot(request.headers.get('user-agent') ?? '')
  return new Promise((resolve, reject) => {
    let shellRendered = false
    // Cleared once everything is rendered: a pending timer would keep the finished render in memory for its 5 seconds.
    const abortTimer = setTimeout(() => abort(), ABORT_DELAY)
    const send = () => {
      shellRendered = true
      // Drops the zero bytes React 18 pads some chunks with (see fizzPaddingFilter).
      const body = fizzPaddingFilter()
      responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
      responseHeaders.set('X-Content-Type-Options', 'nosniff')
      responseHeaders.set('Referrer-Policy', 'same-origin')
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
      pipe(body)
    }
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      onShellReady() {
        if (!bot) send()
      },
      onAllReady() {
        clearTimeout(abortTimer)
        if (bot) send()
      },
      onShellError(error: unknown) {
        clearTimeout(abortTimer)
        reject(error)
      },
      onError(error: unknown) {
        responseStatusCode = 500
        if (shellRendered) console.error(error)
      },
    })
  })
}
