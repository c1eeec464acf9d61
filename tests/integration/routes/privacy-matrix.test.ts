/// <reference types="vite/client" />
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { isApiPath, refusesBearer } from '#app/utils/api-paths'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createApiToken, type ApiScope } from '#db/queries/auth'
import { createComplaint } from '#db/queries/complaints'
import { agendaItems, attachments, decisions, deliberators, meetingParticipants, meetings, panelMembers, panels, topics, workOrders } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits, ANON_COOKIE, insertTopic } from '#tests/db-utils'
import { PNG_1PX, tmpDir } from '#tests/fixtures/intake/files'

// Every route module's loader, asked by every kind of visitor, with the ids of
// one real petition and one real hotline call: what each visitor gets back must
// hold none of the complainants' data unless they are the community's workers
// or the street and admin staff above them.
const modules = import.meta.glob<{ loader?: (a: never) => unknown }>('/app/routes/**/*.{ts,tsx}', { eager: true })
const routes = Object.entries(modules)
  .filter(([, m]) => m.loader)
  .map(([file, mod]) => ({ name: file.replace(/^\/app\/routes\/(?:[^/]+\+\/)?/, '').replace(/\.tsx?$/, ''), loader: mod.loader! }))

const PETITION = {
  channel: 'petition' as const,
  subject: '举报社区主任处事不公',
  body: '信访人欧阳明反映社区主任处事不公，请求上级调查处理。',
  complainantName: '欧阳明',
  complainantPhone: '13911112222',
  complainantAddress: '长征桥小区7幢301室',
}
const HOTLINE = {
  channel: 'hotline' as const,
  subject: '5幢电梯故障一周',
  body: '我叫司马青，住5幢502，电话13933334444，电梯坏了一周没人修。',
  complainantName: '司马青',
  complainantPhone: '13933334444',
  complainantAddress: '长征桥小区5幢502室',
}
/** A pool member drawn for the topic's panel: their contact details are for the pool's staff only. */
const MEMBER = { name: '公孙议', phone: '13600007777' }
/** Strings that reveal a complainant or a petition. The hotline call's problem itself may be shown publicly (redacted). */
const SECRETS = [
  PETITION.subject,
  '请求上级调查',
  PETITION.complainantName,
  PETITION.complainantPhone,
  PETITION.complainantAddress,
  HOTLINE.complainantName,
  HOTLINE.complainantPhone,
  HOTLINE.complainantAddress,
  '3933334444', // the phone without its first digit, in any formatting
  MEMBER.name,
  MEMBER.phone,
  '3600007777',
]

type Viewer = { label: string; cookie: string; seesComplainants: boolean; id?: number; headers?: Record<string, string> }
/** A bearer token as a visitor: an API credential of the community's worker (or the admin), never a login. */
type TokenVisitor = Viewer & { scopes: readonly ApiScope[] }

let db: Db
let viewers: Viewer[]
let tokenVisitors: TokenVisitor[]
let ids: {
  petition: number
  hotline: number
  petitionCode: string
  hotlineCode: string
  photo: number
  topic: number
  meeting: number
  decision: number
  order: number
  panel: number
  member: number
  invite: string
}

