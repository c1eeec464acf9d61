import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { makeT, type Locale } from '#app/i18n/index'
import * as poolImport from '#app/routes/_panels+/pool.import'
import * as poolNew from '#app/routes/_panels+/pool.new'
import { importPoolFile } from '#app/services/pool-import.server'
import type { Db } from '#app/utils/db.server'
import { phoneKey } from '#db/queries/pool'
import { getUnitByCode } from '#db/queries/units'
import { auditEvents, deliberators } from '#db/schema/index'
import { CSRF, callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// One phone is one person in the whole deployment, as on /join and in the draw: a worker of a
// neighbouring community entering or importing someone already in the pool gets no second row,
// and learns where that person is recorded only when their own roles reach that community.

let db: Db
let czq: number
let hm: number
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  czq = getUnitByCode(db, 'gs-czq')!.id
  hm = getUnitByCode(db, 'gs-hm')!.id
})

/** Where the first row is recorded: words that must not reach a worker who cannot see 长征桥. */
const WHERE = ['长征桥', 'Changzhengqiao']

const person = (communityId: number, extra: Record<string, string> = {}) => ({
  name: '王小红',
  phone: '13912345678',
  communityId: String(communityId),
  building: '3幢',
  consentText: '口头同意',
  consent: 'on',
  ...extra,
})

async function recordedInCzq() {
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const res = await callRoute(poolNew.action, makeRequest('/pool/new', { cookie: worker.cookie, form: person(czq) }))
  expect(res.status).toBe(302)
  return db.select().from(deliberators).get()!
}

const addAudits = () => db.select().from(auditEvents).where(eq(auditEvents.action, 'pool.add')).all()

