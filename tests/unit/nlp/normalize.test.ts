import { normalize } from '#nlp/normalize'

describe('normalize', () => {
  test.each([
    ['traditional to simplified', '小河小學路口上下學擁堵', '小河小学路口上下学拥堵'],
    ['simplified unchanged', '小河小学路口上下学拥堵', '小河小学路口上下学拥堵'],
    ['full-width letters and digits', 'ＡＢＣ１２３', 'abc123'],
    ['full-width punctuation', '堵车！怎么办？', '堵车!怎么办?'],
    ['ideographic space and runs of whitespace', '  路口\u3000\u3000拥堵\n\t严重  ', '路口 拥堵 严重'],
    ['zero-width characters', '路\u200b口', '路 口'],
    ['NFKC compatibility forms', '①号楼 ㎡', '1号楼 m2'],
    ['mixed traditional and full-width', '噪聲擾民ＸＸ', '噪声扰民xx'],
    ['empty', '', ''],
    ['only spaces', ' \u3000 ', ''],
  ])('%s', (_, input, expected) => {
    expect(normalize(input)).toBe(expected)
  })

  test('keepCase keeps Latin case for display', () => {
    expect(normalize('Ａ市Ａ3區', { keepCase: true })).toBe('A市A3区')
  })

  test('huge input stays linear', () => {
    const big = '小河小學路口擁堵。'.repeat(100_000)
    const t0 = performance.now()
    const out = normalize(big)
    expect(out.length).toBe(big.length)
    expect(out.startsWith('小河小学路口拥堵。')).toBe(true)
    expect(performance.now() - t0).toBeLessThan(5000)
  })
})
