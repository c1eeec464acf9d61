import { describe, expect, it } from 'vitest'
import { httpGatewayProvider, logProvider, outboxProvider, smsProviderFor } from '#app/services/sms/provider'

const meta = { messageId: 7, kind: 'panel.invitation' }

describe('choosing the SMS provider', () => {
  it('keeps messages in the outbox outside production unless told otherwise', () => {
    expect(smsProviderFor({ NODE_ENV: 'development' }).name).toBe('outbox')
    expect(smsProviderFor({ NODE_ENV: 'test' }).name).toBe('outbox')
    expect(smsProviderFor({ NODE_ENV: 'development', SMS_PROVIDER: 'log' }).name).toBe('log')
  })

  it('makes production choose, and the gateway needs its address', () => {
    expect(() => smsProviderFor({ NODE_ENV: 'production' })).toThrow(/SMS_PROVIDER must be set/)
    expect(() => smsProviderFor({ NODE_ENV: 'production', SMS_PROVIDER: 'http' })).toThrow(/SMS_GATEWAY_URL/)
    expect(smsProviderFor({ NODE_ENV: 'production', SMS_PROVIDER: 'http', SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms' }).name).toBe('http')
  })
})

describe('providers', () => {
  it('outbox delivers without leaving the machine', async () => {
    expect(await outboxProvider.send('13800000000', '您好', meta)).toEqual({ ok: true, ref: 'outbox-7' })
  })

  it('log writes the message to the log', async () => {
    const lines: string[] = []
    const result = await logProvider(l => lines.push(l)).send('13800000000', '您好', meta)
    expect(result.ok).toBe(true)
    expect(lines).toEqual(['[sms] #7 panel.invitation to 13800000000: 您好'])
  })

  it('http posts the message to the gateway with its token and reads the id back', async () => {
    const calls: { url: string; init: RequestInit }[] = []
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init })
      return new Response(JSON.stringify({ id: 'gw-1' }), { status: 200 })
    }) as unknown as typeof fetch
    const provider = httpGatewayProvider({ url: 'http://gateway.test/send', token: 'secret', fetch: fakeFetch })
    expect(await provider.send('13800000000', '您好', meta)).toEqual({ ok: true, ref: 'gw-1' })
    expect(calls[0].url).toBe('http://gateway.test/send')
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer secret')
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ to: '13800000000', text: '您好', ref: 'teahouse-7' })
  })

  it('http reports a refused or unreachable gateway as a failure, not an exception', async () => {
    const refused = httpGatewayProvider({
      url: 'http://gateway.test/send',
      fetch: (async () => new Response('no', { status: 503 })) as unknown as typeof fetch,
    })
    expect(await refused.send('138', 'x', meta)).toEqual({ ok: false, error: 'gateway HTTP 503' })
    const down = httpGatewayProvider({
      url: 'http://gateway.test/send',
      fetch: (async () => {
        throw new Error('ECONNREFUSED')
      }) as unknown as typeof fetch,
    })
    expect(await down.send('138', 'x', meta)).toEqual({ ok: false, error: 'ECONNREFUSED' })
  })
})
