import { Writable } from 'node:stream'
import { createElement } from 'react'
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
})
