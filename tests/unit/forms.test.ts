import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { domainErrorResponse, runCommand } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { DomainError } from '#db/errors'

const Schema = z.object({
  title: z.string({ required_error: 'outcome.error.titleRequired' }).trim().min(2, 'outcome.error.titleRequired'),
  seats: z.number({ invalid_type_error: 'panel.error.seats' }).int().min(1, 'panel.error.seats'),
  tags: z.array(z.string()).default([]),
})

function form(entries: [string, string][]) {
  const f = new FormData()
  for (const [k, v] of entries) f.append(k, v)
  return f
}

describe('parseForm', () => {
  it('coerces numbers and repeated fields and returns the typed value', () => {
    const r = parseForm(
      form([
        ['title', ' 加装电梯 '],
        ['seats', '12'],
        ['tags', 'a'],
        ['tags', 'b'],
      ]),
      Schema,
    )
    expect(r.ok).toBe(true)
    if (!r.ok) throw new Error('unreachable')
    expect(r.value).toEqual({ title: '加装电梯', seats: 12, tags: ['a', 'b'] })
  })

  it('answers a bad post with 400, field errors as message keys and the values typed', async () => {
    const r = parseForm(
      form([
        ['title', 'x'],
        ['seats', 'many'],
      ]),
      Schema,
    )
    expect(r.ok).toBe(false)
    if (r.ok) throw new Error('unreachable')
    expect(r.response.status).toBe(400)
    const body = await r.response.json()
    expect(body.result.error).toEqual({ title: ['outcome.error.titleRequired'], seats: ['panel.error.seats'] })
    expect(body.result.initialValue).toMatchObject({ title: 'x', seats: 'many' })
  })
})

describe('domainErrorResponse', () => {
  it('maps each code to its status and keeps the message key and field', async () => {
    const codes = { invalid: 400, forbidden: 403, 'not-found': 404, conflict: 409, 'too-large': 413, 'rate-limited': 429 } as const
    for (const [code, status] of Object.entries(codes)) {
      const res = domainErrorResponse(new DomainError(code as keyof typeof codes, 'topics.error.conflict', { field: 'title' }))
      expect(res.status).toBe(status)
      const body = await res.json()
      expect(body.error).toBe('topics.error.conflict')
      expect(body.result.error).toEqual({ title: ['topics.error.conflict'] })
    }
  })

  it('runCommand turns a DomainError into its response and lets other errors through', async () => {
    const failed = await runCommand(() => {
      throw new DomainError('conflict', 'topics.error.conflict')
    })
    expect(failed.ok).toBe(false)
    if (failed.ok) throw new Error('unreachable')
    expect(failed.response.status).toBe(409)
    expect(await runCommand(() => 7)).toEqual({ ok: true, value: 7 })
    await expect(runCommand(() => Promise.reject(new TypeError('boom')))).rejects.toThrow('boom')
  })
})
