import { Writable } from 'node:stream'
import { Suspense, createElement, type ReactNode } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { FIZZ_VIEW_SIZE, fizzPaddingFilter, trimFizzPadding } from '#app/utils/fizz-padding.server'

function render(lines: string[], filter: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk)
        cb()
      },
    })
    sink.on('finish', () => resolve(Buffer.concat(chunks)))
    const { pipe } = renderToPipeableStream(createElement('ul', null, ...lines.map((line, i) => createElement('li', { key: i }, line))), {
      onAllReady() {
        if (filter) pipe(fizzPaddingFilter()).pipe(sink)
        else pipe(sink)
      },
      onError: reject,
    })
  })
}

describe('React stream padding', () => {
  it('strips up to three trailing zero bytes of a full view only', () => {
    const full = new Uint8Array(FIZZ_VIEW_SIZE).fill(0x61)
    full.fill(0, FIZZ_VIEW_SIZE - 2)
    expect(trimFizzPadding(full).length).toBe(FIZZ_VIEW_SIZE - 2)
    const short = new Uint8Array([0x61, 0, 0])
    expect(trimFizzPadding(short)).toBe(short)
    const clean = new Uint8Array(FIZZ_VIEW_SIZE).fill(0x61)
    expect(trimFizzPadding(clean)).toBe(clean)
  })

  it('keeps Chinese text intact wherever it meets a 2 KB boundary', async () => {
    const statement = '王阿姨：早高峰家长临时停车堵住路口，建议开放学校对面空地做临时车位。'
    // Short text chunks (under 683 characters) are encoded into the shared view, where the padding happens.
    for (let pad = 0; pad < 40; pad++) {
      const lines = ['x'.repeat(pad), ...Array.from({ length: 60 }, () => statement)]
      const html = (await render(lines, true)).toString('utf8')
      expect(html).not.toContain('\u0000')
      expect(html.split(statement).length - 1).toBe(60)
    }
  })

  it('sends a page React wrote in one batch as one chunk', async () => {
    const chunks: Buffer[] = []
    let written = 0
    await new Promise<void>((resolve, reject) => {
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          chunks.push(chunk)
          cb()
        },
      })
      sink.on('finish', resolve)
      const lines = Array.from({ length: 400 }, (_, i) => `第${i}条：路灯损坏，夜间通行不便`)
      const { pipe } = renderToPipeableStream(createElement('ul', null, ...lines.map((line, i) => createElement('li', { key: i }, line))), {
        onAllReady() {
          const filter = fizzPaddingFilter()
          const write = filter.write.bind(filter)
          filter.write = ((chunk: Buffer, ...rest: never[]) => (written++, write(chunk, ...rest))) as typeof filter.write
          pipe(filter).pipe(sink)
        },
        onError: reject,
      })
    })
    expect(written).toBeGreaterThan(5)
    expect(chunks).toHaveLength(1)
    const html = Buffer.concat(chunks).toString('utf8')
    expect(html).not.toContain('\u0000')
    expect(html.split('夜间通行不便').length - 1).toBe(400)
  })

  it('still streams: the shell goes out before a slow part of the page is ready', async () => {
    let release!: () => void
    const ready = new Promise<void>(r => (release = r))
    let done = false
    const Slow = (): ReactNode => {
      if (!done) throw ready.then(() => (done = true))
      return createElement('p', null, '稍后送达的部分')
    }
    const received: string[] = []
    const finished = new Promise<void>((resolve, reject) => {
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          received.push(chunk.toString('utf8'))
          cb()
        },
      })
      sink.on('finish', resolve)
      const page = createElement(
        'main',
        null,
        createElement('h1', null, '议题'),
        createElement(Suspense, { fallback: createElement('span', null, '加载中') }, createElement(Slow)),
      )
      const { pipe } = renderToPipeableStream(page, {
        onShellReady() {
          pipe(fizzPaddingFilter()).pipe(sink)
        },
        onError: reject,
      })
    })
    await new Promise(r => setTimeout(r, 20))
    expect(received.join('')).toContain('加载中')
    expect(received.join('')).not.toContain('稍后送达的部分')
    release()
    await finished
    expect(received.length).toBeGreaterThan(1)
    expect(received.join('')).toContain('稍后送达的部分')
  })
})
