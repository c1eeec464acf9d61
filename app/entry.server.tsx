import { type EntryContext, createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { fizzPaddingFilter } from '#app/utils/fizz-padding.server'

const ABORT_DELAY = 5_000

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  const bot = isbot(request.headers.get('user-agent') ?? '')
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      [bot ? 'onAllReady' : 'onShellReady']() {
        shellRendered = true
        // Drops the zero bytes React 18 pads some chunks with (see fizzPaddingFilter).
        const body = fizzPaddingFilter()
        responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
        responseHeaders.set('X-Content-Type-Options', 'nosniff')
        responseHeaders.set('Referrer-Policy', 'same-origin')
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
        pipe(body)
      },
      onShellError(error: unknown) {
        reject(error)
      },
      onError(error: unknown) {
        responseStatusCode = 500
        if (shellRendered) console.error(error)
      },
    })
    setTimeout(abort, ABORT_DELAY)
  })
}
