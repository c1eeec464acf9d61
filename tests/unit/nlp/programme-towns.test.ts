import { describe, expect, it } from 'vitest'
import { areaOf, areasApart, createTopicEngine, defaultTaxonomy, type ComplaintInput } from '#nlp/index'

/** One programme's name asked about in several towns. All text is invented. */
const DAY = 86_400_000
const T0 = Date.UTC(2024, 2, 4)
const at = (d: number) => new Date(T0 + d * DAY + 9 * 3_600_000).toISOString()
const letter = (id: string, day: number, subject: string, text: string): ComplaintInput => ({ id, subject, text, time: at(day), user: `u-${id}` })

function clustersOf(rows: ComplaintInput[]) {
  const engine = createTopicEngine({ taxonomy: defaultTaxonomy() })
  for (const r of rows) engine.add(r)
  return (ids: string[]) => new Set(ids.map(id => engine.clusterOf(id))).size
}

describe('the town a subject names', () => {
  it.each([
    ['咨询B市茶油种植扶持政策', 'B市'],
    ['投诉J10 县华邦小区物业锁电梯', 'J10县'],
    ['A7县星沙东一路夜宵摊扰民', 'A7县'],
    ['长株潭城铁上下班时间停运', undefined],
    ['小区门口超市占道经营', undefined],
  ])('%s → %s', (subject, area) => {
    expect(areaOf(subject)).toBe(area)
  })

  it.each([
    ['B市', 'J9县', true],
    ['A市', 'C市', true],
    ['A7县', 'A5区', true],
    ['A市', 'A7县', false],
    ['A7县', 'A7县', false],
    ['', 'B市', false],
  ])('%s and %s apart: %s', (a, b, apart) => {
    expect(areasApart(a, b)).toBe(apart)
  })
})

describe('one programme name in two towns is two matters', () => {
  const rows = [
    letter('b1', 0, '咨询B市茶油种植扶持政策', '请问B市茶油种植扶持政策怎么申请？'),
    letter('j1', 20, '咨询J9县茶油种植扶持政策', '想了解J9县茶油种植扶持政策的申报条件。'),
    letter('b2', 35, 'B市茶油种植扶持政策何时兑现', '去年申报的茶油种植扶持政策至今没有兑现。'),
    letter('j2', 50, 'J9县茶油种植扶持政策申报材料', 'J9县茶油种植扶持政策需要准备哪些材料？'),
  ]
  const count = clustersOf(rows)

  it('the letters of B市 and of J9县 never share a cluster', () => {
    expect(count(['b1', 'j1'])).toBe(2)
    expect(count(['b2', 'j2'])).toBe(2)
  })

  it('each town keeps its letters together', () => {
    expect(count(['b1', 'b2'])).toBe(1)
    expect(count(['j1', 'j2'])).toBe(1)
  })

  it('a city and one of its counties may hold one matter', () => {
    const sameCity = clustersOf([
      letter('a1', 0, '咨询A市茶油种植扶持政策', '请问A市茶油种植扶持政策怎么申请？'),
      letter('a2', 10, '咨询A7县茶油种植扶持政策', '我在A7县，想了解茶油种植扶持政策。'),
      letter('a3', 20, 'A市茶油种植扶持政策何时兑现', '申报的茶油种植扶持政策至今没有兑现。'),
    ])
    expect(sameCity(['a1', 'a2', 'a3'])).toBe(1)
  })
})
