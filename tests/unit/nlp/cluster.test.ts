import { createTopicEngine, heatOf, DEFAULT_HEAT_WEIGHTS, suggestTopics, topicTitle } from '#nlp/index'
import { complaints, smallTaxonomy } from './helpers'

const taxonomy = smallTaxonomy()
const burstIds = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9']

describe('suggested topics on the 长征桥 fixture', () => {
  const topics = suggestTopics(complaints(), { taxonomy })
  const top = topics[0]

  test('the school-crossing burst is the hottest topic, whole and alone', () => {
    expect(top.complaintIds.sort()).toEqual(burstIds)
    expect(top.rank).toBe(1)
    expect(top.category).toBe('交通运输')
    expect(top.path).toEqual(['交通运输', '道路拥堵'])
    expect(top.place).toBe('小河小学路口')
    expect(top.community).toBe('长征桥社区')
  })

  test('title, summary, keywords and stakeholders', () => {
    expect(top.title).toMatch(/^关于小河小学路口.*的议题$/)
    expect(top.summary).toContain('9条诉求')
    expect(top.keywords).toContain('拥堵')
    expect(top.stakeholders).toEqual(expect.arrayContaining(['traffic_police', 'school', 'community_committee']))
    expect(top.representativeIds.length).toBeGreaterThan(0)
    expect(top.from < top.to).toBe(true)
  })

  test('heat is explainable: components add up to the total', () => {
    const h = top.heatBreakdown
    const sum =
      h.complaints.contribution +
      h.distinctResidents.contribution +
      h.supporters.contribution +
      h.recency.contribution +
      h.burst.contribution +
      h.channels.contribution +
      h.span.contribution
    expect(Math.abs(sum - h.total)).toBeLessThan(0.05)
    expect(h.complaints.value).toBe(9)
    expect(h.distinctResidents.value).toBe(8)
    expect(h.supporters.value).toBe(22)
    expect(h.channels.value).toBe(4)
    expect(top.heat).toBe(h.total)
  })

  test('the noise cluster is found; the same-author duplicate counts once', () => {
    const noise = topics.find(t => t.complaintIds.includes('n1'))
    expect(noise?.complaintIds.sort()).toEqual(['n1', 'n2', 'n3'])
    expect(noise?.category).toBe('环境保护')
    const dup = topics.find(t => t.complaintIds.includes('d1'))
    expect(dup?.complaintIds.sort()).toEqual(['d1', 'd2'])
    expect(dup?.heatBreakdown.complaints.value).toBe(1)
    expect(dup?.heatBreakdown.distinctResidents.value).toBe(1)
  })

  test('single complaints do not become topics', () => {
    for (const t of topics) expect(t.complaintIds.length).toBeGreaterThanOrEqual(2)
    expect(topics.flatMap(t => t.complaintIds)).not.toContain('s1')
  })
})

