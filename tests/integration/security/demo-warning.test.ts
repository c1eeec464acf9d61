import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isLoopbackAddress } from '#app/utils/env.server'
import { SYSTEM } from '#db/queries/audit'
import { createUser } from '#db/queries/auth'
import { request, startRealServer, type RealServer } from './real-server'

describe('npm start outside production with demo passwords', () => {
  let server: RealServer
  beforeAll(async () => {
    server = await startRealServer(
      async db => {
        await createUser(
          db,
          { username: 'demo-admin', password: 'teahouse-demo', displayName: '演示管理员', isDemo: true },
          [{ role: 'admin', unitId: null }],
          SYSTEM,
        )
      },
      { TRUST_PROXY: '1' },
    )
  }, 60_000)
  afterAll(() => server?.stop())

  it('stays quiet for localhost and warns clearly once someone else reaches it', async () => {
    expect((await request(server, '/login')).status).toBe(200)
    expect((await request(server, '/login', { from: '127.0.0.9' })).status).toBe(200)
    await new Promise(r => setTimeout(r, 200))
    expect(server.log()).not.toMatch(/WARNING/)
    expect((await request(server, '/login', { headers: { 'x-forwarded-for': '203.0.113.5' } })).status).toBe(200)
    await new Promise(r => setTimeout(r, 200))
    expect(server.log()).toMatch(/WARNING: reached from 203\.0\.113\.5, not from localhost, while demo accounts still have their published passwords/)
  })
})

describe('isLoopbackAddress', () => {
  it('knows loopback in IPv4, IPv6 and IPv4-mapped form', () => {
    for (const ip of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(ip), ip).toBe(true)
    for (const ip of ['10.0.0.1', '::ffff:192.168.1.4', '203.0.113.5', '', 'unknown', '127.0.0.1.evil']) expect(isLoopbackAddress(ip), ip).toBe(false)
  })
})
