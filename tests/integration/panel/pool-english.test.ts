import { beforeEach, describe, expect, it } from 'vitest'
import PoolList, { loader } from '#app/routes/_panels+/pool._index'
import type { Db } from '#app/utils/db.server'
import { getUnitByCode } from '#db/queries/units'
import { deliberators } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { unmarkedChinese } from '#tests/lang-marks'
import { renderPage } from '#tests/render-page'

// How the pool list names each member's place and expertise on English pages: what comes from a fixed list in English,
// what was written freely as written and marked as Chinese, never half of each.

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

function addMember(name: string, building: string | null, expertise: string[]) {
  db.insert(deliberators)
    .values({
      communityId: getUnitByCode(db, 'gs-czq')!.id,
      name,
      building,
      interests: ['环境保护'],
      expertise,
      roles: [],
      attributes: { gender: '女' },
      languages: [],
      consentAt: new Date('2025-01-01T00:00:00Z'),
      consentText: '测试同意',
    })
    .run()
}

async function page(locale: 'zh' | 'en') {
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const res = await callRoute(loader, makeRequest('/pool', { cookie: `${worker.cookie}; th_prefs=${locale}.0.0` }))
  return renderPage(PoolList, { path: '/pool', locale, loaderData: await res.json() })
}

/** Each row's cells as text, by the member's name. */
function rows(html: string) {
  const body = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'))
  const out: Record<string, string[]> = {}
  for (const [, tr] of body.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)) {
    const cells = [...tr!.matchAll(/<(th|td)[^>]*>(.*?)<\/\1>/g)].map(m =>
      m[2]!
        .replace(/<span class="cell-label"[^>]*>.*?<\/span>/, '')
        .replace(/<[^>]+>/g, '')
        .trim(),
    )
    out[cells[0]!] = cells
  }
  return out
}

describe('the deliberator pool in English', () => {
  beforeEach(() => {
    addMember('张阿姨', '5幢', ['养老服务', '会修自行车'])
    addMember('李伯伯', '阳光花园3单元', [])
  })

  it('names a numbered building in English after the community, and expertise from the fixed list by its English name', async () => {
    const en = rows(await page('en'))
    expect(en['张阿姨']![1]).toBe('Changzhengqiao, Building 5')
    expect(en['张阿姨']![4]).toBe('Environmental protection, Elderly care, 会修自行车')
  })

  it('shows an address written freely as written, community included, rather than half in English', async () => {
    const en = rows(await page('en'))
    expect(en['李伯伯']![1]).toBe('长征桥社区 阳光花园3单元')
  })

  it('marks every name, address and expertise left in Chinese as Chinese', async () => {
    const html = await page('en')
    expect(html).toContain('会修自行车')
    expect(unmarkedChinese(html)).toEqual([])
  })

  it('reads as before in Chinese', async () => {
    const zh = rows(await page('zh'))
    expect(zh['张阿姨']![1]).toBe('长征桥社区 5幢')
    expect(zh['张阿姨']![4]).toBe('环境保护、养老服务、会修自行车')
    expect(zh['李伯伯']![1]).toBe('长征桥社区 阳光花园3单元')
  })
})
