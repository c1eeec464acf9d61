import { eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { beforeEach, describe, expect, it } from 'vitest'
import * as join from '#app/routes/_panels+/join'
import * as poolEdit from '#app/routes/_panels+/pool.$id'
import * as poolList from '#app/routes/_panels+/pool._index'
import * as poolNew from '#app/routes/_panels+/pool.new'
import { importPoolFile } from '#app/services/pool-import.server'
import type { Db } from '#app/utils/db.server'
import { getUnitByCode } from '#db/queries/units'
import { auditEvents, deliberators } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'
import { seedPool } from './helpers'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

const memberForm = (communityId: number, extra: Record<string, string | string[]> = {}) => ({
  name: '王小红',
  phone: '13912345678',
  communityId: String(communityId),
  building: '3幢',
  interests: ['交通运输', '教育文体'],
  expertise: '交通规划、法律',
  roles: ['shop_owner'],
  gender: '女',
  ageBand: '40-59',
  tenure: '15y+',
  availability: '周末',
  accessibilityNeeds: '',
  languages: '普通话、杭州话',
  capability: '4',
  ...extra,
})

describe('pool pages', () => {
  it('lists only members in the worker scope, with filters; street staff see all communities', async () => {
    seedPool(db, 40)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await callRoute(poolList.loader, makeRequest('/pool', { cookie: worker.cookie }))
    const data = await res.json()
    const czq = getUnitByCode(db, 'gs-czq')!
    expect(data.total).toBe(20)
    expect(data.members.every((m: { community: string }) => m.community === czq.nameZh)).toBe(true)
    expect(data.members[0].name).toMatch(/^议事员\d+$/) // PII role in scope: unmasked
    const police = await (await callRoute(poolList.loader, makeRequest('/pool?role=police', { cookie: worker.cookie }))).json()
    expect(police.members.every((m: { roles: string[] }) => m.roles.includes('police'))).toBe(true)
    const street = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    expect((await (await callRoute(poolList.loader, makeRequest('/pool', { cookie: street.cookie }))).json()).total).toBe(40)
    // A page past the end shows the last page, not "none" beside the count.
    const beyond = await (await callRoute(poolList.loader, makeRequest('/pool?page=5', { cookie: worker.cookie }))).json()
    expect([beyond.page, beyond.pages, beyond.members.length]).toEqual([1, 1, 20])
  })

  it('forbids editing a member outside the scope', async () => {
    const [, hmMember] = seedPool(db, 2)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await callRoute(poolEdit.loader, makeRequest(`/pool/${hmMember}`, { cookie: worker.cookie }), { id: String(hmMember) })
    expect(res.status).toBe(403)
  })

  it('adds a member only with recorded consent, and edits and removes them', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const czq = getUnitByCode(db, 'gs-czq')!
    const hm = getUnitByCode(db, 'gs-hm')!
    const noConsent = await callRoute(
      poolNew.action,
      makeRequest('/pool/new', { cookie: worker.cookie, form: { ...memberForm(czq.id), consentText: '口头同意' } }),
    )
    expect(noConsent.status).toBe(400)
    expect((await noConsent.json()).errors.consent).toBe('pool.error.consent')
    const outOfScope = await callRoute(
      poolNew.action,
      makeRequest('/pool/new', { cookie: worker.cookie, form: { ...memberForm(hm.id), consentText: '口头同意', consent: 'on' } }),
    )
    expect(outOfScope.status).toBe(400)
    const bad = await callRoute(
      poolNew.action,
      makeRequest('/pool/new', {
        cookie: worker.cookie,
        form: { ...memberForm(czq.id, { phone: 'abc', capability: '9' }), consentText: '口头同意', consent: 'on' },
      }),
    )
    expect(bad.status).toBe(400)
    const badData = await bad.json()
    expect(badData.errors).toMatchObject({ phone: 'pool.error.phone', capability: 'pool.error.capability' })
    expect(badData.values.name).toBe('王小红')

    const ok = await callRoute(
      poolNew.action,
      makeRequest('/pool/new', { cookie: worker.cookie, form: { ...memberForm(czq.id), consentText: '2025-03-01 书面同意', consent: 'on' } }),
    )
    expect(ok.status).toBe(302)
    const row = db.select().from(deliberators).get()!
    expect(row).toMatchObject({
      name: '王小红',
      consentText: '2025-03-01 书面同意',
      interests: ['交通运输', '教育文体'],
      expertise: ['交通规划', '法律'],
      roles: ['shop_owner'],
      attributes: { gender: '女', ageBand: '40-59', tenure: '15y+' },
      languages: ['普通话', '杭州话'],
      capability: 4,
    })

    const edit = await callRoute(
      poolEdit.action,
      makeRequest(`/pool/${row.id}`, {
        cookie: worker.cookie,
        form: { ...memberForm(czq.id, { roles: ['shop_owner', 'volunteer'], gender: '' }), intent: 'save' },
      }),
      { id: String(row.id) },
    )
    expect(edit.status).toBe(302)
    const edited = db.select().from(deliberators).where(eq(deliberators.id, row.id)).get()!
    expect(edited.roles).toEqual(['shop_owner', 'volunteer'])
    expect(edited.attributes).toEqual({ ageBand: '40-59', tenure: '15y+' })

    const remove = await callRoute(poolEdit.action, makeRequest(`/pool/${row.id}`, { cookie: worker.cookie, form: { intent: 'remove' } }), {
      id: String(row.id),
    })
    expect(remove.status).toBe(302)
    expect(db.select().from(deliberators).all()).toHaveLength(0)
    const audit = JSON.stringify(db.select().from(auditEvents).all())
    expect(audit).not.toContain('王小红')
    expect(audit).not.toContain('13912345678')
  })
})

