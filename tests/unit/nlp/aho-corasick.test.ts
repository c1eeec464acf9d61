import { AhoCorasick } from '#nlp/aho-corasick'

const hits = (patterns: string[], text: string) =>
  new AhoCorasick(patterns)
    .search(text)
    .map(h => `${patterns[h.pattern]}@${h.start}-${h.end}`)
    .sort()

describe('AhoCorasick', () => {
  test.each([
    ['classic overlapping', ['he', 'she', 'his', 'hers'], 'ushers', ['he@2-4', 'hers@2-6', 'she@1-4']],
    ['Chinese nested keywords', ['垃圾', '垃圾分类', '分类'], '推进垃圾分类', ['分类@4-6', '垃圾@2-4', '垃圾分类@2-6']],
    ['overlapping across a boundary', ['拥堵', '堵车'], '拥堵车', ['堵车@1-3', '拥堵@0-2']],
    ['repeated occurrences', ['路口'], '路口路口', ['路口@0-2', '路口@2-4']],
    ['no match', ['噪音'], '路口拥堵', []],
    ['empty text', ['噪音'], '', []],
    ['empty pattern never matches', ['', '噪音'], '噪音', ['噪音@0-2']],
    ['same pattern twice gives two ids', ['噪音', '噪音'], '噪音', ['噪音@0-2', '噪音@0-2']],
    ['astral characters', ['𠀀字'], 'a𠀀字b', ['𠀀字@1-4']],
  ])('%s', (_, patterns, text, expected) => {
    expect(hits(patterns, text)).toEqual(expected)
  })

  test('huge input: one linear pass', () => {
    const ac = new AhoCorasick(['拥堵', '路口', '小河小学路口'])
    const text = '小河小学路口早高峰拥堵。'.repeat(200_000)
    let n = 0
    const t0 = performance.now()
    ac.scan(text, () => n++)
    expect(n).toBe(600_000)
    expect(performance.now() - t0).toBeLessThan(5000)
  })

  test('cannot add after searching', () => {
    const ac = new AhoCorasick(['a'])
    ac.search('a')
    expect(() => ac.add('b')).toThrow()
  })
})
