import { beforeEach, describe, expect, it } from 'vitest'
import PoolMember, { loader } from '#app/routes/_panels+/pool.$id'
import type { Db } from '#app/utils/db.server'
import { SYSTEM } from '#db/queries/audit'
import { latestTaxonomyVersion, writeTaxonomyVersion } from '#db/queries/taxonomy'
import { createUnit, getUnitByCode } from '#db/queries/units'
import { deliberators } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { unmarkedChinese } from '#tests/lang-marks'
import { renderPage } from '#tests/render-page'

// A pool member's page on English pages: what stays Chinese (the name, the address, what was written freely, the
// consent as recorded, the community names) is marked as Chinese; a name or value written in Latin letters is not.

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

function addMember(values: Partial<typeof deliberators.$inferInsert> & { name: string }) {
  return db
    .insert(deliberators)
    .values({
      communityId: getUnitByCode(db, 'gs-czq')!.id,
      phone: '13912345678',
      building: null,
      interests: ['环境保护'],
      expertise: [],
      roles: [],
      attributes: { gender: '女' },
      languages: [],
      consentAt: new Date('2025-01-01T00:00:00Z'),
      consentText: '口头同意，社区工作人员记录',
      ...values,
    })
    .returning({ id: deliberators.id })
    .get().id
}

async function page(id: number, locale: 'zh' | 'en', role: 'community_worker' | 'street_staff' = 'community_worker') {
  const user = await createLoggedInUser(db, role, role === 'street_staff' ? 'gs-xh' : 'gs-czq')
  const res = await callRoute(loader, makeRequest(`/pool/${id}`, { cookie: `${user.cookie}; th_prefs=${locale}.0.0` }), { id: String(id) })
  expect(res.status).toBe(200)
  return renderPage(PoolMember, { path: `/pool/${id}`, locale, loaderData: await res.json() })
}

/** The opening tag of the field's input. */
function input(html: string, name: string) {
  return [...html.matchAll(/<input[^>]*>/g)].map(m => m[0]).find(tag => tag.includes(` name="${name}"`)) ?? ''
}

describe('a pool member’s page in English', () => {
  it('marks the name, address, expertise, other answers, consent and community names written in Chinese as Chinese', async () => {
    const id = addMember({
      name: '张阿姨',
      building: '阳光花园3单元',
      expertise: ['养老服务', '会修自行车'],
      availability: '周末下午',
      accessibilityNeeds: '需要轮椅通道',
      languages: ['普通话', '杭州话'],
    })
    for (const role of ['community_worker', 'street_staff'] as const) {
      const html = await page(id, 'en', role)
      expect(html).toContain('value="张阿姨"')
      expect(html).toContain('会修自行车')
      expect(html).toContain('口头同意')
      expect(unmarkedChinese(html)).toEqual([])
      expect(input(html, 'name')).toContain('lang="zh-CN"')
      expect(input(html, 'building')).toContain('lang="zh-CN"')
    }
  })

  it('leaves a name, and other answers, written in Latin letters unmarked', async () => {
    const id = addMember({
      name: 'Anna Schmidt',
      building: 'Block B',
      expertise: ['Python'],
      availability: 'weekends',
      languages: ['English', 'Deutsch'],
      consentText: 'Consent given in person',
    })
    const html = await page(id, 'en')
    expect(html).toContain('value="Anna Schmidt"')
    expect(unmarkedChinese(html)).toEqual([])
    for (const name of ['name', 'building', 'expertise', 'availability', 'languages']) expect(input(html, name)).not.toContain('lang=')
    expect(html).not.toMatch(/lang="zh-CN"[^>]*>Consent given in person/)
    const david = await page(addMember({ name: 'David', phone: '13812345678' }), 'en')
    expect(input(david, 'name')).toContain('value="David"')
    expect(input(david, 'name')).not.toContain('lang=')
  })

  it('marks a community or an interest with no English name, shown in Chinese, as Chinese', async () => {
    createUnit(db, { kind: 'community', code: 'gs-new', nameZh: '新建社区', nameEn: '', parentId: getUnitByCode(db, 'gs-xh')!.id })
    const data = (latestTaxonomyVersion(db)?.data ?? {}) as { categories?: unknown[] }
    const categories = [...(data.categories ?? []), { id: 'new-interest', nameZh: '邻里互助' }]
    writeTaxonomyVersion(db, { data: { ...data, categories }, diff: [], note: '测试' }, SYSTEM)
    const html = await page(addMember({ name: 'David' }), 'en', 'street_staff')
    expect(html).toContain('新建社区')
    expect(html).toContain('邻里互助')
    expect(unmarkedChinese(html)).toEqual([])
  })

  it('reads as before in Chinese, with no marks', async () => {
    const id = addMember({ name: '张阿姨', building: '阳光花园3单元', expertise: ['会修自行车'] })
    const html = await page(id, 'zh')
    expect(html).toContain('value="张阿姨"')
    expect(html).toContain('长征桥社区')
    expect(html).not.toContain('lang="zh-CN"')
  })
})
