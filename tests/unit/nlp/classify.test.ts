import { createClassifier } from '#nlp/classify'
import { smallTaxonomy } from './helpers'

const taxonomy = smallTaxonomy()
const classifier = createClassifier({ taxonomy })

describe('classifier (taxonomy only)', () => {
  test.each([
    ['congestion', { subject: '小河小学路口拥堵', text: '上下学高峰车辆乱停，路口堵车' }, '交通运输', ['交通运输', '道路拥堵']],
    ['traditional input', { subject: '小河小學路口擁堵', text: '上下學高峰車輛亂停，路口堵車' }, '交通运输', ['交通运输', '道路拥堵']],
    ['full-width input', { text: '物業費上漲，ＸＸ物管不修电梯' }, '城乡建设', ['城乡建设', '物业管理']],
    ['noise', { text: '工地夜间施工噪音扰民' }, '环境保护', ['环境保护', '噪音污染']],
    ['exclusion removes noise evidence', { text: '噪音很小，但是路口拥堵' }, '交通运输', ['交通运输', '道路拥堵']],
    ['wages', { text: '公司拖欠工资，社保没交' }, '劳动和社会保障', ['劳动和社会保障']],
    ['health', { text: '疫苗接种预约难' }, '卫生计生', ['卫生计生']],
    ['nothing matches', { text: '今天天气很好' }, '', []],
    ['empty', { subject: '', text: '' }, '', []],
  ])('%s', (_, input, category, path) => {
    const c = classifier.classify(input)
    expect(c.category).toBe(category)
    expect(c.path).toEqual(path)
    expect(c.score).toBeGreaterThanOrEqual(0)
    expect(c.score).toBeLessThanOrEqual(1)
    expect(c.score > 0).toBe(category !== '')
  })

  test('a keyword in the subject counts more than in the body', () => {
    const bodyOnly = classifier.classify({ text: '物业 拥堵' })
    const subjectNoise = classifier.classify({ subject: '拥堵', text: '物业' })
    const subjectProperty = classifier.classify({ subject: '物业', text: '拥堵' })
    expect(bodyOnly.categoryScores['城乡建设']).toBe(bodyOnly.categoryScores['交通运输'])
    expect(subjectNoise.category).toBe('交通运输')
    expect(subjectProperty.category).toBe('城乡建设')
  })

  test('matches carry field and spans for highlighting', () => {
    const c = classifier.classify({ subject: '路口拥堵', text: '物业不管' })
    expect(c.matches).toContainEqual(expect.objectContaining({ keyword: '拥堵', field: 'subject', start: 2, end: 4 }))
    expect(c.matches).toContainEqual(expect.objectContaining({ keyword: '物业', field: 'text', start: 0, end: 2 }))
    expect(c.keywords[0]).toBe('拥堵')
  })

  test('huge input', () => {
    const text = '路口拥堵，车辆乱停。'.repeat(50_000)
    const c = classifier.classify({ text })
    expect(c.category).toBe('交通运输')
  })
})

describe('classifier with training', () => {
  // Vocabulary the taxonomy does not know: only the model can learn it.
  const training = [
    ...['窨井盖缺失', '窨井盖破损伤人', '井盖松动', '窨井盖被偷'].map(t => ({ text: t + '，请尽快处理', label: '城乡建设' })),
    ...['网约车司机绕路', '出租车拒载', '网约车乱收费', '出租车绕路宰客'].map(t => ({ text: t + '，请尽快处理', label: '交通运输' })),
    ...['社保断缴', '拖欠工资', '养老金没发', '工资没结'].map(t => ({ text: t + '，请尽快处理', label: '劳动和社会保障' })),
  ]
  const trained = createClassifier({ taxonomy, training, blend: 0.9 })

  test.each([
    ['learned vocabulary', '窨井盖缺失很危险', '城乡建设'],
    ['learned vocabulary 2', '网约车司机绕路多收钱', '交通运输'],
    ['taxonomy still helps', '公司拖欠工资', '劳动和社会保障'],
  ])('%s', (_, text, label) => {
    expect(trained.classify({ text }).category).toBe(label)
  })

  test('untrained classifier knows nothing of that vocabulary', () => {
    expect(classifier.classify({ text: '窨井盖缺失很危险' }).category).toBe('')
  })

  test('labels and confidence', () => {
    expect(trained.labels.sort()).toEqual(['交通运输', '劳动和社会保障', '城乡建设'].sort())
    const c = trained.classify({ text: '窨井盖缺失' })
    expect(c.score).toBeGreaterThan(0.3)
  })
})
