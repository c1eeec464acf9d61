import { createNearDuplicateIndex, hammingHex, minhash, minhashSimilarity, shingles, simhash } from '#nlp/dedupe'
import { hashString, mix32 } from '#nlp/features'

const a = '和平路菜市场门口垃圾堆放好几天没人清运，天气热了发臭，苍蝇很多。'
const a2 = '和平路菜市场门口垃圾堆放好几天没人清运，天气热了发臭，苍蝇很多！！'
const aTrad = '和平路菜市場門口垃圾堆放好幾天沒人清運，天氣熱了發臭，蒼蠅很多。'
const b = '小河小学路口上下学高峰拥堵，接送车辆乱停，希望交警疏导。'

describe('near-duplicates', () => {
  test.each([
    ['punctuation differs', a, a2, true],
    ['traditional copy', a, aTrad, true],
    ['different complaint', a, b, false],
  ])('%s', (_, x, y, dup) => {
    const sim = minhashSimilarity(minhash(x), minhash(y))
    if (dup) expect(sim).toBeGreaterThanOrEqual(0.8)
    else expect(sim).toBeLessThan(0.3)
    const d = hammingHex(simhash(x), simhash(y))
    if (dup) expect(d).toBeLessThanOrEqual(6)
    else expect(d).toBeGreaterThan(12)
  })

  test('index reports the earlier copy', () => {
    const idx = createNearDuplicateIndex()
    expect(idx.add('1', a).duplicateOf).toBeUndefined()
    expect(idx.add('2', b).duplicateOf).toBeUndefined()
    expect(idx.add('3', aTrad)).toMatchObject({ duplicateOf: '1' })
    idx.remove('1')
    expect(idx.add('4', a2).duplicateOf).toBe('3')
    expect(idx.size).toBe(3)
  })

  test.each([[''], ['。。']])('text without shingles %j', t => {
    const idx = createNearDuplicateIndex()
    expect(idx.add('x', t).duplicateOf).toBeUndefined()
    expect(idx.add('y', t).duplicateOf).toBeUndefined()
    expect(simhash(t)).toMatch(/^[0-9a-f]{16}$/)
  })

  test('huge input is truncated, not slow', () => {
    const t0 = performance.now()
    minhash(a.repeat(10_000))
    expect(performance.now() - t0).toBeLessThan(2000)
  })
})

describe('shingles keep exactly Han, a–z and 0–9 code units, up to 800', () => {
  const reference = (t: string) => {
    const kept = t
      .slice(0, 1600)
      .replace(/[^\p{Script=Han}a-z0-9]/gu, '')
      .slice(0, 800)
    if (kept.length < 3) return kept ? [hashString(kept)] : []
    return Array.from({ length: kept.length - 2 }, (_, i) =>
      mix32(Math.imul(Math.imul(kept.charCodeAt(i), 0x9e3779b1) ^ kept.charCodeAt(i + 1), 0x85ebca6b) ^ kept.charCodeAt(i + 2)),
    )
  }
  test.each([
    ['plain text with punctuation', '小区门口的垃圾，三天没人清理！abc 123'],
    ['characters outside the BMP, Han and not', '𠀀𠀁小区😀垃圾\ud800孤'],
    ['Han punctuation marks and iteration marks', '〇々〆〡路口、。《》'],
    ['upper case and full-width are not kept unless normalised', 'ABC小区ＡＢＣ'],
    ['shorter than a shingle', '小区'],
    ['nothing kept', '！？…'],
    ['long text cut at 800 kept units, a pair split at the edge', '小'.repeat(799) + '𠀀' + '区'.repeat(50)],
    ['long text cut at 1600 before dropping', '，'.repeat(1590) + '小区垃圾清理'],
  ])('%s', (_, text) => {
    expect(Array.from(shingles(text, true))).toEqual(reference(text))
  })
})