describe('topic engine', () => {
  test('incremental: adding one complaint updates its cluster only', () => {
    const engine = createTopicEngine({ taxonomy })
    const cs = complaints()
    for (const c of cs.filter(c => c.id !== 'x9')) engine.add(c)
    const before = engine.topics()
    const crossing = before.find(t => t.complaintIds.includes('x1'))!
    const others = before.filter(t => t !== crossing).map(t => JSON.stringify(t.complaintIds))
    const r = engine.add(cs.find(c => c.id === 'x9')!)
    expect(r).toEqual({ clusterId: crossing.clusterId, changed: true })
    const after = engine.topics()
    expect(after.find(t => t.clusterId === crossing.clusterId)!.complaintIds).toContain('x9')
    expect(after.filter(t => t.clusterId !== crossing.clusterId).map(t => JSON.stringify(t.complaintIds))).toEqual(others)
  })

  test('remove takes a complaint out; an emptied cluster disappears', () => {
    const engine = createTopicEngine({ taxonomy })
    for (const c of complaints()) engine.add(c)
    expect(engine.remove('n1')).toBe(true)
    expect(engine.remove('n1')).toBe(false)
    expect(
      engine
        .topics()
        .find(t => t.complaintIds.includes('n2'))
        ?.complaintIds.sort(),
    ).toEqual(['n2', 'n3'])
    engine.remove('n2')
    expect(engine.topics().find(t => t.complaintIds.includes('n3'))).toBeUndefined()
    expect(engine.size).toBe(complaints().length - 2)
  })

  test.each([
    [undefined, 1],
    [60, 1],
    [10, 3],
  ])('window of %s days splits the month-long burst into %i topic(s)', (windowDays, n) => {
    const burst = complaints().filter(c => burstIds.includes(c.id))
    const topics = suggestTopics(burst, { taxonomy, windowDays, minSize: 1 })
    expect(topics.length).toBe(n)
  })

  test('minSize is configurable', () => {
    expect(suggestTopics(complaints(), { taxonomy, minSize: 1 }).flatMap(t => t.complaintIds)).toContain('s1')
  })

  test('traditional and simplified copies land together', () => {
    const topics = suggestTopics(
      [
        { id: 'a', subject: '翠苑小区物业不修电梯', text: '翠苑小区电梯坏了一个月，物业不修。', time: '2026-01-01T08:00:00' },
        { id: 'b', subject: '翠苑小區物業不修電梯', text: '翠苑小區電梯壞了一個月，物業不修。', time: '2026-01-02T08:00:00' },
      ],
      { taxonomy },
    )
    expect(topics).toHaveLength(1)
    expect(topics[0].place).toBe('翠苑小区')
  })

  test.each([[[]], [[{ id: 'e', text: '', time: '2026-01-01' }]]])('empty input %#', input => {
    expect(suggestTopics(input, { taxonomy })).toEqual([])
  })

  test('invalid time is rejected', () => {
    expect(() => createTopicEngine({ taxonomy }).add({ id: '1', text: 'x', time: 'yesterday' })).toThrow(/invalid time/)
  })

  test('many complaints: bounded work per add', () => {
    const engine = createTopicEngine({ taxonomy })
    const t0 = performance.now()
    for (let i = 0; i < 5000; i++)
      engine.add({
        id: String(i),
        subject: `第${i % 50}号路段路灯坏了`,
        text: `编号${i}的路灯不亮，晚上很黑`,
        time: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      })
    expect(engine.size).toBe(5000)
    expect(performance.now() - t0).toBeLessThan(15_000)
  })
})

describe('heat and titles', () => {
  test.each([
    ['关于', '小河小学路口上下学高峰拥堵严重！', '小河小学路口', ['拥堵'], '关于小河小学路口上下学高峰拥堵严重的议题'],
    ['drops openings and town', '投诉A市A3区丽发新城小区附近搅拌站噪音扰民问题', '丽发新城小区', ['噪音'], '关于丽发新城小区附近搅拌站噪音扰民的议题'],
    ['adds the place when missing', '上下学高峰拥堵', '小河小学路口', ['拥堵'], '关于小河小学路口上下学高峰拥堵的议题'],
    ['falls back to keywords', '', '阳光花园', ['噪音', '扰民'], '关于阳光花园噪音、扰民问题的议题'],
    ['drops a trailing 的咨询', '关于城北绕城路绿化带建设的咨询', '城北绕城路', ['绿化'], '关于城北绕城路绿化带建设的议题'],
    ['drops a trailing 的意见', '对和睦菜场早市占道经营的意见。', '和睦菜场', ['占道'], '关于和睦菜场早市占道经营的议题'],
  ])('title: %s', (_, subject, place, keywords, expected) => {
    expect(topicTitle(subject, place, keywords)).toBe(expected)
  })

  test('recency decays and likes count', () => {
    const member = (id: string, time: number, likes = 0) => ({
      id,
      time,
      likes,
      subject: '',
      excerpt: '',
      category: '',
      path: [],
      keywords: [],
      features: new Uint32Array(),
      norm: 0,
      sameAuthorDuplicate: false,
      user: id,
    })
    const day = 86_400_000
    const c = { id: 'c', block: 'b', members: [member('1', 0), member('2', day, 10)], firstTime: 0, lastTime: day }
    const fresh = heatOf(c, { now: day, baselinePerDay: 1, weights: DEFAULT_HEAT_WEIGHTS })
    const old = heatOf(c, { now: 90 * day, baselinePerDay: 1, weights: DEFAULT_HEAT_WEIGHTS })
    expect(fresh.recency.value).toBe(1)
    expect(old.recency.value).toBeLessThan(0.1)
    expect(fresh.supporters.value).toBe(10)
    expect(fresh.total).toBeGreaterThan(old.total)
  })

  test('six residents raising a matter over five months outrank six letters of one afternoon, and one resident writing six times', () => {
    const member = (id: string, time: number, user: string) => ({
      id,
      time,
      likes: 0,
      subject: '',
      excerpt: '',
      category: '',
      path: [],
      keywords: [],
      features: new Uint32Array(),
      norm: 0,
      sameAuthorDuplicate: false,
      user,
    })
    const day = 86_400_000
    const cluster = (id: string, times: number[], user: (i: number) => string) => ({
      id,
      block: 'b',
      members: times.map((t, i) => member(`${id}${i}`, t, user(i))),
      firstTime: Math.min(...times),
      lastTime: Math.max(...times),
    })
    const ctx = { now: 160 * day, baselinePerDay: 2, weights: DEFAULT_HEAT_WEIGHTS }
    const months = heatOf(
      cluster(
        'm',
        [0, 30, 61, 92, 120, 150].map(d => d * day),
        i => `m${i}`,
      ),
      ctx,
    )
    const afternoon = heatOf(
      cluster(
        'a',
        [0, 1, 2, 3, 4, 5].map(h => 150 * day + h * 3_600_000),
        i => `a${i}`,
      ),
      ctx,
    )
    const oneResident = heatOf(
      cluster(
        'o',
        [0, 30, 61, 92, 120, 150].map(d => d * day),
        () => 'same',
      ),
      ctx,
    )
    expect(months.span.value).toBe(150)
    expect(months.total).toBeGreaterThan(afternoon.total)
    expect(months.total).toBeGreaterThan(oneResident.total)
  })
})

