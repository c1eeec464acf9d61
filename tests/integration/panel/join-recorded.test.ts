import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { makeT } from '#app/i18n/index'
import * as join from '#app/routes/_panels+/join'
import * as poolNew from '#app/routes/_panels+/pool.new'
import type { Db } from '#app/utils/db.server'
import { getUnitByCode } from '#db/queries/units'
import { auditEvents, deliberators, users } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// A resident a worker has already recorded in the pool joins through their own account:
// the pool keeps one row for them, and the resident sees nothing the worker recorded.

let db: Db
let czq: number
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  czq = getUnitByCode(db, 'gs-czq')!.id
})

const base = {
  communityId: '',
  interests: ['交通运输'],
  expertise: '',
  gender: '女',
  ageBand: '60+',
  tenure: '15y+',
  languages: '普通话',
}

/** A worker of 长征桥 (or `community`) records 王阿姨 from a paper form: her phone, an official role, an assessment and a need. */
async function recordedByWorker(extra: Record<string, string | string[]> = {}, community = 'gs-czq') {
  const worker = await createLoggedInUser(db, 'community_worker', community)
  const form = {
    ...base,
    communityId: String(getUnitByCode(db, community)!.id),
    name: '王秀英',
    phone: '139 1234 5678',
    building: '7幢2单元',
    roles: ['resident_supervisor', 'volunteer'],
    capability: '4',
    availability: '上午',
    accessibilityNeeds: '需要轮椅通道',
    consentText: '纸质同意书',
    consent: 'on',
    ...extra,
  }
  const res = await callRoute(poolNew.action, makeRequest('/pool/new', { cookie: worker.cookie, form }))
  expect(res.status).toBe(302)
  return db.select().from(deliberators).get()!
}

/** The resident joins on /join with what she says of herself. */
async function joins(cookie: string, extra: Record<string, string | string[]> = {}) {
  const form = {
    ...base,
    communityId: String(czq),
    name: '王阿姨',
    phone: '13912345678',
    building: '',
    roles: ['shop_owner'],
    availability: '周末',
    accessibilityNeeds: '',
    intent: 'save',
    consent: 'on',
    ...extra,
  }
  return callRoute(join.action, makeRequest('/join', { cookie, form }))
}

async function resident(phone: string | null) {
  const r = await createLoggedInUser(db, 'resident', 'gs-czq')
  db.update(users).set({ phone }).where(eq(users.id, r.id)).run()
  return r
}

/** What the worker recorded that the resident did not say herself. */
const WORKER_ONLY = ['王秀英', '7幢2单元', 'resident_supervisor', '需要轮椅通道', '上午', '纸质同意书']

describe('a resident already recorded by a worker joins the pool', () => {
  it('with her account’s own phone: the recorded row is linked to her account, not repeated', async () => {
    const recorded = await recordedByWorker()
    const me = await resident('13912345678')
    const res = await joins(me.cookie)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/join?linked=1')

    const rows = db.select().from(deliberators).all()
    expect(rows).toHaveLength(1)
    const row = rows[0]!
    expect(row.id).toBe(recorded.id)
    expect(row.userId).toBe(me.id)
    // What she entered, with her own consent; the official role and the assessment stay as the worker recorded them.
    expect(row).toMatchObject({ name: '王阿姨', phone: '13912345678', building: null, availability: '周末', accessibilityNeeds: null, capability: 4 })
    expect([...row.roles].sort()).toEqual(['resident_supervisor', 'shop_owner'])
    expect(row.consentText).toBe(makeT('zh')('join.consentText'))
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, 'pool.join')).all()
    expect(audit.map(a => a.subjectId)).toEqual([String(recorded.id)])

    // Her page says she was linked, and carries nothing only the worker recorded (nor the assessment).
    const data = await (await callRoute(join.loader, makeRequest('/join', { cookie: me.cookie }))).json()
    expect(data.member.id).toBe(recorded.id)
    expect(data.values.capability).toBe('')
    expect(data.values.roles).toEqual(['shop_owner'])
    for (const text of WORKER_ONLY) expect(JSON.stringify(data)).not.toContain(text)
    for (const locale of ['zh', 'en'] as const) {
      const html = await renderPage(join.default, { path: '/join?linked=1', locale, loaderData: data })
      expect(html).toContain(makeT(locale)('join.linked'))
      for (const text of WORKER_ONLY) expect(html).not.toContain(text)
    }
  })

  it('once she is in the pool, the page is her entry to change, not an invitation to join', async () => {
    const me = await resident('13912345678')
    const before = await (await callRoute(join.loader, makeRequest('/join', { cookie: me.cookie }))).json()
    expect((await joins(me.cookie)).status).toBe(302)
    const after = await (await callRoute(join.loader, makeRequest('/join', { cookie: me.cookie }))).json()
    for (const locale of ['zh', 'en'] as const) {
      const t = makeT(locale)
      const joining = await renderPage(join.default, { path: '/join', locale, loaderData: before })
      expect(joining).toContain(`<h1>${t('join.title')}</h1>`)
      const member = await renderPage(join.default, { path: '/join?joined=1', locale, loaderData: after })
      expect(member).toContain(`<h1>${t('join.titleMember')}</h1>`)
      expect(member).not.toContain(`>${t('join.submit')}</button>`)
      expect(joining).toContain(`>${t('join.submit')}</button>`)
    }
  })

  it('with a phone that is not her account’s: nothing is added or linked, and she is told the number is recorded already', async () => {
    const recorded = await recordedByWorker()
    const me = await resident('13700000000')
    const res = await joins(me.cookie)
    expect(res.status).toBe(409)
    const body = await res.text()
    expect(body).toContain('join.error.recorded')
    for (const text of WORKER_ONLY) expect(body).not.toContain(text)
    expect(db.select().from(deliberators).all()).toEqual([recorded])
  })

  it('without a phone, by the same name and building as recorded: nothing is added', async () => {
    const recorded = await recordedByWorker({ name: '王阿姨', phone: '', building: '3幢' })
    const me = await resident(null)
    const res = await joins(me.cookie, { phone: '', building: '3幢' })
    expect(res.status).toBe(409)
    expect(db.select().from(deliberators).all()).toEqual([recorded])
  })

  it('someone recorded elsewhere does not stop her joining', async () => {
    await recordedByWorker({ phone: '13800000000' })
    const me = await resident('13912345678')
    const res = await joins(me.cookie)
    expect(res.headers.get('location')).toBe('/join?joined=1')
    expect(db.select().from(deliberators).all()).toHaveLength(2)
  })
})