beforeAll(async () => {
  process.env.DATA_DIR = tmpDir('teahouse-matrix-')
  db = createTestDb()
  const u = seedTestUnits(db)
  const petition = createComplaint(db, { ...PETITION, communityId: u.czq.id, placeText: '长征桥社区' }, SYSTEM).complaint
  const hotline = createComplaint(db, { ...HOTLINE, communityId: u.czq.id, placeText: '长征桥小区5幢' }, SYSTEM).complaint
  fs.mkdirSync(path.join(process.env.DATA_DIR, 'attachments'), { recursive: true })
  fs.writeFileSync(path.join(process.env.DATA_DIR, 'attachments', 'lift.png'), PNG_1PX)
  const photo = db
    .insert(attachments)
    .values({
      complaintId: hotline.id,
      storagePath: path.join('attachments', 'lift.png'),
      mimeType: 'image/png',
      sizeBytes: PNG_1PX.length,
      originalName: '司马青.png',
    })
    .returning()
    .get()
  const topic = insertTopic(
    db,
    {
      unitId: u.czq.id,
      status: 'approved',
      title: '5幢电梯维修',
      description: '电梯长期故障',
      category: '城乡建设',
      place: '长征桥小区5幢',
      reviewedAt: new Date(),
    },
    [petition.id, hotline.id],
  )
  const meeting = db
    .insert(meetings)
    .values({
      topicId: topic.id,
      title: '电梯议事会',
      mode: 'hybrid',
      startsAt: new Date(),
      place: '社区会议室',
      status: 'live',
      isPublic: true,
      checkInToken: 'matrix-token',
    })
    .returning()
    .get()
  db.insert(agendaItems).values({ meetingId: meeting.id, position: 1, title: '情况通报', plannedMinutes: 10 }).run()
  const decision = db.insert(decisions).values({ topicId: topic.id, meetingId: meeting.id, title: '更换5幢电梯主板' }).returning().get()
  const order = db
    .insert(workOrders)
    .values({
      decisionId: decision.id,
      departmentId: u.traffic.id,
      title: '电梯维修',
      problem: '5幢电梯主板损坏',
      dueAt: new Date(Date.now() + 7 * 86_400_000),
      status: 'dispatched',
    })
    .returning()
    .get()
  const member = db
    .insert(deliberators)
    .values({ communityId: u.czq.id, name: MEMBER.name, phone: MEMBER.phone, building: '9幢', consentAt: new Date(), consentText: '同意' })
    .returning()
    .get()
  const panel = db.insert(panels).values({ topicId: topic.id, seats: 1, seed: 'matrix', algorithm: 'test', request: {}, probabilities: {} }).returning().get()
  db.insert(panelMembers)
    .values({
      panelId: panel.id,
      deliberatorId: member.id,
      kind: 'member',
      position: 0,
      seat: 'resident',
      status: 'invited',
      inviteToken: 'matrix-invite-token',
    })
    .run()
  ids = {
    petition: petition.id,
    hotline: hotline.id,
    petitionCode: petition.trackingCode,
    hotlineCode: hotline.trackingCode,
    photo: photo.id,
    topic: topic.id,
    meeting: meeting.id,
    decision: decision.id,
    order: order.id,
    panel: panel.id,
    member: member.id,
    invite: 'matrix-invite-token',
  }

  const as = async (label: string, role: Parameters<typeof createLoggedInUser>[1], unit: string | null, seesComplainants: boolean) => {
    const user = await createLoggedInUser(db, role, unit)
    return { label, cookie: user.cookie, id: user.id, seesComplainants }
  }
  viewers = [
    { label: 'anonymous', cookie: ANON_COOKIE, seesComplainants: false },
    await as('resident', 'resident', 'gs-czq', false),
    await as('community worker', 'community_worker', 'gs-czq', true),
    await as('other-community worker', 'community_worker', 'gs-hm', false),
    await as('street staff', 'street_staff', 'gs-xh', true),
    await as('department staff', 'department_staff', 'dept-traffic', false),
    await as('facilitator', 'facilitator', 'gs-xh', false),
    await as('supervisor', 'supervisor', 'gs-xh', false),
    await as('admin', 'admin', null, true),
  ]
  const token = (label: string, role: 'community_worker' | 'admin', scopes: readonly ApiScope[]): TokenVisitor => {
    const made = createApiToken(db, { name: label, role, unitId: role === 'admin' ? null : u.czq.id, scopes }, SYSTEM)
    return { label, cookie: ANON_COOKIE, seesComplainants: false, headers: { authorization: `Bearer ${made.token}` }, scopes }
  }
  tokenVisitors = [
    token('worker token topics:read', 'community_worker', ['topics:read']),
    token('worker token open311:write', 'community_worker', ['open311:write']),
    token('worker token, both scopes', 'community_worker', ['topics:read', 'open311:write']),
    token('admin token, both scopes', 'admin', ['topics:read', 'open311:write']),
  ]
  viewers.push(...tokenVisitors)
  // The facilitator runs the meeting (and so is in its room).
  db.insert(meetingParticipants)
    .values({ meetingId: meeting.id, userId: viewers.find(v => v.label === 'facilitator')!.id!, role: 'facilitator' })
    .run()
})