describe('place variants', () => {
  test('a compound written with its section links both names', () => {
    const topics = suggestTopics(
      [
        { id: '1', subject: '伊景园滨河苑捆绑销售车位', text: '开发商捆绑销售车位，不买车位不给交房。', time: '2026-02-01T09:00:00' },
        { id: '2', subject: '滨河苑捆绑销售车位', text: '滨河苑开发商要求业主购买车位才能办理交房。', time: '2026-02-03T09:00:00' },
        { id: '3', subject: '伊景园车位捆绑销售', text: '伊景园强制业主买车位，捆绑销售。', time: '2026-02-05T09:00:00' },
      ],
      { taxonomy },
    )
    expect(topics).toHaveLength(1)
    expect(topics[0].complaintIds.sort()).toEqual(['1', '2', '3'])
  })
})

describe('a topic about no named place', () => {
  const letters = [
    {
      id: 'v1',
      subject: '垃圾分类以后厨余垃圾几点收',
      text: '请问垃圾分类以后厨余垃圾每天几点收？',
      time: '2026-11-25T09:00:00+08:00',
      community: 'gs-czq',
      user: 'a',
    },
    {
      id: 'v2',
      subject: '厨余垃圾几点收运',
      text: '垃圾分类后厨余垃圾几点来收？老人早上想扔。',
      time: '2026-11-28T09:00:00+08:00',
      community: 'gs-czq',
      user: 'b',
    },
  ]

  test('is summarised with the community’s name, not the key the engine groups it by', () => {
    const engine = createTopicEngine({ taxonomy, communityName: key => ({ 'gs-czq': '长征桥社区' })[key] })
    for (const c of letters) engine.add(c)
    const [topic] = engine.topics()
    expect(topic!.complaintIds.sort()).toEqual(['v1', 'v2'])
    expect(topic!.summary).toContain('集中反映长征桥社区的')
    expect(topic!.summary).not.toContain('gs-czq')
    expect(topic!.community).toBe('gs-czq')
  })

  test('from several communities, names none of them', () => {
    const engine = createTopicEngine({ taxonomy, communityName: key => ({ 'gs-czq': '长征桥社区', 'gs-hm': '和睦社区' })[key] })
    for (const c of [...letters, { ...letters[1]!, id: 'v3', user: 'c', community: 'gs-hm', time: '2026-11-28T10:00:00+08:00' }]) engine.add(c)
    const [topic] = engine.topics()
    expect(topic!.complaintIds.sort()).toEqual(['v1', 'v2', 'v3'])
    expect(topic!.summary).not.toMatch(/长征桥社区|和睦社区|gs-/)
    expect(topic!.summary).toMatch(/集中反映[^的]*问题/)
  })

  test('without names, keeps the key as written', () => {
    const engine = createTopicEngine({ taxonomy })
    for (const c of letters) engine.add(c)
    expect(engine.topics()[0]!.summary).toContain('集中反映gs-czq的')
  })
})
