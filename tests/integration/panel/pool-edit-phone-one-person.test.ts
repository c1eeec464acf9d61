import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { makeT } from '#app/i18n/index'
import * as join from '#app/routes/_panels+/join'
import * as poolEdit from '#app/routes/_panels+/pool.$id'
import * as poolNew from '#app/routes/_panels+/pool.new'
import type { Db } from '#app/utils/db.server'
import { poolFormValues } from '#app/utils/pool.server'
import type { PoolMemberRow } from '#db/queries/pool'
import { getUnitByCode } from '#db/queries/units'
import { auditEvents, deliberators } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// Editing a member is held to the rule hand entry and import follow: one phone is one person in
// the whole pool, so an edit may not give a member a phone recorded for someone else, in the same
// community or another; keeping their own phone (however written), or moving them, is fine.

let db: Db
let czq: number
let hm: number
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  czq = getUnitByCode(db, 'gs-czq')!.id
  hm = getUnitByCode(db, 'gs-hm')!.id
})

/** Where 王小红 is recorded and what was recorded of her: none of it may reach a worker outside 长征桥. */
const WHERE = ['长征桥', 'Changzhengqiao']
const HER = ['王小红', '3幢']
/** Wording written for adding someone, which an edit must not get. */
const ADDING = /不能重复添加|重复添加|搬到了这里|added again|added twice|moved here/

async function record(community: string, form: Record<string, string>) {
  const worker = await createLoggedInUser(db, 'community_worker', community)
  const communityId = getUnitByCode(db, community)!.id
  const res = await callRoute(
    poolNew.action,
    makeRequest('/pool/new', { cookie: worker.cookie, form: { communityId: String(communityId), consentText: '口头同意', consent: 'on', ...form } }),
  )
  expect(res.status).toBe(302)
  return db.select().from(deliberators).orderBy(deliberators.id).all().at(-1)!
}

/** 王小红 in 长征桥, 李大爷 in 和睦 and 张三 in 长征桥, each with a phone of their own. */
async function pool() {
  const wang = await record('gs-czq', { name: '王小红', phone: '13912345678', building: '3幢' })
  const li = await record('gs-hm', { name: '李大爷', phone: '13800001111', building: '9幢' })
  const zhang = await record('gs-czq', { name: '张三', phone: '13700002222', building: '5幢' })
  return { wang, li, zhang }
}

const row = (id: number) => db.select().from(deliberators).where(eq(deliberators.id, id)).get()!
const updates = () => db.select().from(auditEvents).where(eq(auditEvents.action, 'pool.update')).all()

function edit(cookie: string, member: PoolMemberRow, changes: Record<string, string>, locale: 'zh' | 'en' = 'zh') {
  const form = { ...poolFormValues(member), ...changes, intent: 'save' }
  return callRoute(poolEdit.action, makeRequest(`/pool/${member.id}`, { cookie, form, headers: { 'accept-language': locale } }), {
    id: String(member.id),
  })
}

