// The maintainers' replay of the security review, end to end against the real
// server.ts over HTTP with the demo district and its demo logins: complaints
// filed through the staff entry form, read back by every role, tokens made
// with the command line, oversized bodies, login redirects and guessing, and
// invitation links.
import { execFileSync } from 'node:child_process'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPanelRequest, drawPanel, savePanelAndInvite } from '#app/utils/db.server'
import { deliberators, panelMembers, users } from '#db/schema/index'
import { seedDemo } from '#db/seed'
import { CSRF } from '#tests/db-utils'
import { MB, postStream } from '#tests/post-stream'
import { createApprovedTopic, seedPool } from '../panel/helpers'
import { loginOverHttp, request, startRealServer, type RawResponse, type RealServer } from './real-server'

const PASSWORD = 'teahouse-demo'

// What the complainant gave: none of it may reach anyone but the community's workers and the staff above them.
const COMPLAINANT = { complainantName: '诸葛青禾', complainantPhone: '13977776655', complainantAddress: '长征桥小区9幢301室' }
const PETITION = { channel: 'petition', subject: '信访反映社区主任梧桐', body: '信访人反映社区主任处事不公，暗号梧桐，请求上级调查。' }
const HOTLINE = { channel: 'hotline', subject: '9幢电梯故障', body: '诸葛青禾来电反映9幢电梯停运一周，回电13977776655。' }
/** Text that identifies the complainant, or that belongs to the petition (which nobody outside may read at all). */
const SECRETS = [COMPLAINANT.complainantName, COMPLAINANT.complainantPhone, '7776655', '9幢301', PETITION.subject, '暗号梧桐']

let server: RealServer
let filed: { id: number; trackingCode: string }[] = []
let adminInviteToken = ''
const cookies = new Map<string, string>()

beforeAll(async () => {
  server = await startRealServer(async db => {
    await seedDemo(db, { complaints: 20, pool: 20, history: false })
    // Older data may hold a pool member linked to the administrator's account: draw until it sits on a panel.
    const admin = db.select().from(users).where(eq(users.username, 'admin')).get()!
    const pool = seedPool(db, 30, 'replay')
    db.update(deliberators).set({ userId: admin.id }).where(eq(deliberators.id, pool[0]!)).run()
    const topic = createApprovedTopic(db)
    for (let i = 0; i < 200; i++) {
      const out = await drawPanel(buildPanelRequest(db, topic, { seats: 12, seed: `replay-${i}`, roleSeats: {}, quotas: {}, alternates: 0, language: 'zh' }))
      if (!out.ok || !out.result.panel.some(p => p.id === pool[0])) continue
      const { panel } = savePanelAndInvite(db, { topicId: topic.id, request: out.request, result: out.result }, { kind: 'user', id: admin.id })
      const members = db.select().from(panelMembers).where(eq(panelMembers.panelId, panel.id)).all()
      adminInviteToken = members.find(m => m.deliberatorId === pool[0])!.inviteToken!
      break
    }
  })
  for (const username of ['worker1', 'worker2', 'street1', 'dept1', 'facilitator1', 'supervisor1', 'admin', 'resident1']) {
    const { cookie } = await loginOverHttp(server, username, PASSWORD)
    expect(cookie, username).toBeTruthy()
    cookies.set(username, cookie!)
  }
  const czq = (JSON.parse((await request(server, '/api/v1/public/communities')).body) as { communities: { id: number; code: string }[] }).communities.find(
    c => c.code === 'gs-czq',
  )!.id
  filed = []
  for (const complaint of [PETITION, HOTLINE]) {
    const res = await request(server, '/entry?_data=routes%2F_intake%2B%2Fentry', {
      headers: { cookie: cookies.get('worker1')! },
      form: { ...complaint, ...COMPLAINANT, community: String(czq), placeText: '长征桥小区9幢', externalId: '', receivedAt: '' },
    })
    expect(res.status, res.body).toBe(200)
    const created = JSON.parse(res.body) as { kind: string; id: number; trackingCode: string }
    expect(created.kind).toBe('created')
    filed.push(created)
  }
}, 180_000)

