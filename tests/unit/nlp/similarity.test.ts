import { describe, expect, it, test } from 'vitest'
import { forEachBigram } from '#nlp/features'
import { DocumentFrequencies, FeatureProbe, idfNorm, textFeatures, weightedCosine } from '#nlp/similarity'

const TEXTS = [
  ['星光花园噪音扰民', '星光花园附近工地夜间施工噪音很大，影响居民休息。'],
  ['星光花园夜间施工噪音', '晚上十一点以后星光花园旁边的工地还在施工，噪音扰民。'],
  ['东门农贸市场占道经营', '东门农贸市场门口摊贩占道经营，交通拥堵。'],
  ['人民路路灯不亮', '人民路一段路灯坏了一个月，晚上出行不安全。'],
  ['', '小区电梯经常故障，物业维修不及时。'],
]

describe('FeatureProbe', () => {
  it('gives exactly the weighted cosine of the sorted-merge comparison', () => {
    const df = new DocumentFrequencies()
    const features = TEXTS.map(([s, t]) => textFeatures(s!, t!))
    for (const f of features) df.addDoc(f)
    const probe = new FeatureProbe()
    for (const a of features) {
      probe.load(a, idfNorm(a, df))
      for (const b of features) expect(probe.cosine(b, df, idfNorm(b, df))).toBe(weightedCosine(a, b, df))
    }
    // The two complaints about one site's night work are similar; about different things, not.
    probe.load(features[0]!, idfNorm(features[0]!, df))
    expect(probe.cosine(features[1]!, df, idfNorm(features[1]!, df))).toBeGreaterThan(0.2)
    expect(probe.cosine(features[3]!, df, idfNorm(features[3]!, df))).toBeLessThan(0.1)
  })

  it('holds sets larger than its initial table and compares empty sets as 0', () => {
    const df = new DocumentFrequencies()
    const big = Uint32Array.from({ length: 300 }, (_, i) => i * 7919 + 1)
    const half = big.filter((_, i) => i % 2 === 0)
    df.addDoc(big)
    const probe = new FeatureProbe()
    probe.load(big, idfNorm(big, df))
    expect(probe.cosine(half, df, idfNorm(half, df))).toBe(weightedCosine(big, half, df))
    expect(probe.cosine(new Uint32Array(0), df, 0)).toBe(0)
  })
})

describe('textFeatures: the first distinct bigrams up to the cap, sorted', () => {
  const reference = (s: string, t: string, bodyChars: number, cap: number) => {
    const set = new Set<number>()
    forEachBigram(s, 0, h => set.size < cap && set.add(h))
    forEachBigram(t, 0, h => set.size < cap && set.add(h), bodyChars)
    return Array.from(Uint32Array.from(set).sort())
  }
  test.each([
    ['short subject and body', '小区垃圾', '门口垃圾三天没人清理，垃圾发臭', 160, 192],
    ['repeated bigrams counted once', '垃圾垃圾垃圾', '垃圾垃圾', 160, 192],
    ['cap reached inside the subject', '一二三四五六七八九十', '百千万', 160, 4],
    ['cap reached inside the body', '小区', '甲乙丙丁戊己庚辛壬癸子丑寅卯', 160, 8],
    ['a large cap', '小区', '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥'.repeat(40), 2000, 600],
    ['empty', '', '', 160, 192],
  ])('%s', (_, s, t, bodyChars, cap) => {
    expect(Array.from(textFeatures(s, t, bodyChars, cap))).toEqual(reference(s, t, bodyChars, cap))
  })
})