/** The requests each route gets: ids of the world above; complaint routes once per complaint. */
function requestsFor(route: string): { url: string; params: Record<string, string> }[] {
  const one = (url: string, params: Record<string, string> = {}) => [{ url, params }]
  switch (route) {
    case 'complaints.$id':
      return [ids.petition, ids.hotline].map(id => ({ url: `/complaints/${id}`, params: { id: String(id) } }))
    case 'attachments.$id':
      return one(`/attachments/${ids.photo}`, { id: String(ids.photo) })
    case 'track.$code':
      return [ids.petitionCode, ids.hotlineCode].map(code => ({ url: `/track/${code}`, params: { code } }))
    case 'open311.v2.requests.$id':
      return [ids.petitionCode, ids.hotlineCode].map(code => ({ url: `/open311/v2/requests/${code}.json`, params: { id: `${code}.json` } }))
    case 'resources.complaint-suggest':
      return [PETITION, HOTLINE].map(c => ({
        url: `/resources/complaint-suggest?subject=${encodeURIComponent(c.subject)}&body=${encodeURIComponent(c.body)}`,
        params: {},
      }))
    case 'topics.$id':
    case 'topics.$id_.panel':
    case 'public.topics.$id':
      return one(`/${route.replace('$id', String(ids.topic)).replace('_.', '/').replace('.', '/')}`, { id: String(ids.topic) })
    case 'public.$code':
    case 'public.$code_.feed[.]xml':
      return one('/public/gs-czq', { code: 'gs-czq' })
    // Lists take filters from the address: asking for the other community by id must not widen the scope.
    case 'inbox':
    case 'inbox.export[.]csv':
    case 'dashboard':
    case 'api.v1.topics': {
      const path = `/${route.replace('[.]', '.').replace('.export', '/export').replace(/\./g, '/').replace('/csv', '.csv')}`
      const czq = String(db.select({ id: topics.unitId }).from(topics).get()!.id)
      return [path, `${path}?community=${czq}`, `${path}?community=${czq}&channel=petition&q=${encodeURIComponent('处事不公')}`].map(url => ({
        url,
        params: {},
      }))
    }
    // The audit log, whole: sign-ins and messages included, and the complaints' rows alone.
    case 'audit':
    case 'audit.export[.]csv': {
      const path = route === 'audit' ? '/audit' : '/audit/export.csv'
      return ['', '?routine=1', '?routine=1&group=complaints'].map(q => ({ url: `${path}${q}`, params: {} }))
    }
    case 'api.v1.public.communities.$id.timeline':
      return one('/api/v1/public/communities/gs-czq/timeline', { id: 'gs-czq' })
  }
  if (route.startsWith('panels.$id')) return one(`/panels/${ids.panel}`, { id: String(ids.panel) })
  if (route === 'pool.$id') return one(`/pool/${ids.member}`, { id: String(ids.member) })
  if (route.startsWith('invite.$token')) return one(`/invite/${ids.invite}`, { token: ids.invite })
  if (route.startsWith('meetings.$id')) return one(`/meetings/${ids.meeting}`, { id: String(ids.meeting) })
  if (route.startsWith('decisions.$id')) return one(`/decisions/${ids.decision}`, { id: String(ids.decision) })
  if (route.startsWith('orders.$id')) return one(`/orders/${ids.order}`, { id: String(ids.order), photoId: '1' })
  if (route === 'decisions.new') return one(`/decisions/new?meeting=${ids.meeting}`)
  if (route.includes('$')) return one(`/${route}`, { id: '1', token: 'no-such-token', code: 'gs-czq', photoId: '1' })
  const url =
    `/${route
      .replace('_index', '')
      .replace(/\[\.\]/g, '.')
      .replace(/_\./g, '/')
      .replace(/\./g, '/')}`.replace(/\/$/, '') || '/'
  return one(url)
}

