import { execFileSync } from 'node:child_process'
import highsLoader from 'highs'
import {
  InfeasibleError,
  ValidationError,
  checkFeasibility,
  checkPanel,
  explainMember,
  nextAlternate,
  parseRequest,
  reasonsFor,
  selectPanel,
  seededRandom,
  type PanelRequestInput,
} from '../../../panel/index'
import { syntheticRequest } from '../../../panel/synthetic'

/** Small random pool with 3 quota attributes and 2 role seats, scaled to `seats`. */
function randomRequest(seed: string, N = 120, seats = 10): PanelRequestInput {
  const rnd = seededRandom(seed)
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]
  const pool = Array.from({ length: N }, (_, i) => ({
    id: `p${i}`,
    community: pick(['长征桥社区', '大关社区', '和睦社区']),
    // The first four always hold a role, so small pools can fill both role seats.
    roles: i < 4 ? [i % 2 ? 'school' : 'police'] : rnd() < 0.08 ? [pick(['police', 'school'])] : [],
    interests: rnd() < 0.3 ? ['交通运输'] : [],
    expertise: [],
    attributes: { gender: pick(['女', '男']), age: pick(['young', 'mid', 'old']), tenure: rnd() < 0.3 ? 'renter' : 'owner' },
    timesServed: 0,
  }))
  return {
    seats,
    seed,
    topic: { category: '交通运输', keywords: ['拥堵'], place: '长征桥社区', community: '长征桥社区' },
    roleSeats: { police: 1, school: 1 },
    quotas: {
      gender: { 女: [Math.floor(seats / 2), Math.ceil(seats / 2)], 男: [Math.floor(seats / 2) - 1, Math.ceil(seats / 2) + 1] },
      age: { young: [2, 5], old: [2, 4] },
      tenure: { renter: [3, 6] },
    },
    pool,
  }
}

/** Exact maximin by enumerating every feasible panel of a tiny pool and solving the LP. */
async function exactMaximin(req: PanelRequestInput): Promise<number> {
  const r = parseRequest(req)
  const n = r.pool.length
  const panels: number[][] = []
  const rec = (start: number, cur: number[]) => {
    if (cur.length === r.seats) {
      if (
        checkPanel(
          r,
          cur.map(i => r.pool[i].id),
        ).length === 0
      )
        panels.push(cur.slice())
      return
    }
    for (let i = start; i < n; i++) rec(i + 1, [...cur, i])
  }
  rec(0, [])
  const covered = new Set(panels.flat())
  const lines = ['Maximize', ' obj: t', 'Subject To']
  for (let i = 0; i < n; i++) {
    if (!covered.has(i)) continue
    const terms = panels.map((p, j) => (p.includes(i) ? `l${j}` : '')).filter(Boolean)
    lines.push(` m${i}: ${terms.join(' + ')} - t >= 0`)
  }
  lines.push(` sum: ${panels.map((_, j) => `l${j}`).join(' + ')} = 1`, 'End')
  const highs = await highsLoader()
  const sol = highs.solve(lines.join('\n'), { output_flag: false } as never)
  return sol.ObjectiveValue
}

describe('panel selection: constraints hold for many seeds (property loop)', () => {
  const cases = Array.from({ length: 12 }, (_, i) => ({ pool: `pool-${i % 4}`, draw: `draw-${i}` }))
  it.each(cases)('pool $pool, seed $draw', async ({ pool, draw }) => {
    const req = { ...randomRequest(pool), seed: draw }
    const res = await selectPanel(req)
    expect(
      checkPanel(
        req,
        res.panel.map(p => p.id),
      ),
    ).toEqual([])
    expect(res.panel).toHaveLength(10)
    const sum = Object.values(res.probabilities).reduce((a, b) => a + b, 0)
    expect(sum).toBeCloseTo(10, 9)
    // Every role seat is labelled with its role and held by a member with that role.
    const byId = new Map(parseRequest(req).pool.map(m => [m.id, m]))
    const roleSeats = res.panel.filter(s => s.seat === 'police' || s.seat === 'school')
    expect(roleSeats).toHaveLength(2)
    for (const s of roleSeats) expect(byId.get(s.id)!.roles).toContain(s.seat)
    expect(res.panel.filter(s => s.seat === 'police')).toHaveLength(1)
    expect(res.panel.filter(s => s.seat === 'school')).toHaveLength(1)
    // Alternates are off-panel and distinct.
    const onPanel = new Set(res.panel.map(p => p.id))
    expect(res.alternates.every(a => !onPanel.has(a))).toBe(true)
    expect(new Set(res.alternates).size).toBe(res.alternates.length)
  })

  it('holds on the 1,000-member benchmark pool (6 quota attributes, 5 role seats)', async () => {
    for (const seed of ['a', 'b', 'c']) {
      const req = { ...syntheticRequest(1000), seed }
      const res = await selectPanel(req)
      expect(
        checkPanel(
          req,
          res.panel.map(p => p.id),
        ),
      ).toEqual([])
      expect(res.diagnostics.fairnessRatio).toBeGreaterThanOrEqual(0.95)
    }
  })
})