describe('a worker enters by hand a phone already in the pool of another community', () => {
  it('a worker of that other community only: refused under the phone field without saying where, in her language', async () => {
    const recorded = await recordedInCzq()
    const hmWorker = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const loaderData = await (await callRoute(poolNew.loader, makeRequest('/pool/new', { cookie: hmWorker.cookie }))).json()
    // Typed as a paper form gives it: with the country code and spaces.
    for (const [locale, phone] of [
      ['zh', '+86 139 1234 5678'],
      ['en', '139-1234-5678'],
    ] as const) {
      const headers = { 'accept-language': locale }
      const form = person(hm, { name: '王秀英', phone, building: '9幢' })
      const res = await callRoute(poolNew.action, makeRequest('/pool/new', { cookie: hmWorker.cookie, form, headers }))
      expect(res.status).toBe(409)
      const body = await res.text()
      const data = JSON.parse(body)
      expect(data.error).toBe('pool.error.recordedElsewhere')
      expect(data.result.error.phone).toEqual(['pool.error.recordedElsewhere'])
      expect(data.params).toBeNull()
      expect(data.values.name).toBe('王秀英')
      for (const text of [...WHERE, '王小红', '3幢']) expect(body).not.toContain(text)

      const text = makeT(locale)('pool.error.recordedElsewhere')
      expect(text).not.toMatch(/\{community\}|这个社区|this community/)
      // What to do next, without saying where or who: if the person has moved here, the street office moves that entry.
      expect(text).toMatch(locale === 'zh' ? /搬到了本社区.*街道.*改到本社区/ : /moved here.*street office.*move that entry here/)
      const html = await renderPage(poolNew.default, { path: '/pool/new', locale, loaderData, actionData: data })
      expect(html).toContain(text)
      for (const w of [...WHERE, '王小红']) expect(html).not.toContain(w)
      expect(html).not.toContain(`href="/pool/${recorded.id}"`)
    }
    expect(db.select().from(deliberators).all()).toEqual([recorded])
    expect(addAudits()).toHaveLength(1)
  })

  it('street staff whose street holds both communities: refused, naming the community in their language', async () => {
    const recorded = await recordedInCzq()
    const street = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    const loaderData = await (await callRoute(poolNew.loader, makeRequest('/pool/new', { cookie: street.cookie }))).json()
    for (const [locale, name] of [
      ['zh', '长征桥社区'],
      ['en', 'Changzhengqiao'],
    ] as const) {
      const headers = { 'accept-language': locale }
      const res = await callRoute(poolNew.action, makeRequest('/pool/new', { cookie: street.cookie, form: person(hm, { phone: '0086 13912345678' }), headers }))
      expect(res.status).toBe(409)
      const data = await res.json()
      expect(data.error).toBe('pool.error.recordedIn')
      // They may open that entry: it is named and linked beside the phone field.
      expect(data.params).toEqual({ community: name, member: recorded.id, name: '王小红' })
      const html = await renderPage(poolNew.default, { path: '/pool/new', locale, loaderData, actionData: data })
      expect(html).toContain(makeT(locale)('pool.error.recordedIn', { community: name }).replace(/'/g, '&#x27;'))
      expect(html).toContain(`href="/pool/${recorded.id}"`)
      expect(html).toMatch(new RegExp(`<a [^>]*href="/pool/${recorded.id}"[^>]*>.{0,40}王小红`))
    }
    expect(db.select().from(deliberators).all()).toEqual([recorded])
    expect(addAudits()).toHaveLength(1)
  })

  it('another phone, or the same name and building without a phone, elsewhere is someone else: added', async () => {
    await recordedInCzq()
    const hmWorker = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const post = (form: Record<string, string>) => callRoute(poolNew.action, makeRequest('/pool/new', { cookie: hmWorker.cookie, form }))
    expect((await post(person(hm, { phone: '13912345679' }))).status).toBe(302)
    expect((await post(person(hm, { name: '李大爷', phone: '' }))).status).toBe(302)
    expect(db.select().from(deliberators).all()).toHaveLength(3)
    expect(addAudits()).toHaveLength(3)
  })
})

describe('a worker enters by hand someone her own community already has', () => {
  it('refused, naming that member as she may see them and linking to their entry', async () => {
    const recorded = await recordedInCzq()
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const loaderData = await (await callRoute(poolNew.loader, makeRequest('/pool/new', { cookie: worker.cookie }))).json()
    for (const locale of ['zh', 'en'] as const) {
      const headers = { 'accept-language': locale }
      const res = await callRoute(
        poolNew.action,
        makeRequest('/pool/new', { cookie: worker.cookie, form: person(czq, { name: '王秀英', phone: '+86 139 1234 5678' }), headers }),
      )
      expect(res.status).toBe(409)
      const data = await res.json()
      expect(data.error).toBe('pool.error.duplicateOf')
      expect(data.result.error.phone).toEqual(['pool.error.duplicateOf'])
      expect(data.params).toEqual({ member: recorded.id, name: '王小红' })
      const html = await renderPage(poolNew.default, { path: '/pool/new', locale, loaderData, actionData: data })
      expect(html).toContain(makeT(locale)('pool.error.duplicateOf', { name: '王小红' }).replace(/'/g, '&#x27;'))
      expect(html).toMatch(new RegExp(`<a [^>]*href="/pool/${recorded.id}"[^>]*>.{0,40}王小红`))
    }
    expect(db.select().from(deliberators).all()).toEqual([recorded])
  })
})

describe('an import with a phone already in the pool of another community', () => {
  const CSV = [
    '姓名,手机号,社区,楼栋,同意时间',
    '王秀英,+86 139 1234 5678,和睦社区,9幢,2025-03-01',
    '张一,13800001111,和睦社区,1幢,2025-03-01',
    '张一,138-0000-1111,长征桥社区,1幢,2025-03-01',
    '李四,139****5678,和睦社区,2幢,2025-03-01',
  ].join('\r\n')

  async function upload(cookie: string, locale: Locale) {
    const form = new FormData()
    form.set('csrf', CSRF)
    form.set('file', new Blob([CSV], { type: 'text/csv' }), 'pool.csv')
    const request = new Request('http://localhost/pool/import', { method: 'POST', body: form, headers: { cookie, 'accept-language': locale } })
    const res = await callRoute(poolImport.action, request)
    expect(res.status).toBe(200)
    return { body: await res.clone().text(), data: await res.json() }
  }

  it('a worker of another community: the row is reported as a duplicate, not imported, and where it is recorded is not said', async () => {
    const recorded = await recordedInCzq()
    const hmWorker = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const { body, data } = await upload(hmWorker.cookie, 'zh')
    const report = data.report
    expect(report).toMatchObject({ total: 4, imported: 1 })
    expect(report.duplicates).toEqual([{ line: 2, id: null, reason: makeT('zh')('pool.import.reason.recordedElsewhere') }])
    // A masked number is no phone to compare: refused as written, like any unreachable number.
    expect(report.rejects).toEqual([
      { line: 4, reason: '社区不在您的管辖范围内：长征桥社区' },
      { line: 5, reason: '手机号格式不对：139****5678' },
    ])
    // (The file's own rows name 长征桥; nothing of the recorded row does.)
    for (const text of ['王小红', '3幢', `"id":${recorded.id}`]) expect(body).not.toContain(text)
    expect(db.select({ name: deliberators.name }).from(deliberators).all()).toEqual([{ name: '王小红' }, { name: '张一' }])
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, 'pool.import')).all()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.after).toMatchObject({ imported: 1, duplicates: 1 })

    const html = await renderPage(poolImport.default, { path: '/pool/import', locale: 'zh', loaderData: {}, actionData: data })
    expect(html).toContain(makeT('zh')('pool.import.reason.recordedElsewhere'))
    expect(makeT('zh')('pool.import.reason.recordedElsewhere')).toMatch(/搬到了本社区.*街道.*改到本社区/)
    expect(makeT('en')('pool.import.reason.recordedElsewhere')).toMatch(/moved here.*street office.*move that entry here/)
    // (The file's own rows name 长征桥 among the refused; nothing of the recorded row is said.)
    for (const w of ['王小红', '3幢']) expect(html).not.toContain(w)
  })

  it('street staff: the repeat elsewhere, in the file itself too, is named in their language', async () => {
    const recorded = await recordedInCzq()
    const street = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    const { data } = await upload(street.cookie, 'en')
    const report = data.report
    expect(report).toMatchObject({ total: 4, imported: 1 })
    const zhang = db.select().from(deliberators).where(eq(deliberators.name, '张一')).get()!
    expect(zhang.communityId).toBe(hm)
    const t = makeT('en')
    expect(report.duplicates).toEqual([
      { line: 2, id: recorded.id, reason: t('pool.import.reason.recordedIn', { community: 'Changzhengqiao' }) },
      // Line 4 repeats line 3 of the same file, which is what it is said to do.
      { line: 4, id: zhang.id, reason: t('pool.import.reason.repeatsLine', { line: 3 }) },
    ])
    expect(report.rejects).toEqual([{ line: 5, reason: 'Not a valid phone number: 139****5678' }])
    const html = await renderPage(poolImport.default, { path: '/pool/import', locale: 'en', loaderData: {}, actionData: data })
    expect(html).toContain('Changzhengqiao')
  })

  it('a row repeating an earlier row of the same file says which line, not that it was already in the pool', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const report = await importPoolFile(db, {
      data: Buffer.from(
        ['姓名,手机号,同意时间', '王小红,13912345678,2025-03-01', '李大爷,13800001111,2025-03-01', '王小红,139 1234 5678,2025-03-01'].join('\r\n'),
      ),
      fileName: 'pool.csv',
      ctx: { allowedCommunityIds: new Set([czq]), defaultCommunityId: czq },
      locale: 'zh',
      actor: { kind: 'user', id: worker.id },
    })
    const wang = db.select().from(deliberators).where(eq(deliberators.name, '王小红')).get()!
    expect(report).toMatchObject({ total: 3, imported: 2 })
    expect(report.duplicates).toEqual([{ line: 4, id: wang.id, reason: '与本文件第 2 行重复，未重复导入' }])
    const html = await renderPage(poolImport.default, { path: '/pool/import', locale: 'zh', loaderData: {}, actionData: { error: null, report } })
    expect(html).toContain('与本文件第 2 行重复')
    expect(html).not.toContain(makeT('zh')('pool.import.duplicateLines', { lines: 4 }))
    expect(html).not.toContain('已在库中')
  })

  it('a repeat in the same community is reported as before, without a reason', async () => {
    const recorded = await recordedInCzq()
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const report = await importPoolFile(db, {
      data: Buffer.from(['姓名,手机号,同意时间', '王小红,+8613912345678,2025-03-01'].join('\r\n')),
      fileName: 'pool.csv',
      ctx: { allowedCommunityIds: new Set([czq]), defaultCommunityId: czq },
      locale: 'zh',
      actor: { kind: 'user', id: worker.id },
    })
    expect(report.duplicates).toEqual([{ line: 2, id: recorded.id, reason: null }])
    expect(db.select().from(deliberators).all()).toHaveLength(1)
  })
})

describe('a phone as the pool compares it', () => {
  it('is the same number with or without the country code, spaces, dashes or brackets', () => {
    const key = phoneKey('13912345678')
    for (const typed of ['+86 139 1234 5678', '+86-139-1234-5678', '0086 13912345678', '(139) 1234-5678', '+86（139）12345678'])
      expect(phoneKey(typed)).toBe(key)
    expect(phoneKey('0571-88001234')).toBe('057188001234')
    expect(phoneKey('+44 20 7946 0000')).toBe('+442079460000')
  })
})