describe('resident joins and leaves', () => {
  it('requires the consent box, stores the consent text, lets the resident edit and leave', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const czq = getUnitByCode(db, 'gs-czq')!
    const page = await (await callRoute(join.loader, makeRequest('/join', { cookie: resident.cookie }))).json()
    expect(page.member).toBeNull()
    expect(page.values.communityId).toBe(String(czq.id))
    // The way back to 我的 is a drawn arrow screen readers skip, not a character they read out.
    const html = await renderPage(join.default, { path: '/join', locale: 'zh', loaderData: page })
    const back = /<a [^>]*href="\/me"[^>]*>(.*?)<\/a>/.exec(html)![1]
    expect(back).not.toContain('←')
    expect(back).toMatch(/^<svg class="icon" aria-hidden="true"/)

    const noConsent = await callRoute(join.action, makeRequest('/join', { cookie: resident.cookie, form: { ...memberForm(czq.id), intent: 'save' } }))
    expect(noConsent.status).toBe(400)
    expect(db.select().from(deliberators).all()).toHaveLength(0)

    // A resident cannot give themself an official role (police); they can say they own a shop.
    const ok = await callRoute(
      join.action,
      makeRequest('/join', {
        cookie: resident.cookie,
        form: { ...memberForm(czq.id, { roles: ['shop_owner', 'police'], capability: '5' }), intent: 'save', consent: 'on' },
      }),
    )
    expect(ok.status).toBe(302)
    const row = db.select().from(deliberators).get()!
    expect(row.userId).toBe(resident.id)
    expect(row.roles).toEqual(['shop_owner'])
    expect(row.capability).toBeNull()
    expect(row.consentText).toContain('随时修改资料或退出')
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'pool.join')).all()).toHaveLength(1)

    const edit = await callRoute(
      join.action,
      makeRequest('/join', { cookie: resident.cookie, form: { ...memberForm(czq.id, { availability: '工作日晚上' }), intent: 'save' } }),
    )
    expect(edit.status).toBe(302)
    expect(db.select().from(deliberators).get()!.availability).toBe('工作日晚上')

    const leave = await callRoute(join.action, makeRequest('/join', { cookie: resident.cookie, form: { intent: 'leave' } }))
    expect(leave.status).toBe(302)
    expect(db.select().from(deliberators).all()).toHaveLength(0)
  })

  it('refuses a mobile number with a digit missing, keeping everything typed', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const czq = getUnitByCode(db, 'gs-czq')!
    const res = await callRoute(
      join.action,
      makeRequest('/join', { cookie: resident.cookie, form: { ...memberForm(czq.id, { phone: '1391234567' }), intent: 'save', consent: 'on' } }),
    )
    expect(res.status).toBe(400)
    const data = await res.json()
    expect(data.errors).toEqual({ phone: 'pool.error.phone' })
    expect(data.values).toMatchObject({ phone: '1391234567', name: '王小红', availability: '周末', interests: ['交通运输', '教育文体'] })
    expect(db.select().from(deliberators).all()).toHaveLength(0)
  })

  it('is for residents only', async () => {
    const worker = await createLoggedInUser(db, 'department_staff', 'dept-traffic')
    expect((await callRoute(join.loader, makeRequest('/join', { cookie: worker.cookie }))).status).toBe(403)
  })
})