afterAll(() => server?.stop())

const START_PAGES = () => [
  '/',
  '/inbox',
  '/inbox/export.csv',
  '/topics',
  '/orders',
  '/meetings',
  '/supervise',
  '/street',
  '/dashboard',
  '/reports',
  '/reports/monthly',
  '/decisions',
  '/notifications',
  '/me',
  '/pool',
  '/admin',
  '/public',
  '/public/gs-czq',
  '/public/gs-czq/feed.xml',
  '/api/v1/public/communities',
  '/open311/v2/requests.json',
  ...filed.flatMap(c => [`/complaints/${c.id}`, `/open311/v2/requests/${c.trackingCode}.json`, `/track/${c.trackingCode}`, `/track?code=${c.trackingCode}`]),
]

/** Every start page and the record pages they link to, as one visitor: which secrets each shows. */
async function crawl(cookie: string | undefined) {
  const pending = START_PAGES()
  const seen = new Set<string>()
  const leaks: string[] = []
  const responses = new Map<string, RawResponse>()
  while (pending.length && seen.size < 90) {
    const page = pending.shift()!
    if (seen.has(page)) continue
    seen.add(page)
    const res = await request(server, page, { headers: cookie ? { cookie } : {} })
    responses.set(page, res)
    for (const secret of SECRETS) if (res.body.includes(secret)) leaks.push(`${page} (${res.status}): ${secret}`)
    for (const link of res.body.matchAll(/href="(\/(?:topics|orders|meetings|decisions|complaints|public\/topics|panels|api\/v1\/public)\/[^"#?]+)"/g))
      pending.push(link[1]!)
  }
  return { leaks, responses, pages: seen.size }
}

describe('a petition and a hotline call with a known complainant', () => {
  it("reach the community's workers, with the complainant's details", async () => {
    for (const c of filed) {
      const res = await request(server, `/complaints/${c.id}`, { headers: { cookie: cookies.get('worker1')! } })
      expect(res.status).toBe(200)
      expect(res.body).toContain(COMPLAINANT.complainantName)
      expect(res.body).toContain(COMPLAINANT.complainantPhone)
    }
    const csv = await request(server, '/inbox/export.csv', { headers: { cookie: cookies.get('worker1')! } })
    expect(csv.body).toContain(COMPLAINANT.complainantName)
    expect(csv.body).toContain(PETITION.subject)
  })

  it.each(['worker2', 'dept1', 'facilitator1', 'supervisor1', 'resident1', 'anonymous'])('reach nobody else: %s, on any page or API', async who => {
    const { leaks, responses, pages } = await crawl(cookies.get(who))
    expect(pages).toBeGreaterThan(START_PAGES().length - 1)
    expect(leaks).toEqual([])
    for (const c of filed) expect(responses.get(`/complaints/${c.id}`)!.status, `/complaints/${c.id}`).not.toBe(200)
  })

  it('the public Open311 feed and tracking page show the hotline problem with the complainant scrubbed, and the petition not at all', async () => {
    const [petition, hotline] = filed
    const feed = JSON.parse((await request(server, '/open311/v2/requests.json')).body) as { service_request_id: string; description: string }[]
    expect(feed.map(r => r.service_request_id)).not.toContain(petition!.trackingCode)
    const published = feed.find(r => r.service_request_id === hotline!.trackingCode)!
    expect(published.description).toContain('电梯停运一周')
    expect(published.description).not.toContain(COMPLAINANT.complainantName)
    expect(published.description).not.toContain('7776655')
    const track = await request(server, `/track/${petition!.trackingCode}`)
    expect(track.body).not.toContain('暗号梧桐')
  })
})

describe('a community-worker token made with the command line', () => {
  it('gets no CSV export and no page, only its API', async () => {
    const out = execFileSync('npm', ['run', '--silent', 'token', '--', 'create', '--role', 'community_worker', '--unit', 'gs-czq', '--name', 'x'], {
      env: { ...process.env, DATABASE_PATH: server.dbPath },
      encoding: 'utf8',
    })
    const token = out.trim().split('\n').at(-1)!
    const bearer = { authorization: `Bearer ${token}` }
    expect((await request(server, '/api/v1/topics', { headers: bearer })).status).toBe(200)
    for (const page of ['/inbox/export.csv', '/inbox', '/entry', '/topics', '/me', '/orders', ...filed.map(c => `/complaints/${c.id}`)]) {
      const res = await request(server, page, { headers: bearer })
      expect(res.status, page).toBe(401)
      for (const secret of SECRETS) expect(res.body, page).not.toContain(secret)
    }
  })
})

describe('limits', () => {
  it('refuses a 64 MB chunked body with 413 long before it is all sent', async () => {
    // The client holds off after 2 MB: only a server refusing at its cap answers then.
    const out = await postStream(server.port, '/login', 64 * MB, { holdAfter: 2 * MB, cookie: `th_csrf=${CSRF}` })
    expect(out.status).toBe(413)
    expect(out.sentWhenAnswered).toBeLessThanOrEqual(2 * MB)
    expect((await request(server, '/healthz')).status).toBe(200)
  })

  it('no login redirect leaves the site, however redirectTo is written', async () => {
    const attacks = [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\\/evil.example',
      '\\/evil.example',
      '///evil.example',
      '/%2F/evil.example',
      '%2F%2Fevil.example',
      '/%5Cevil.example',
      '%5C%5Cevil.example',
      '/%252F%252Fevil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      ' //evil.example',
      '/%09/evil.example',
      '/%0d%0a/evil.example',
      '/./\\evil.example',
      '/..//evil.example',
      'https://evil.example/',
      'HTTPS://evil.example/',
      'https:evil.example',
      'http:\\\\evil.example',
      '//evil.example@127.0.0.1',
      '/\u3000/evil.example',
      '／／evil.example',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
    ]
    for (const redirectTo of attacks) {
      const res = await request(server, '/login', { form: { username: 'resident1', password: PASSWORD, redirectTo } })
      expect(res.status, redirectTo).toBe(302)
      const location = String(res.headers.location)
      expect(location, redirectTo).not.toMatch(/[\\\s]/)
      expect(new URL(location, server.url).origin, `${JSON.stringify(redirectTo)} → ${location}`).toBe(server.url)
    }
  })

  it('30 parallel wrong passwords verify at most 10, and the real user still logs in from another address', async () => {
    let release!: () => void
    const go = new Promise<void>(r => (release = r))
    const guesses = Array.from({ length: 30 }, (_, i) => loginOverHttp(server, 'street1', `wrong-guess-${i}`, '127.0.0.3', go))
    await new Promise(r => setTimeout(r, 300))
    release()
    const statuses = (await Promise.all(guesses)).map(g => g.res.status)
    expect(statuses.filter(s => s === 200 || s === 302)).toEqual([])
    expect(statuses.filter(s => s === 400).length).toBeLessThanOrEqual(10)
    expect(statuses.filter(s => s === 429).length).toBeGreaterThanOrEqual(20)
    const real = await loginOverHttp(server, 'street1', PASSWORD, '127.0.0.2')
    expect(real.res.status).toBe(302)
    expect(real.cookie).toBeTruthy()
  })
})

describe('invitation links', () => {
  it('never log in a staff account, even one linked to the pool member invited', async () => {
    const page = await request(server, `/invite/${adminInviteToken}`)
    expect(page.status).toBe(200)
    expect([page.headers['set-cookie'] ?? []].flat().filter(c => c.startsWith('th_session='))).toEqual([])
    const accepted = await request(server, `/invite/${adminInviteToken}`, { form: { intent: 'accept' } })
    expect(accepted.status, accepted.body).toBe(302)
    expect([accepted.headers['set-cookie'] ?? []].flat().filter(c => c.startsWith('th_session='))).toEqual([])
  })
})
