import { createSegmenter } from '#nlp/tokenize'

describe('segmenter', () => {
  const plain = createSegmenter()
  const withWords = createSegmenter({ userWords: ['小河小学路口', '长征桥社区', '垃圾分類'] })

  test.each([
    ['user word kept whole', '小河小学路口拥堵', '小河小学路口'],
    ['place user word', '长征桥社区居民反映', '长征桥社区'],
    ['user words are normalised (traditional → simplified)', '推进垃圾分类', '垃圾分类'],
  ])('%s', (_, text, word) => {
    expect(withWords.cut(text)).toContain(word)
  })

  test('without user words the place is split', () => {
    expect(plain.cut('小河小学路口拥堵')).not.toContain('小河小学路口')
  })

  test('words() drops stop words and punctuation', () => {
    const w = withWords.words('我们的小河小学路口，拥堵了！')
    expect(w).toContain('小河小学路口')
    expect(w).not.toContain('的')
    expect(w).not.toContain('，')
    expect(w).not.toContain('我们')
  })

  test.each([[''], ['   ']])('empty input %j', text => {
    expect(withWords.words(text)).toEqual([])
  })
})