describe('pool import', () => {
  const ctx = () => {
    const czq = getUnitByCode(db, 'gs-czq')!
    return { allowedCommunityIds: new Set([czq.id]), defaultCommunityId: null }
  }

  it('reads a GBK CSV with Chinese headers, reports rejects per row, skips duplicates', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const csv = [
      '姓名,手机号,社区,楼栋,关注领域,专长,身份,性别,年龄,居住年限,同意时间',
      '李明,13800001111,长征桥社区,5幢,交通运输、教育文体,交通规划,人大代表,男,45,20,2025-02-01',
      '赵雪,13800002222,长征桥,6幢,环境保护,,志愿者,女,60+,3年,2025-02-02',
      ',13800003333,长征桥社区,7幢,,,,,,,2025-02-03',
      '钱多,13800004444,和睦社区,8幢,,,,,,,2025-02-03',
      '孙亮,13800005555,长征桥社区,9幢,,,宇航员,,,,2025-02-03',
      '周一,13800006666,长征桥社区,9幢,,,,,,,',
      '吴二,abc,长征桥社区,9幢,,,,,,,2025-02-03',
      '李明,13800001111,长征桥社区,5幢,,,,,,,2025-02-01',
    ].join('\r\n')
    const report = await importPoolFile(db, {
      data: iconv.encode(csv, 'gbk'),
      fileName: 'pool.csv',
      ctx: ctx(),
      locale: 'zh',
      actor: { kind: 'user', id: worker.id },
    })
    expect(report).toMatchObject({ total: 8, imported: 2 })
    expect(report.duplicates.map(d => d.line)).toEqual([9])
    expect(report.rejects).toEqual([
      { line: 4, reason: '缺少姓名' },
      { line: 5, reason: '社区不在您的管辖范围内：和睦社区' },
      { line: 6, reason: '无法识别的身份：宇航员' },
      { line: 7, reason: '没有本人同意的记录' },
      { line: 8, reason: '手机号格式不对：abc' },
    ])
    expect(report.rejectsCsv).toContain('错误原因(reason)')
    const li = db.select().from(deliberators).where(eq(deliberators.name, '李明')).get()!
    expect(li).toMatchObject({ roles: ['npc_deputy'], interests: ['交通运输', '教育文体'], attributes: { gender: '男', ageBand: '40-59', tenure: '15y+' } })
    expect(li.consentAt.toISOString()).toBe('2025-01-31T16:00:00.000Z')
    const zhao = db.select().from(deliberators).where(eq(deliberators.name, '赵雪')).get()!
    expect(zhao.attributes).toEqual({ gender: '女', ageBand: '60+', tenure: '<5y' })
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'pool.import')).all()).toHaveLength(1)
  })

  it('reads XLSX with English headers; the community defaults to the worker’s only community', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('pool')
    ws.addRow(['Name', 'Phone', 'Roles', 'Gender', 'Consent'])
    ws.addRow(['Amy', '13700001111', 'police, school_rep', 'F', 'yes'])
    ws.addRow(['Bob', '13700002222', '', 'M', 'no'])
    const data = Buffer.from(await wb.xlsx.writeBuffer())
    const czq = getUnitByCode(db, 'gs-czq')!
    const report = await importPoolFile(db, {
      data,
      fileName: 'pool.xlsx',
      ctx: { allowedCommunityIds: new Set([czq.id]), defaultCommunityId: czq.id },
      locale: 'en',
      actor: { kind: 'user', id: worker.id },
    })
    expect(report).toMatchObject({ total: 2, imported: 1, rejects: [{ line: 3, reason: 'No record of consent' }] })
    const amy = db.select().from(deliberators).get()!
    expect(amy).toMatchObject({ name: 'Amy', communityId: czq.id, roles: ['police', 'school_rep'], attributes: { gender: '女' } })
    expect(amy.consentText).toContain('pool.xlsx')
  })
})
