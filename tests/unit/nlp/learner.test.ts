import { readFileSync } from 'node:fs'
import { createClassifier, type LabelledExample } from '#nlp/classify'
import { FeatureBag } from '#nlp/features'
import { addTextFeatures, forEachCharGram, inverseDocumentFrequency, looksSegmented, reweight } from '#nlp/learner'
import { trainLinearSvm } from '#nlp/model'
import { nameSpans } from '#nlp/places'
import { defaultTaxonomy } from '#nlp/taxonomy'
import { fixturePath, smallTaxonomy } from './helpers'

const grams = (text: string, sizes = [1, 2]) => {
  const out: number[] = []
  forEachCharGram(text, sizes, 7, h => out.push(h))
  return out
}
const vector = (subject: string, body: string) => {
  const bag = new FeatureBag()
  addTextFeatures(bag, subject, body)
  return bag.toVector()
}

describe('text features', () => {
  test('segmented text gives the same character n-grams as raw text', () => {
    expect(grams('垃圾 分类 不 到位')).toEqual(grams('垃圾分类不到位'))
    expect(grams('垃圾分类不到位')).toHaveLength(7 + 6)
  })

  test('punctuation and Latin words break runs; a space between Latin words is not skipped', () => {
    expect(grams('噪音，扰民')).toEqual([...grams('噪音'), ...grams('扰民')])
    expect(grams('wifi 坏了')).not.toEqual(grams('wifi坏了'))
  })

  test('digits fold together', () => {
    expect(grams('3号楼')).toEqual(grams('8号楼'))
  })

  test('looksSegmented tells exported token text from raw text', () => {
    expect(looksSegmented('小区 物业 乱 收费 业主 反映 多次 无人 处理')).toBe(true)
    expect(looksSegmented('小区物业乱收费，业主反映多次无人处理')).toBe(false)
    expect(looksSegmented('')).toBe(false)
  })

  test('subject n-grams are features of their own', () => {
    const inSubject = vector('停水', '')
    const inBody = vector('', '停水')
    expect([...inSubject.idx].some(i => !inBody.idx.includes(i))).toBe(true)
  })

  test('TF-IDF: a feature in every document weighs less than a rare one', () => {
    const docs = [vector('', '停水停电'), vector('', '停水噪音'), vector('', '停水拥堵')]
    const idf = inverseDocumentFrequency(docs)
    const x = reweight(vector('', '停水噪音'), idf)
    const weightOf = (text: string) => {
      const own = [...vector('', text).idx]
      return Math.max(...own.map(k => x.val[[...x.idx].indexOf(k)]))
    }
    expect(weightOf('噪音')).toBeGreaterThan(weightOf('停水'))
    const norm = Math.hypot(...x.val)
    expect(norm).toBeCloseTo(1, 5)
  })
})

describe('linear SVM', () => {
  const docs = (words: string[], label: string) => words.map(w => ({ x: vector('', w), label }))
  const data = [...docs(['停水三天', '水压太低', '自来水发黄', '水管爆裂'], '水'), ...docs(['半夜噪音', '广场舞噪音', '装修噪音大', '噪音扰民'], '声')]

  test('separates two labels and scores unseen text by shared n-grams', () => {
    const m = trainLinearSvm(data)
    expect(m.labels).toEqual(['声', '水'])
    const water = m.margins(vector('', '又停水了'))
    const noise = m.margins(vector('', '楼上噪音'))
    expect(water[1]).toBeGreaterThan(water[0])
    expect(noise[0]).toBeGreaterThan(noise[1])
  })

  test('is deterministic for a seed', () => {
    const a = trainLinearSvm(data, { seed: 3 }).margins(vector('', '停水噪音'))
    const b = trainLinearSvm(data, { seed: 3 }).margins(vector('', '停水噪音'))
    expect([...a]).toEqual([...b])
  })
})

