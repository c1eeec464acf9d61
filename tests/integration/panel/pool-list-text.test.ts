import { beforeEach, describe, expect, it } from 'vitest'
import PoolList, { loader } from '#app/routes/_panels+/pool._index'
import type { Db } from '#app/utils/db.server'
import { getUnitByCode } from '#db/queries/units'
import { deliberators } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// What the pool list says of each member's service and interests, in either language.

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

function addMember(name: string, timesServed: number, lastServedAt: Date | null) {
  db.insert(deliberators)
    .values({
      communityId: getUnitByCode(db, 'gs-czq')!.id,
      name,
      interests: ['劳动和社会保障', '商贸旅游'],
      expertise: [],
      roles: [],
      attributes: {},
      languages: [],
      consentAt: new Date('2025-01-01T00:00:00Z'),
      consentText: '测试同意',
      timesServed,
      lastServedAt,
    })
    .run()
}

/** The visible text of each member's row, by the member's name. */
async function rows(locale: 'zh' | 'en') {
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const cookie = `${worker.cookie}; th_prefs=${locale}.0.0`
  const res = await callRoute(loader, makeRequest('/pool', { cookie }))
  const html = await renderPage(PoolList, { path: '/pool', locale, loaderData: await res.json() })
  const body = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'))
  const out: Record<string, string> = {}
  for (const [, tr] of body.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)) {
    const text = tr!
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
    out[text.split(' ')[0]!] = text
  }
  return out
}

describe('the deliberator pool list', () => {
  beforeEach(() => {
    addMember('一次无日期', 1, null)
    addMember('四次无日期', 4, null)
    addMember('一次有日期', 1, new Date('2025-03-05T04:00:00Z'))
    addMember('四次有日期', 4, new Date('2025-03-05T04:00:00Z'))
    addMember('从未参与', 0, null)
  })

  it('says how often each member served, with the last date only when there is one, in English with its plural', async () => {
    const en = await rows('en')
    expect(en['一次无日期']).toMatch(/served once(?!,)/)
    expect(en['一次无日期']).not.toMatch(/last on|times/)
    expect(en['四次无日期']).toMatch(/served 4 times(?!,)/)
    expect(en['四次无日期']).not.toContain('last on')
    expect(en['一次有日期']).toMatch(/served once, last on \S+/)
    expect(en['四次有日期']).toMatch(/served 4 times, last on \S+/)
    expect(en['从未参与']).toContain('has not served yet')
  })

  it('says the same in Chinese, without “最近一次” when no date is known', async () => {
    const zh = await rows('zh')
    expect(zh['一次无日期']).toContain('参与 1 次')
    expect(zh['一次无日期']).not.toContain('最近一次')
    expect(zh['四次无日期']).toContain('参与 4 次')
    expect(zh['四次无日期']).not.toContain('最近一次')
    expect(zh['四次有日期']).toMatch(/参与 4 次，最近一次 \S+/)
    expect(zh['四次有日期']).toContain('劳动和社会保障、商贸旅游')
  })

  it('names the interests by the taxonomy’s English names on English pages', async () => {
    const en = await rows('en')
    expect(en['四次有日期']).toContain('Labour and social security, Commerce and tourism')
    expect(en['四次有日期']).not.toMatch(/劳动和社会保障|商贸旅游/)
  })
})
