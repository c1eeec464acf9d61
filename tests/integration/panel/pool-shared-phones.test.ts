import { beforeEach, describe, expect, it } from 'vitest'
import PoolList, { loader } from '#app/routes/_panels+/pool._index'
import { poolSharedPhones, type Db } from '#app/utils/db.server'
import { getUnitByCode } from '#db/queries/units'
import { deliberators } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// Rows recorded twice before one phone was one person stay in the pool until someone edits one:
// the pool page lists them, within the worker's own communities, so one of each pair can go.

let db: Db
let czq: number
let hm: number
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  czq = getUnitByCode(db, 'gs-czq')!.id
  hm = getUnitByCode(db, 'gs-hm')!.id
})

function member(communityId: number, name: string, phone: string | null) {
  return db
    .insert(deliberators)
    .values({
      communityId,
      name,
      phone,
      interests: [],
      expertise: [],
      roles: [],
      attributes: {},
      languages: [],
      consentAt: new Date('2025-01-01T00:00:00Z'),
      consentText: '测试同意',
    })
    .returning()
    .get()
}

const ids = (groups: { id: number }[][]) => groups.map(g => g.map(m => m.id))

describe('members sharing a phone', () => {
  it('groups rows of the same communities whose phones differ only in spacing or +86, oldest first', () => {
    const a = member(czq, '王小红', '13912345678')
    member(czq, '李大爷', '13800001111')
    const b = member(czq, '王晓红', '+86 139 1234 5678')
    const c = member(czq, '王小红', '0086-139-1234-5678')
    member(czq, '张三', null)
    member(czq, '张三', '')
    const d = member(czq, '赵四', '13700002222')
    const e = member(czq, '赵四', '137 0000 2222')
    expect(ids(poolSharedPhones(db, [czq]))).toEqual([
      [a.id, b.id, c.id],
      [d.id, e.id],
    ])
  })

  it('counts only members of the communities given: a twin in another community is not listed there', () => {
    const here = member(czq, '王小红', '13912345678')
    const there = member(hm, '王小红', '139 1234 5678')
    expect(poolSharedPhones(db, [czq])).toEqual([])
    expect(poolSharedPhones(db, [hm])).toEqual([])
    expect(ids(poolSharedPhones(db, [czq, hm]))).toEqual([[here.id, there.id]])
  })
})

/** The pool page as this worker sees it, and the notice of shared phones in it ('' when none). */
async function page(role: 'community_worker' | 'street_staff', unit: string, locale: 'zh' | 'en' = 'zh') {
  const worker = await createLoggedInUser(db, role, unit)
  const res = await callRoute(loader, makeRequest('/pool', { cookie: `${worker.cookie}; th_prefs=${locale}.0.0` }))
  expect(res.status).toBe(200)
  const html = await renderPage(PoolList, { path: '/pool', locale, loaderData: await res.json() })
  const start = html.indexOf('id="pool-shared-phones"')
  const notice = start < 0 ? '' : html.slice(html.lastIndexOf('<section', start), html.indexOf('</section>', start))
  return { html, notice }
}

/** The text of the link to this member's edit page. */
const linkText = (html: string, id: number) =>
  (new RegExp(`<a [^>]*href="/pool/${id}"[^>]*>(.*?)</a>`).exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim()

describe('the pool page', () => {
  it('tells a community worker which of her members share a phone, each linked to its edit page, with what to do', async () => {
    const a = member(czq, '王小红', '13912345678')
    const b = member(czq, '王小红', '+86 139 1234 5678')
    member(czq, '李大爷', '13800001111')
    const { notice } = await page('community_worker', 'gs-czq')
    expect(notice).toMatch(/<h2 id="pool-shared-phones">[^<]*同一手机号/)
    expect(notice).toContain(`href="/pool/${a.id}"`)
    expect(notice).toContain(`href="/pool/${b.id}"`)
    // The link says where it goes: the member's edit page.
    expect(linkText(notice, a.id)).toMatch(/^编辑.*王小红/)
    // Two entries of one name are two different links, and say so.
    expect(linkText(notice, a.id)).not.toBe(linkText(notice, b.id))
    expect(notice).toContain('移出议事员库')
    expect(notice).not.toContain('李大爷')
  })

  it('names no member of a community the worker does not manage', async () => {
    member(czq, '王小红', '13912345678')
    const there = member(hm, '王晓红', '13912345678')
    const worker = await page('community_worker', 'gs-czq')
    expect(worker.notice).toBe('')
    expect(worker.html).not.toContain('王晓红')
    expect(worker.html).not.toContain(`/pool/${there.id}"`)
    // Street staff manage both communities: the pair is theirs to sort out.
    const street = await page('street_staff', 'gs-xh')
    expect(street.notice).toContain(`href="/pool/${there.id}"`)
    expect(street.notice).toContain('和睦社区')
  })

  it('shows no notice when no two members share a phone', async () => {
    member(czq, '王小红', '13912345678')
    member(czq, '李大爷', '13800001111')
    expect((await page('community_worker', 'gs-czq')).notice).toBe('')
  })

  it('says the same in English', async () => {
    const a = member(czq, '王小红', '13912345678')
    member(czq, '王晓红', '139-1234-5678')
    const { notice } = await page('community_worker', 'gs-czq', 'en')
    expect(notice).toMatch(/<h2 id="pool-shared-phones">[^<]*same phone/i)
    expect(linkText(notice, a.id)).toMatch(/^Edit.*王小红/)
    expect(notice).toContain('Remove from the pool')
  })
})
