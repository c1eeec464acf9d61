import * as OpenCC from 'opencc-js'
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

describe('normalize skips conversion only when OpenCC would change nothing', () => {
  const opencc = OpenCC.Converter({ from: 't', to: 'cn' })
  const reference = (text: string) =>
    opencc(text.normalize('NFKC'))
      .toLowerCase()
      .replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, ' ')
      .trim()
  const cfg = (
    OpenCC.Locale as unknown as { configs: Record<string, { normalizationChain: (string | string[][])[][]; conversionChain: (string | string[][])[][] }> }
  ).configs.t2s
  const entries = [...cfg.normalizationChain, ...cfg.conversionChain]
    .flat()
    .flatMap(d => (typeof d === 'string' ? d.split('|').map(l => l.split(' ')) : d))
    .filter(([k, v]) => k !== v)

  test('every dictionary entry, alone and inside simplified text, converts as OpenCC converts it', () => {
    expect(entries.length).toBeGreaterThan(4_000)
    const wrong = entries.map(([k]) => k).filter(k => normalize(k) !== reference(k) || normalize(`小区${k}坏了`) !== reference(`小区${k}坏了`))
    expect(wrong).toEqual([])
  })

  test('simplified text, with characters that are also inside conversion entries, is unchanged', () => {
    for (const t of ['电梯坏了一个月，反复维修', '回复：已批复，覆盖全区', '为什么怎么这么慢', '一坯土 函复']) expect(normalize(t)).toBe(reference(t))
    expect(normalize('电梯坏了，反复维修')).toBe('电梯坏了,反复维修')
  })

  test('a conversion entry made of characters simplified text also uses is converted', () => {
    expect(normalize('他反覆说')).toBe(reference('他反覆说'))
    expect(normalize('他反覆说')).toBe('他反复说')
  })
})