describe('a worker edits a member to a phone recorded for someone else', () => {
  it('in a community outside her scope: refused beside the phone field without saying where or whose, nothing saved', async () => {
    const { wang, li } = await pool()
    const hmWorker = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    for (const [locale, phone] of [
      ['zh', '+86 139 1234 5678'],
      ['en', '139-1234-5678'],
    ] as const) {
      const res = await edit(hmWorker.cookie, li, { phone, building: '10幢' }, locale)
      expect(res.status).toBe(409)
      const body = await res.text()
      const data = JSON.parse(body)
      expect(data.error).toBe('pool.error.edit.recordedElsewhere')
      expect(data.result.error.phone).toEqual(['pool.error.edit.recordedElsewhere'])
      expect(data.params).toBeNull()
      expect(data.values).toMatchObject({ name: '李大爷', phone, building: '10幢' })
      for (const text of [...WHERE, ...HER, `"id":${wang.id}`]) expect(body).not.toContain(text)

      const loaderRes = await callRoute(poolEdit.loader, makeRequest(`/pool/${li.id}`, { cookie: hmWorker.cookie, headers: { 'accept-language': locale } }), {
        id: String(li.id),
      })
      const html = await renderPage(poolEdit.default, { path: `/pool/${li.id}`, locale, loaderData: await loaderRes.json(), actionData: data })
      const text = makeT(locale)('pool.error.edit.recordedElsewhere')
      expect(html).toContain(text.replace(/'/g, '&#x27;'))
      // Said of an edit: the number belongs to another member, whose entry is the one to change, through the street office.
      expect(text).toMatch(locale === 'zh' ? /另一位议事员.*街道/ : /another member.*street office/)
      expect(text).not.toMatch(ADDING)
      // Beside the phone field, the form pointing there.
      expect(html).toMatch(/<input [^>]*name="phone"[^>]*aria-invalid="true"/)
      for (const w of [...WHERE, ...HER]) expect(html).not.toContain(w)
      expect(html).not.toContain(`href="/pool/${wang.id}"`)
    }
    expect(row(li.id)).toEqual(li)
    expect(updates()).toHaveLength(0)
  })

  it('in a community the street staff manage too: refused, naming it in their language', async () => {
    const { wang, li } = await pool()
    const street = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    for (const [locale, name] of [
      ['zh', '长征桥社区'],
      ['en', 'Changzhengqiao'],
    ] as const) {
      const res = await edit(street.cookie, li, { phone: '0086 13912345678' }, locale)
      expect(res.status).toBe(409)
      const data = await res.json()
      expect(data.error).toBe('pool.error.edit.recordedIn')
      expect(data.result.error.phone).toEqual(['pool.error.edit.recordedIn'])
      expect(data.params).toEqual({ community: name, member: wang.id, name: '王小红' })
      const text = makeT(locale)('pool.error.edit.recordedIn', { community: name })
      expect(text).toMatch(locale === 'zh' ? /长征桥社区的另一位议事员.*修改那位议事员的登记/ : /another member in Changzhengqiao.*change that member's entry/)
      expect(text).not.toMatch(ADDING)
    }
    expect([row(wang.id), row(li.id)]).toEqual([wang, li])
    expect(updates()).toHaveLength(0)
  })

  it('in the same community: refused as a person the community already has', async () => {
    const { wang, zhang } = await pool()
    const czqWorker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await edit(czqWorker.cookie, zhang, { phone: '(139) 1234-5678' })
    expect(res.status).toBe(409)
    const data = await res.json()
    expect(data.error).toBe('pool.error.edit.duplicateOf')
    expect(data.result.error.phone).toEqual(['pool.error.edit.duplicateOf'])
    // She may see that member: named and linked, so she can change that entry instead.
    expect(data.params).toEqual({ member: wang.id, name: '王小红' })
    for (const locale of ['zh', 'en'] as const) {
      const text = makeT(locale)('pool.error.edit.duplicateOf', { name: '王小红' })
      expect(text).toContain('王小红')
      expect(text).not.toMatch(ADDING)
      const loaderRes = await callRoute(poolEdit.loader, makeRequest(`/pool/${zhang.id}`, { cookie: czqWorker.cookie }), { id: String(zhang.id) })
      const html = await renderPage(poolEdit.default, { path: `/pool/${zhang.id}`, locale, loaderData: await loaderRes.json(), actionData: data })
      expect(html).toContain(text.replace(/'/g, '&#x27;'))
      expect(html).toMatch(new RegExp(`<a [^>]*href="/pool/${wang.id}"[^>]*>.{0,40}王小红`))
    }
    // Without a phone, the same name and building in the community is the same person too.
    const res2 = await edit(czqWorker.cookie, zhang, { name: '王小红', phone: '', building: '3幢' })
    expect(res2.status).toBe(409)
    expect((await res2.json()).result.error.name).toEqual(['pool.error.edit.duplicateOf'])
    expect(row(zhang.id)).toEqual(zhang)
    expect(updates()).toHaveLength(0)
  })
})

describe('an edit that keeps the member one person', () => {
  it('keeps their own phone, written another way: saved', async () => {
    const { li } = await pool()
    const hmWorker = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const res = await edit(hmWorker.cookie, li, { phone: '+86 138 0000 1111', building: '10幢' })
    expect(res.status).toBe(302)
    expect(row(li.id)).toMatchObject({ phone: '+86 138 0000 1111', building: '10幢' })
    expect(updates()).toHaveLength(1)
  })

  it('moves them to another community with the same phone: the same person, saved', async () => {
    const { wang } = await pool()
    const street = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    const res = await edit(street.cookie, wang, { communityId: String(hm), phone: '+8613912345678' })
    expect(res.status).toBe(302)
    expect(row(wang.id)).toMatchObject({ communityId: hm, name: '王小红', phone: '+8613912345678' })
    expect(db.select().from(deliberators).where(eq(deliberators.name, '王小红')).all()).toHaveLength(1)
    expect(updates()).toHaveLength(1)
  })
})

describe('a member edits her own profile on /join', () => {
  it('to a phone recorded for someone else: refused as joining twice is, without saying where', async () => {
    const { wang } = await pool()
    const resident = await createLoggedInUser(db, 'resident', 'gs-hm')
    const form = { communityId: String(hm), name: '赵阿姨', phone: '13600003333', building: '', interests: [], intent: 'save', consent: 'on' }
    expect((await callRoute(join.action, makeRequest('/join', { cookie: resident.cookie, form }))).status).toBe(302)
    const mine = db.select().from(deliberators).where(eq(deliberators.userId, resident.id)).get()!

    const res = await callRoute(join.action, makeRequest('/join', { cookie: resident.cookie, form: { ...form, phone: '+86 13912345678' } }))
    expect(res.status).toBe(409)
    const body = await res.text()
    expect(JSON.parse(body).result.error.phone).toEqual(['join.error.recordedElsewhere'])
    for (const text of [...WHERE, ...HER]) expect(body).not.toContain(text)
    expect(row(mine.id)).toEqual(mine)
    expect(row(wang.id)).toEqual(wang)
    // Her own number, written another way, is still hers.
    expect((await callRoute(join.action, makeRequest('/join', { cookie: resident.cookie, form: { ...form, phone: '136-0000-3333' } }))).status).toBe(302)
  })
})
