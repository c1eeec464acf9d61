import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as newComplaint from '#app/routes/_intake+/complaints.new'
import * as suggest from '#app/routes/_resources+/resources.complaint-suggest'
import { action, loader } from '#app/routes/_topics+/taxonomy'
import type { Db } from '#db/client'
import { taxonomyVersions } from '#db/schema/index'
import { createMatcher } from '#nlp/match'
import { unsafePatternReason } from '#nlp/regex-safety'
import { validateTaxonomy, type Taxonomy } from '#nlp/taxonomy'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

const withPattern = (source: string) => ({
  version: 1,
  name: 'test',
  categories: [
    {
      id: 'noise',
      nameZh: '噪音',
      nameEn: 'Noise',
      keywords: [{ term: '噪音', weight: 2 }],
      exclusions: [],
      stakeholders: [],
      patterns: [{ source, weight: 2 }],
      children: [],
    },
  ],
})

describe('taxonomy regular expressions', () => {
  it.each([
    ['(a|a)+$', /alternatives/],
    ['(a+)+$', /nested/],
    ['(\\d*)*x', /nested/],
    ['(?:ab|a)*c', /alternatives/],
    ['(a)\\1', /backreference/],
    ['(?<x>a)\\k<x>', /backreference/],
    ['\\d*\\d*x', /unbounded/],
    ['a.*b.*c', /unbounded/],
    ['a{0,1000}', /exceed/],
    ['\\d{0,20}\\d{0,20}x', /counted/],
    ['x'.repeat(201), /longer/],
  ])('refuses %s', (source, reason) => {
    expect(unsafePatternReason(source)).toMatch(reason)
  })

  it.each(['(上|放)学.{0,4}(拥堵|堵)', '\\d+号楼', '噪音|扰民', '[甲乙丙]{1,3}栋', '(?:夜间|凌晨)施工', '\\p{Script=Han}+路', 'a?b?c?'])(
    'accepts %s',
    source => {
      expect(unsafePatternReason(source)).toBeNull()
    },
  )

  it('refuses a catastrophic pattern when the taxonomy is validated, with the node and field', () => {
    const checked = validateTaxonomy(withPattern('(a|a)+$'))
    expect(checked.ok).toBe(false)
    expect(checked.ok ? [] : checked.errors.map(e => e.field)).toEqual(['patterns[0]'])
  })

  it('never runs a catastrophic pattern from an older stored version', () => {
    const unsafe = withPattern('(a|a)+$') as unknown as Taxonomy
    const hits = createMatcher(unsafe).match('aaaa噪音')
    expect(hits.map(h => h.term)).toEqual(['噪音'])
    // A safe pattern in the same place does run.
    expect(
      createMatcher(withPattern('a+') as unknown as Taxonomy)
        .match('aaaa噪音')
        .some(h => h.pattern),
    ).toBe(true)
  })

  it('street staff importing a taxonomy with (a|a)+$ get the problem back and no new version', async () => {
    const staff = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    const res = await callRoute(
      action,
      makeRequest('/taxonomy', { cookie: staff.cookie, form: { intent: 'import', json: JSON.stringify(withPattern('(a|a)+$')) } }),
    )
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error).toBe('taxonomy.error.invalid')
    expect(body.issues[0].message).toMatch(/unsafe regular expression/)
    expect(db.select().from(taxonomyVersions).all()).toHaveLength(1)
  })
})

describe('who edits the district taxonomy', () => {
  it('community workers may view and test it but not save, roll back or import', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const page = await (await callRoute(loader, makeRequest('/taxonomy', { cookie: worker.cookie }))).json()
    expect(page.canEdit).toBe(false)
    const tested = await callRoute(action, makeRequest('/taxonomy', { cookie: worker.cookie, form: { intent: 'test', text: '夜间施工噪音扰民' } }))
    expect(tested.status).toBe(200)
    const safe = JSON.stringify(withPattern('噪音|扰民'))
    const edits: Record<string, string | string[]>[] = [
      { intent: 'import', json: safe },
      { intent: 'rollback', version: '1' },
      { intent: 'save', nodeId: 'transport', term: ['拥堵'], weight: ['2'], synonyms: [''], exclusions: '' },
    ]
    for (const form of edits) {
      expect((await callRoute(action, makeRequest('/taxonomy', { cookie: worker.cookie, form }))).status).toBe(403)
    }
    expect(db.select().from(taxonomyVersions).all()).toHaveLength(1)
  })

  it('street staff and admins may', async () => {
    for (const [role, unit] of [
      ['street_staff', 'gs-xh'],
      ['admin', null],
    ] as const) {
      const u = await createLoggedInUser(db, role, unit)
      expect((await (await callRoute(loader, makeRequest('/taxonomy', { cookie: u.cookie }))).json()).canEdit).toBe(true)
      const res = await callRoute(
        action,
        makeRequest('/taxonomy', { cookie: u.cookie, form: { intent: 'import', json: JSON.stringify(withPattern('噪音|扰民')) } }),
      )
      expect(res.status).toBe(200)
    }
    expect(db.select().from(taxonomyVersions).all()).toHaveLength(3)
  })
})

describe('anonymous complaint-suggest endpoint', () => {
  // The clock stands still so that no budget refills while the test runs.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('is rate-limited per client address', async () => {
    const ask = (ip: string) =>
      callRoute(suggest.loader, makeRequest(`/resources/complaint-suggest?subject=${encodeURIComponent('夜间施工噪音')}`, { headers: { 'x-teahouse-ip': ip } }))
    const statuses: number[] = []
    for (let i = 0; i < 40; i++) statuses.push((await ask('203.0.113.7')).status)
    expect(statuses.slice(0, 30).every(s => s === 200)).toBe(true)
    expect(statuses.slice(30).every(s => s === 429)).toBe(true)
    // Someone else is not affected.
    expect((await ask('203.0.113.8')).status).toBe(200)
    // The no-JavaScript "check similar" post shares the same budget.
    const check = (ip: string) =>
      callRoute(
        newComplaint.action,
        makeRequest('/complaints/new', { form: { intent: 'check', subject: '夜间施工噪音', body: '每天夜里施工到两点' }, headers: { 'x-teahouse-ip': ip } }),
      )
    expect((await check('203.0.113.7')).status).toBe(429)
    expect((await check('203.0.113.9')).status).toBe(200)
  })
})