async function bodyOf(res: Response) {
  const type = res.headers.get('content-type') ?? ''
  if (type.startsWith('image/')) return `<image ${res.status}>`
  return res.text()
}

describe('who sees complainants: every route × every visitor', () => {
  it('covers every route module with a loader', () => {
    expect(routes.length).toBeGreaterThan(55)
  })

  it.each(routes.map(r => [r.name, r] as const))('%s', async (name, r) => {
    const leaks: string[] = []
    for (const v of viewers) {
      if (v.seesComplainants) continue
      for (const req of requestsFor(name)) {
        let text: string
        try {
          text = await bodyOf(await callRoute(r.loader, makeRequest(req.url, { cookie: v.cookie, headers: v.headers }), req.params))
        } catch (e) {
          text = String(e)
        }
        // The invitation token is the member's own credential (it answers and logs in as them, and
        // reaches them only by SMS to their phone), so its page greets them by name — nothing more.
        const ownName = name.startsWith('invite.$token') && req.url === `/invite/${ids.invite}` ? MEMBER.name : null
        for (const s of SECRETS) if (s !== ownName && text.includes(s)) leaks.push(`${v.label} ${req.url}: ${s}`)
        if (name === 'attachments.$id' && text.startsWith('<image 200')) leaks.push(`${v.label} ${req.url}: the photo`)
      }
    }
    expect(leaks).toEqual([])
  })

  it('the community worker, street staff and admin do see both complainants and the pool member where they work', async () => {
    const detail = modules['/app/routes/_intake+/complaints.$id.tsx']!.loader!
    const inbox = modules['/app/routes/_intake+/inbox.tsx']!.loader!
    const csv = modules['/app/routes/_intake+/inbox.export[.]csv.ts']!.loader!
    const photo = modules['/app/routes/_intake+/attachments.$id.ts']!.loader!
    for (const v of viewers.filter(x => x.seesComplainants)) {
      const p = await (await callRoute(detail, makeRequest(`/complaints/${ids.petition}`, { cookie: v.cookie }), { id: String(ids.petition) })).text()
      for (const s of [PETITION.complainantName, PETITION.complainantPhone, PETITION.complainantAddress, '请求上级调查']) expect(p, v.label).toContain(s)
      const list = await (await callRoute(inbox, makeRequest('/inbox', { cookie: v.cookie }))).text()
      for (const s of [PETITION.subject, PETITION.complainantName, HOTLINE.complainantName]) expect(list, v.label).toContain(s)
      const file = await (await callRoute(csv, makeRequest('/inbox/export.csv', { cookie: v.cookie }))).text()
      for (const s of [PETITION.complainantPhone, HOTLINE.complainantPhone]) expect(file, v.label).toContain(s)
      expect((await callRoute(photo, makeRequest(`/attachments/${ids.photo}`, { cookie: v.cookie }), { id: String(ids.photo) })).status, v.label).toBe(200)
      const pool = await (await callRoute(modules['/app/routes/_panels+/pool._index.tsx']!.loader!, makeRequest('/pool', { cookie: v.cookie }))).text()
      for (const s of [MEMBER.name, MEMBER.phone]) expect(pool, v.label).toContain(s)
    }
  })
})