describe('seed and reproducibility', () => {
  it('same request and seed give the same panel; probabilities do not depend on the seed', async () => {
    const req = randomRequest('pool-r')
    const a = await selectPanel(req)
    const b = await selectPanel(JSON.parse(JSON.stringify(req)))
    expect(b.panel).toEqual(a.panel)
    expect(b.alternates).toEqual(a.alternates)
    const others = await Promise.all(['x1', 'x2', 'x3', 'x4'].map(seed => selectPanel({ ...req, seed })))
    expect(others.some(o => JSON.stringify(o.panel) !== JSON.stringify(a.panel))).toBe(true)
    for (const o of others) expect(o.probabilities).toEqual(a.probabilities)
  })

  it('pool order does not change the draw', async () => {
    const req = randomRequest('pool-o')
    const rev = { ...req, pool: [...(req.pool as unknown[])].reverse() } as PanelRequestInput
    const a = await selectPanel(req)
    const b = await selectPanel(rev)
    expect(new Set(b.panel.map(p => p.id))).toEqual(new Set(a.panel.map(p => p.id)))
  })
})

describe('fairness against the exact maximin optimum (tiny pools, all panels enumerated)', () => {
  const tiny = (quotas: PanelRequestInput['quotas'], roleSeats: Record<string, number>, seats: number): PanelRequestInput => ({
    seats,
    seed: 's',
    topic: { category: '交通运输', keywords: [] },
    roleSeats,
    quotas,
    pool: [
      { id: 1, roles: ['police'], attributes: { g: 'f', a: 'old' } },
      { id: 2, roles: [], attributes: { g: 'f', a: 'old' } },
      { id: 3, roles: [], attributes: { g: 'f', a: 'young' } },
      { id: 4, roles: ['school'], attributes: { g: 'm', a: 'old' } },
      { id: 5, roles: [], attributes: { g: 'm', a: 'young' } },
      { id: 6, roles: [], attributes: { g: 'm', a: 'young' } },
      { id: 7, roles: ['police', 'school'], attributes: { g: 'm', a: 'young' } },
      { id: 8, roles: [], attributes: { g: 'm', a: 'old' } },
      { id: 9, roles: [], attributes: { g: 'm', a: 'young' } },
    ],
  })
  it.each([
    { name: 'no constraints', req: tiny({}, {}, 4) },
    { name: 'gender parity', req: tiny({ g: { f: [2, 2], m: [2, 2] } }, {}, 4) },
    { name: 'roles + quotas', req: tiny({ g: { f: [2, 3] }, a: { old: [1, 2] } }, { police: 1, school: 1 }, 4) },
    { name: 'tight', req: tiny({ g: { f: [3, 3] }, a: { young: [2, 2] } }, { school: 1 }, 5) },
  ])('$name', async ({ req }) => {
    const exact = await exactMaximin(req)
    const res = await selectPanel(req)
    const min = Math.min(...Object.values(res.probabilities).filter(p => p > 0))
    expect(res.diagnostics.maximinUpperBound).toBeGreaterThanOrEqual(exact - 1e-7)
    expect(min).toBeGreaterThanOrEqual(0.95 * exact - 1e-9)
    expect(Object.values(res.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(req.seats, 9)
  })
})

describe('infeasible requests name the conflicting constraints', () => {
  const base = (over: Partial<PanelRequestInput>): PanelRequestInput => ({ ...randomRequest('pool-i', 60, 10), ...over })
  const allMalePolice = (() => {
    const r = base({})
    const pool = (r.pool as { roles: string[]; attributes: Record<string, string> }[]).map(m =>
      m.roles.includes('police') ? { ...m, attributes: { ...m.attributes, gender: '男' } } : m,
    )
    return { ...r, pool, quotas: { gender: { 男: [0, 0] } } } as unknown as PanelRequestInput
  })()
  const oldWomen = (() => {
    const r = base({ roleSeats: {} })
    const pool = (r.pool as { attributes: Record<string, string> }[]).map(m => ({
      ...m,
      attributes: { ...m.attributes, age: m.attributes.gender === '女' ? 'old' : m.attributes.age },
    }))
    return { ...r, pool, quotas: { gender: { 女: [4, 10] }, age: { old: [0, 2] } } } as unknown as PanelRequestInput
  })()
  it.each([
    {
      name: 'minima exceed the seats',
      req: base({ quotas: { gender: { 女: [6, 10], 男: [5, 10] } } }),
      conflicts: ['quota gender=女 min 6', 'quota gender=男 min 5', 'seats=10'],
    },
    { name: 'missing role holders', req: base({ roleSeats: { firefighter: 1 } }), conflicts: ['roleSeats firefighter>=1'] },
    { name: 'pool smaller than seats', req: base({ seats: 61 }), conflicts: ['seats=61'] },
    {
      name: 'role vs quota (found by the solver)',
      req: allMalePolice,
      conflicts: ['quota gender=男 max 0', 'roleSeats police>=1'],
    },
    {
      name: 'two attributes (found by the solver)',
      req: oldWomen,
      conflicts: ['quota age=old max 2', 'quota gender=女 min 4'],
    },
  ])('$name', async ({ req, conflicts }) => {
    const f = await checkFeasibility(req)
    expect(f.feasible).toBe(false)
    expect(f.feasible ? [] : [...f.conflicts].sort()).toEqual([...conflicts].sort())
    const err = await selectPanel(req).catch(e => e)
    expect(err).toBeInstanceOf(InfeasibleError)
    expect([...(err as InfeasibleError).conflicts].sort()).toEqual([...conflicts].sort())
    expect((err as InfeasibleError).message).toContain(conflicts[0])
  })
  it('a feasible request is reported feasible', async () => {
    expect(await checkFeasibility(randomRequest('pool-f'))).toEqual({ feasible: true })
  })
})

describe('alternates', () => {
  it.each(['a1', 'a2', 'a3', 'a4'])('nextAlternate keeps every constraint (seed %s)', async seed => {
    const req = { ...randomRequest('pool-alt', 150, 10), seed, alternates: 8 }
    const res = await selectPanel(req)
    expect(res.alternates).toHaveLength(8)
    let replaced = 0
    for (const p of res.panel) {
      const alt = nextAlternate(res, req, p.id)
      if (alt === null) continue
      replaced++
      const ids = res.panel.map(q => (q.id === p.id ? alt : q.id))
      expect(checkPanel(req, ids)).toEqual([])
    }
    // A role seat gets an alternate whenever some off-panel member could replace it.
    const pool = parseRequest(req).pool
    for (const p of res.panel.filter(s => s.seat === 'police' || s.seat === 'school')) {
      const possible = pool.some(
        m =>
          !res.panel.some(q => q.id === m.id) &&
          checkPanel(
            req,
            res.panel.map(q => (q.id === p.id ? m.id : q.id)),
          ).length === 0,
      )
      expect(nextAlternate(res, req, p.id) !== null, `seat ${p.seat}`).toBe(possible)
    }
    expect(replaced).toBeGreaterThan(res.panel.length / 2)
  })
  it('skips excluded alternates and rejects unknown members', async () => {
    const req = { ...randomRequest('pool-alt2', 150, 10), alternates: 6 }
    const res = await selectPanel(req)
    const who = res.panel.find(p => p.seat !== 'police' && p.seat !== 'school')!.id
    const first = nextAlternate(res, req, who)
    expect(first).not.toBeNull()
    expect(nextAlternate(res, req, who, [first!])).not.toBe(first)
    expect(() => nextAlternate(res, req, 'nobody')).toThrow(/not on the panel/)
  })
})

describe('rotation and unselectable members', () => {
  it('recent service lowers the probability, never to zero', async () => {
    const req = randomRequest('pool-rot', 80, 8) as PanelRequestInput & { pool: Record<string, unknown>[] }
    const twin = { ...req.pool[0], id: 'recent', lastServedAt: '2025-05-01T00:00:00Z', timesServed: 1 }
    const twin2 = { ...req.pool[0], id: 'fresh' }
    const r = await selectPanel({ ...req, now: '2025-06-01T00:00:00Z', pool: [...req.pool, twin, twin2] } as PanelRequestInput)
    expect(r.probabilities.recent).toBeGreaterThan(0)
    expect(r.probabilities.recent).toBeLessThan(r.probabilities.fresh)
    expect(r.now).toBe('2025-06-01T00:00:00.000Z')
  })
  it('members excluded by a max-0 quota get probability 0; the rest stay fair', async () => {
    const req: PanelRequestInput = { ...randomRequest('pool-u', 80, 8), quotas: { tenure: { renter: [0, 0] } } }
    const r = await selectPanel(req)
    const pool = parseRequest(req).pool
    const renters = pool.filter(m => m.attributes.tenure === 'renter')
    expect(renters.length).toBeGreaterThan(0)
    for (const m of renters) expect(r.probabilities[String(m.id)]).toBe(0)
    expect(r.diagnostics.unselectable).toBe(pool.filter(m => m.attributes.tenure === 'renter').length)
    expect(r.diagnostics.fairnessRatio).toBeGreaterThanOrEqual(0.95)
  })
})

describe('reasons', () => {
  const member = {
    id: 1,
    community: '长征桥社区',
    roles: ['school'],
    interests: ['交通运输', '养老'],
    expertise: ['交通规划'],
    attributes: {},
    timesServed: 0,
  }
  const topic = { category: '交通运输', keywords: ['拥堵'], place: '长征桥社区', community: '长征桥社区' }
  it.each([
    { seat: 'school', lang: 'zh' as const, expected: '学校代表席位；居住在长征桥社区；关注交通运输；专长：交通规划' },
    { seat: 'school', lang: 'en' as const, expected: 'school representative seat; lives in 长征桥社区; interested in 交通运输; expertise: 交通规划' },
    { seat: 'general', lang: 'zh' as const, expected: '普通居民席位（抽签）；居住在长征桥社区；关注交通运输；专长：交通规划；相关身份：学校代表' },
  ])('$seat / $lang', ({ seat, lang, expected }) => {
    expect(explainMember(member, topic, seat, lang, { school: 1 })).toBe(expected)
  })
  it('gives the same reasons as data, for the caller to word in its own language', () => {
    expect(reasonsFor(member, topic, 'general', { school: 1 })).toEqual([
      { kind: 'seat', seat: 'general' },
      { kind: 'lives', community: '长征桥社区', nearPlace: false },
      { kind: 'interests', items: ['交通运输'] },
      { kind: 'expertise', items: ['交通规划'] },
      { kind: 'roles', roles: ['school'] },
    ])
    expect(
      reasonsFor({ ...member, community: '和睦社区', interests: [], expertise: [] }, { ...topic, place: '和睦社区北门' }, 'school', { school: 1 }),
    ).toEqual([
      { kind: 'seat', seat: 'school' },
      { kind: 'lives', community: '和睦社区', nearPlace: true },
    ])
  })
})

describe('validation names the field', () => {
  const ok = randomRequest('pool-v', 20, 4)
  it.each([
    { name: 'missing seats', req: { ...ok, seats: undefined }, field: 'seats' },
    { name: 'seats not a number', req: { ...ok, seats: 'ten' }, field: 'seats' },
    { name: 'missing seed', req: { ...ok, seed: undefined }, field: 'seed' },
    { name: 'missing topic category', req: { ...ok, topic: {} }, field: 'topic.category' },
    { name: 'bad quota pair', req: { ...ok, quotas: { gender: { 女: [1] } } }, field: 'quotas.gender.女' },
    { name: 'member without id', req: { ...ok, pool: [{ roles: [] }] }, field: 'pool.0.id' },
    { name: 'duplicate ids', req: { ...ok, pool: [{ id: 'a' }, { id: 'a' }] }, field: 'pool.1.id' },
    { name: 'empty pool', req: { ...ok, pool: [] }, field: 'pool' },
    { name: 'bad language', req: { ...ok, language: 'fr' }, field: 'language' },
  ])('$name', async ({ req, field }) => {
    const err = await selectPanel(req as never).catch(e => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as ValidationError).issues.some(i => i.startsWith(`${field}:`))).toBe(true)
  })
})

describe('command line', () => {
  const run = (input: string) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, ['scripts/cli.mjs', 'panel', 'select'], { input, stdio: 'pipe' }).toString() }
    } catch (e) {
      const x = e as { status: number; stdout: Buffer; stderr: Buffer }
      return { code: x.status, out: x.stdout.toString(), err: x.stderr.toString() }
    }
  }
  it('prints only JSON and exits 0 on success', () => {
    const r = run(JSON.stringify(randomRequest('pool-cli', 40, 6)))
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.panel).toHaveLength(6)
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['panel', 'alternates', 'probabilities', 'seed', 'algorithm']))
  })
  it('exits non-zero with conflicts when infeasible, and on bad JSON', () => {
    const bad = run(JSON.stringify({ ...randomRequest('pool-cli', 40, 6), roleSeats: { mayor: 2 } }))
    expect(bad.code).toBe(2)
    expect(JSON.parse(bad.out).conflicts).toEqual(['roleSeats mayor>=2'])
    expect(bad.err).toContain('roleSeats mayor>=2')
    const junk = run('{not json')
    expect(junk.code).toBe(1)
    expect(JSON.parse(junk.out).error).toMatch(/not valid JSON/)
  })
})