describe('trained classifier', () => {
  const taxonomy = smallTaxonomy()
  const training: LabelledExample[] = readFileSync(fixturePath('train-small.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l))

  test('learns from segmented examples and classifies raw text', () => {
    const segmented = training.map(e => ({ ...e, text: e.text.replace(/，.*$/, '').split('').join(' ') }))
    const c = createClassifier({ taxonomy, training: segmented })
    expect(c.classify({ text: '窨井盖缺失很危险' }).category).toBe('城乡建设')
    expect(c.classify({ text: '网约车司机绕路' }).category).toBe('交通运输')
  })

  test('withExamples retrains with corrections and leaves the original alone', () => {
    const c = createClassifier({ taxonomy, training })
    const text = '共享单车堆满人行道'
    const before = c.classify({ text }).category
    expect(before).toBe('交通运输')
    // The district files shared bikes under city management: workers correct three of them.
    const corrections = ['共享单车乱停', '共享单车堆在路边', '共享单车占道'].map(t => ({ text: t, label: '城乡建设' }))
    const corrected = c.withExamples(corrections)
    expect(corrected.examples).toBe(training.length + 3)
    expect(corrected.classify({ text }).category).toBe('城乡建设')
    expect(c.classify({ text }).category).toBe(before)
    expect(c.examples).toBe(training.length)
  })

  test('confidence is a probability', () => {
    const c = createClassifier({ taxonomy, training })
    const s = c.classify({ text: '拖欠工资' }).score
    expect(s).toBeGreaterThan(0.3)
    expect(s).toBeLessThanOrEqual(1)
  })
})

describe('nameSpans', () => {
  const masked = (text: string) => nameSpans(text).map(s => text.slice(s.start, s.end))

  test.each([
    ['小河小学路口接送车辆拥堵', ['小河小学', '小河']],
    ['医院路有个大坑', ['医院']],
    ['阳光学校小区停水', ['阳光学校', '阳光']],
    ['鑫盛教育科技有限公司拖欠工资', ['鑫盛教育']],
    ['人民医院看病排队太久', ['人民']],
    // A landmark that only locates the problem: the whole name, kind word included.
    ['人民医院对面的工地噪音', ['人民医院']],
    ['环保局宿舍楼下的饭馆拖欠工资', ['环保局']],
    ['长途汽车站旁边的药店卖假药', ['长途汽车站']],
    ['学生宿舍没有热水', []],
    ['路灯坏了', []],
  ])('%s', (text, spans) => {
    expect(masked(text)).toEqual(spans)
  })

  test('a name found early is masked where it recurs', () => {
    const text = '小河小学路口拥堵。' + '车很多。'.repeat(200) + '小河小学路口还是堵'
    const spans = nameSpans(text)
    expect(spans.filter(s => text.slice(s.start, s.end) === '小河小学')).toHaveLength(2)
  })
})

describe('place and organisation names are not category evidence', () => {
  // Short complaints of our own whose place names carry another category's words.
  const traps = readFileSync(fixturePath('place-name-traps.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l) as { text: string; label: string })
  const classifier = createClassifier({ taxonomy: defaultTaxonomy() })

  test('the fixture mixes every category', () => {
    expect(traps.length).toBeGreaterThanOrEqual(50)
    expect(new Set(traps.map(t => t.label)).size).toBe(7)
  })

  test('at least 48 of 50 short complaints land in their own category', () => {
    const wrong = traps.filter(t => classifier.classify({ text: t.text }).category !== t.label).map(t => t.text)
    expect(wrong.length, wrong.join('\n')).toBeLessThanOrEqual(2)
  })

  test.each([
    ['小河小学路口接送车辆拥堵', '交通运输'],
    ['医院路中段有个大坑，请尽快修补路面', '城乡建设'],
    ['育才学校小区停水三天了', '城乡建设'],
    ['环保局宿舍楼下的小饭馆拖欠厨师工资', '劳动和社会保障'],
  ])('%s', (text, label) => {
    expect(classifier.classify({ text }).category).toBe(label)
  })

  test('masked names keep match spans on the original text', () => {
    const text = '小河小学路口车辆拥堵'
    const c = classifier.classify({ text })
    const m = c.matches.find(x => x.term === '拥堵')
    expect(m && text.slice(m.start, m.end)).toBe('拥堵')
    expect(c.matches.some(x => x.term === '小学')).toBe(false)
  })

  test('keywords match across the spaces of segmented text', () => {
    const c = classifier.classify({ text: '小区 垃圾 分类 不 到位 垃圾 分类 桶 满' })
    expect(c.keywords.some(k => k.includes('垃圾'))).toBe(true)
    expect(c.category).not.toBe('')
  })
})