describe('bearer tokens: nothing from any page, only their own API', () => {
  const pageRoutes = () => routes.filter(r => requestsFor(r.name).every(req => !isApiPath(req.url)))

  // A token reaches a page only through the server's gate (server.ts), which refuses it before any
  // route runs; the loaders behind the gate give a token no complainant either (the matrix above).
  it.each(routes.map(r => [r.name, r] as const))('%s: the gate refuses every token on a page and lets it through only to the API', name => {
    for (const v of tokenVisitors) {
      for (const req of requestsFor(name)) {
        const pathname = new URL(req.url, 'http://localhost').pathname
        expect(refusesBearer(pathname, v.headers!.authorization), `${v.label} ${req.url}`).toBe(!isApiPath(pathname))
      }
    }
  })

  it('the gate is not fooled by case, dot segments or encodings of the API prefixes', () => {
    const bearer = tokenVisitors[0]!.headers!.authorization
    for (const path of ['/API/v1/topics', '/Open311/v2/requests.json', '/inbox', '/apix/inbox', '/open311x/inbox'])
      expect(refusesBearer(path, bearer), path).toBe(true)
    for (const path of ['/api/../inbox/export.csv', '/open311/%2e%2e/inbox/export.csv'])
      expect(refusesBearer(new URL(path, 'http://localhost').pathname, bearer), path).toBe(true)
    expect(refusesBearer('/inbox', 'Basic abc')).toBe(false)
    expect(refusesBearer('/inbox', undefined)).toBe(false)
  })

  it('covers the page routes, the whole staff area included', () => {
    const names = pageRoutes().map(r => r.name)
    for (const staffPage of [
      'inbox',
      'inbox.export[.]csv',
      'entry',
      'complaints.$id',
      'admin',
      'admin_.tokens',
      'audit',
      'audit.export[.]csv',
      'import',
      'pool._index',
    ])
      expect(names).toContain(staffPage)
  })

  it('each scope opens only its own API: topics:read reads the topics, open311:write alone does not', async () => {
    const topicsApi = modules['/app/routes/_api+/api.v1.topics.ts']!.loader!
    const status = async (label: string) =>
      (await callRoute(topicsApi, makeRequest('/api/v1/topics', { headers: tokenVisitors.find(v => v.label === label)!.headers }))).status
    expect(await status('worker token topics:read')).toBe(200)
    expect(await status('worker token, both scopes')).toBe(200)
    expect(await status('worker token open311:write')).toBe(403)
    const body = await (await callRoute(topicsApi, makeRequest('/api/v1/topics', { headers: tokenVisitors[0]!.headers }))).text()
    expect(body).toContain('5幢电梯维修')
  })
})

describe('what each visitor does see: what their work needs', () => {
  const get = async (file: string, url: string, label: string, params: Record<string, string> = {}) => {
    const v = viewers.find(x => x.label === label)!
    const res = await callRoute(modules[file]!.loader!, makeRequest(url, { cookie: v.cookie }), params)
    return { status: res.status, text: await res.text() }
  }

  it('the department reads its work order: the problem and the place, from staff', async () => {
    const order = await get('/app/routes/_outcomes+/orders.$id.tsx', `/orders/${ids.order}`, 'department staff', { id: String(ids.order) })
    expect(order.status).toBe(200)
    expect(order.text).toContain('5幢电梯主板损坏')
  })

  it('the supervisor reads the orders they verify', async () => {
    const order = await get('/app/routes/_outcomes+/orders.$id.tsx', `/orders/${ids.order}`, 'supervisor', { id: String(ids.order) })
    expect(order.status).toBe(200)
    expect(order.text).toContain('5幢电梯主板损坏')
  })

  it('the facilitator reads the meeting and its agenda', async () => {
    const room = await get('/app/routes/_meetings+/meetings.$id.console.tsx', `/meetings/${ids.meeting}/console`, 'facilitator', { id: String(ids.meeting) })
    expect(room.status).toBe(200)
    expect(room.text).toContain('情况通报')
  })

  it('the public reads the hotline call’s problem through Open311, scrubbed, and nothing of the petition', async () => {
    const list = await get('/app/routes/_api+/open311.v2.requests[.]json.ts', '/open311/v2/requests.json', 'anonymous')
    expect(list.text).toContain('电梯坏了一周没人修')
    expect(list.text).toContain('我叫【姓名】')
    expect(list.text).not.toContain(ids.petitionCode)
  })

  it('a worker of the other community finds neither complaint in their inbox', async () => {
    const inbox = await get('/app/routes/_intake+/inbox.tsx', '/inbox', 'other-community worker')
    expect(inbox.status).toBe(200)
    for (const s of [PETITION.subject, HOTLINE.subject, ids.hotlineCode]) expect(inbox.text).not.toContain(s)
  })
})
