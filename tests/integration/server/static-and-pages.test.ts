import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request, startRealServer, type RealServer } from '#tests/integration/security/real-server'

describe('public files and pages on the built server', () => {
  let server: RealServer
  beforeAll(async () => {
    server = await startRealServer(() => undefined, { NODE_ENV: 'production' })
  }, 60_000)
  afterAll(() => server?.stop())

  it('serves a public file with its type and an hour of caching', async () => {
    const res = await request(server, '/favicon.svg')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toContain('image/svg+xml')
    expect(res.headers['cache-control']).toBe('public, max-age=3600')
    expect(res.body).toContain('<svg')
  })

  it('answers a page path with the page, and an unknown file with the not-found page', async () => {
    const page = await request(server, '/login')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('<form')
    const missing = await request(server, '/no-such-file.txt')
    expect(missing.status).toBe(404)
  })

  it('compresses a page for a client that accepts gzip', async () => {
    const res = await request(server, '/login', { headers: { 'accept-encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
  })
})
