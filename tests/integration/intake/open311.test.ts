import { beforeEach, describe, expect, it } from 'vitest'
import * as one from '#app/routes/_api+/open311.v2.requests.$id'
import * as requests from '#app/routes/_api+/open311.v2.requests[.]json'
import * as services from '#app/routes/_api+/open311.v2.services[.]json'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createApiToken } from '#db/queries/auth'
import { createComplaint, setComplaintStatus } from '#db/queries/complaints'
import { getUnitByCode } from '#db/queries/units'
import { callRoute, createTestDb, seedTestUnits } from '#tests/db-utils'

let db: Db
let token: string
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  token = createApiToken(db, { name: 'city-app', role: 'resident', unitId: null }, SYSTEM).token
})

const get = (path: string) => new Request(`http://localhost${path}`)
const postForm = (fields: Record<string, string>) =>
  new Request('http://localhost/open311/v2/requests.json', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
const postJson = (body: unknown) =>
  new Request('http://localhost/open311/v2/requests.json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
].sort()

describe('Open311 GeoReport v2', () => {
  it('lists services from the taxonomy categories', async () => {
    const res = await callRoute(services.loader, get('/open311/v2/services.json'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    const list = (await res.json()) as Record<string, unknown>[]
    expect(list.length).toBeGreaterThan(7)
    const urban = list.find(s => s.service_code === 'urban')!
    expect(urban).toMatchObject({ service_name: '城乡建设', metadata: false, type: 'realtime', group: '城乡建设' })
    expect(Object.keys(urban).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type'])
    expect(list.find(s => s.service_code === 'urban.property')).toMatchObject({ group: '城乡建设', service_name: '物业管理' })
  })

  it('creates a request from a form post and from JSON, and returns it without personal data', async () => {
    const res = await callRoute(
      requests.action,
      postForm({
        api_key: token,
        service_code: 'urban.property',
        description: '长征桥小区5幢电梯坏了一周，老人上下楼困难。联系我13812345678',
        address_string: '长征桥小区5幢',
        first_name: '三',
        last_name: '张',
        phone: '13812345678',
        email: 'z@example.com',
        media_url: 'https://img.example.com/lift.jpg',
      }),
    )
    expect(res.status).toBe(200)
    const created = (await res.json()) as { service_request_id: string; service_notice: string; account_id: null }[]
    expect(created).toHaveLength(1)
    expect(created[0]!.service_request_id).toMatch(/^TH-/)
    expect(created[0]).toHaveProperty('account_id', null)

    const viaJson = await callRoute(
      requests.action,
      postJson({ api_key: token, service_code: 'environment', description: '和睦路口夜里施工噪音', lat: 30.3, long: 120.1, attribute: { floor: 3 } }),
    )
    expect(viaJson.status).toBe(200)

    const single = await callRoute(one.loader, get(`/open311/v2/requests/${created[0]!.service_request_id}.json`), {
      id: `${created[0]!.service_request_id}.json`,
    })
    expect(single.status).toBe(200)
    const [r] = (await single.json()) as Record<string, unknown>[]
    expect(Object.keys(r!).sort()).toEqual(REQUEST_FIELDS)
    expect(r).toMatchObject({
      status: 'open',
      service_code: 'urban.property',
      service_name: '物业管理',
      address: '长征桥小区5幢',
      agency_responsible: '长征桥社区',
      media_url: 'https://img.example.com/lift.jpg',
    })
    expect(String(r!.requested_datetime)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
    const text = JSON.stringify(r)
    expect(text).not.toContain('13812345678')
    expect(text).not.toContain('张三')
    expect(text).not.toContain('z@example.com')
    expect(text).toContain('联系我【电话】')
  })

  it('answers errors in the spec format with the right status', async () => {
    const bad = async (req: Request, status: number, match: RegExp) => {
      const res = await callRoute(requests.action, req)
      expect(res.status).toBe(status)
      const body = (await res.json()) as { code: number; description: string }[]
      expect(body[0]!.code).toBe(status)
      expect(body[0]!.description).toMatch(match)
    }
    await bad(postForm({ service_code: 'urban', description: 'x', address_string: 'y' }), 403, /api_key/)
    await bad(postForm({ api_key: 'th_wrong', service_code: 'urban', description: 'x', address_string: 'y' }), 403, /api_key/)
    await bad(postForm({ api_key: token, description: 'x', address_string: 'y' }), 400, /service_code/)
    await bad(postForm({ api_key: token, service_code: 'nope', description: 'x', address_string: 'y' }), 404, /service_code/)
    await bad(postForm({ api_key: token, service_code: 'urban', address_string: 'y' }), 400, /description/)
    await bad(postForm({ api_key: token, service_code: 'urban', description: 'x' }), 400, /location/i)
    await bad(postForm({ api_key: token, service_code: 'urban', description: 'x', lat: '999', long: '1' }), 400, /lat/)
    await bad(postForm({ api_key: token, service_code: 'urban', description: 'x'.repeat(20_001), address_string: 'y' }), 400, /description/)
    await bad(postJson([1, 2]), 400, /JSON object/)

    const missing = await callRoute(one.loader, get('/open311/v2/requests/TH-AAAAA-BBBBB.json'), { id: 'TH-AAAAA-BBBBB.json' })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual([{ code: 404, description: expect.stringContaining('not found') }])
    const badDate = await callRoute(requests.loader, get('/open311/v2/requests.json?start_date=yesterday'))
    expect(badDate.status).toBe(400)
  })

  it('filters requests by date, status and service code and never publishes petitions', async () => {
    const czq = getUnitByCode(db, 'gs-czq')!.id
    const day = (d: number) => new Date(Date.UTC(2024, 2, d, 2))
    const mk = (subject: string, d: number, extra: Partial<Parameters<typeof createComplaint>[1]> = {}) =>
      createComplaint(
        db,
        {
          channel: 'web',
          communityId: czq,
          subject,
          body: `${subject}。`,
          receivedAt: day(d),
          complainantName: '李四',
          complainantPhone: '13900001111',
          ...extra,
        },
        SYSTEM,
      ).complaint
    const a = mk('路灯坏了', 1, { serviceCode: 'urban' })
    const b = mk('噪音扰民', 5, { serviceCode: 'environment' })
    mk('信访件', 6, { channel: 'petition' })
    setComplaintStatus(db, b.id, 'resolved', SYSTEM)
    const list = async (q: string) => {
      const res = await callRoute(requests.loader, get(`/open311/v2/requests.json?${q}`))
      expect(res.status).toBe(200)
      return ((await res.json()) as { service_request_id: string }[]).map(r => r.service_request_id)
    }
    const range = 'start_date=2024-02-28T00:00:00%2B08:00&end_date=2024-03-31T00:00:00%2B08:00'
    expect(await list(range)).toEqual([b.trackingCode, a.trackingCode])
    expect(await list(`${range}&status=open`)).toEqual([a.trackingCode])
    expect(await list(`${range}&status=closed`)).toEqual([b.trackingCode])
    expect(await list(`${range}&service_code=environment,health`)).toEqual([b.trackingCode])
    expect(await list('start_date=2024-03-04T00:00:00Z&end_date=2024-03-31T00:00:00Z')).toEqual([b.trackingCode])
    // Default window is the last 90 days: these 2024 requests are older.
    expect(await list('')).toEqual([])
    const all = JSON.stringify(await (await callRoute(requests.loader, get(`/open311/v2/requests.json?${range}`))).json())
    expect(all).not.toContain('李四')
    expect(all).not.toContain('13900001111')
    expect(all).not.toContain('信访件')
  })
})