// The same phone is the same person in the whole pool: a worker of 和睦 may have recorded the
// resident who now picks 长征桥 on /join, and a draw over the street must not seat her twice.
describe('a resident recorded by a worker of another community joins the pool', () => {
  it('with her account’s own phone: the row is linked and moves to the community she picked', async () => {
    const recorded = await recordedByWorker({}, 'gs-hm')
    const hm = recorded.communityId
    const me = await resident('13912345678')
    const res = await joins(me.cookie)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/join?linked=1')

    const rows = db.select().from(deliberators).all()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ id: recorded.id, userId: me.id, communityId: czq, name: '王阿姨', capability: 4 })
    expect([...rows[0]!.roles].sort()).toEqual(['resident_supervisor', 'shop_owner'])
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, 'pool.join')).all()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ subjectId: String(recorded.id), before: { communityId: hm }, after: { communityId: czq, linkedAccount: true } })
  })

  it('with her account’s phone on the row but another number typed in the form: still linked, never a second row', async () => {
    const recorded = await recordedByWorker({}, 'gs-hm')
    const me = await resident('139-1234-5678')
    const res = await joins(me.cookie, { phone: '13955556666' })
    expect(res.headers.get('location')).toBe('/join?linked=1')
    const rows = db.select().from(deliberators).all()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ id: recorded.id, userId: me.id, communityId: czq, phone: '13955556666' })
  })

  it('with a number recorded elsewhere that is not her account’s: refused without naming the community, nothing changed', async () => {
    const recorded = await recordedByWorker({}, 'gs-hm')
    const me = await resident('13700000000')
    const res = await joins(me.cookie)
    expect(res.status).toBe(409)
    const body = await res.text()
    expect(body).toContain('join.error.recordedElsewhere')
    // What she typed comes back to the form; nothing of the worker's row or its community does.
    expect(body).toContain('王阿姨')
    for (const text of [...WORKER_ONLY, '和睦', 'Hemu']) expect(body).not.toContain(text)
    expect(JSON.parse(body).values.communityId).toBe(String(czq))
    expect(db.select().from(deliberators).all()).toEqual([recorded])
    // Her form comes back in her language with the reason and what she typed, and no community named.
    const loaderData = await (await callRoute(join.loader, makeRequest('/join', { cookie: me.cookie }))).json()
    for (const locale of ['zh', 'en'] as const) {
      const text = makeT(locale)('join.error.recordedElsewhere')
      expect(text).not.toMatch(/这个社区|this community|和睦|Hemu/)
      const html = await renderPage(join.default, { path: '/join', locale, loaderData, actionData: JSON.parse(body) })
      expect(html).toContain(text)
      expect(html).toContain('王阿姨')
      // (Every community is an option in the form, so only the message is checked for names above.)
      for (const t of WORKER_ONLY) expect(html).not.toContain(t)
    }
  })

  it('when the row with her account’s phone is already linked to another account: refused, nothing changed', async () => {
    await recordedByWorker({}, 'gs-hm')
    const first = await resident('13912345678')
    const firstDone = db.update(deliberators).set({ userId: first.id }).returning().get()
    const me = await resident('13912345678')
    const res = await joins(me.cookie)
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('join.error.recordedElsewhere')
    expect(db.select().from(deliberators).all()).toEqual([firstDone])
  })

  it('without a phone, the same name and building in another community is another person: she joins', async () => {
    await recordedByWorker({ name: '王阿姨', phone: '', building: '3幢' }, 'gs-hm')
    const me = await resident(null)
    const res = await joins(me.cookie, { phone: '', building: '3幢' })
    expect(res.headers.get('location')).toBe('/join?joined=1')
    expect(db.select().from(deliberators).all()).toHaveLength(2)
  })
})
