import { createNearDuplicateIndex, hammingHex, minhash, minhashSimilarity, simhash } from '#nlp/dedupe'

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

  test.each([[''], ['。。']])('text without shingles %j', (t) => {
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
