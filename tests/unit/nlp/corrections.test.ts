import { createClassifier } from '#nlp/classify'
import { withCorrections, type CorrectedExample } from '#nlp/corrections'
import { defaultTaxonomy } from '#nlp/taxonomy'

const taxonomy = defaultTaxonomy()
const base = createClassifier({ taxonomy })
const MISFILED = { subject: '晚上音响太吵学生写作业受影响', text: '晚上音响太吵，学生写作业受影响。希望社区管一管，九点以后不要再放音响。' }
const NOISE: CorrectedExample = { ...MISFILED, label: '环境保护', path: ['环境保护', '噪音污染'] }

describe('workers’ corrections as labelled examples', () => {
  test('without corrections the classifier answers as before', () => {
    const c = withCorrections(base, [])
    expect(c.classify(MISFILED)).toEqual(base.classify(MISFILED))
    expect(c.examples).toBe(0)
  })

  test('a complaint much like a corrected one takes the corrected path; another matter keeps the taxonomy’s answer', () => {
    expect(base.classify(MISFILED).category).toBe('教育文体')
    const c = withCorrections(base, [NOISE])
    const similar = c.classify({ subject: '晚上音响太吵，学生写作业受到影响', text: '每天晚上音响太吵学生写作业受影响。' })
    expect(similar.category).toBe('环境保护')
    expect(similar.path).toEqual(['环境保护', '噪音污染'])
    expect(similar.score).toBeGreaterThanOrEqual(0.5)
    const other = { subject: '学校篮球架坏了没人修', text: '学校篮球架坏了，学生上体育课容易受伤。' }
    expect(c.classify(other)).toEqual(base.classify(other))
  })

  test('the newest correction of the same text wins', () => {
    const c = withCorrections(base, [NOISE, { ...MISFILED, label: '城乡建设', path: ['城乡建设', '物业管理'] }])
    expect(c.classify(MISFILED).path).toEqual(['城乡建设', '物业管理'])
  })

  test('a correction without a path files under its first-level category', () => {
    const c = withCorrections(base, [{ ...MISFILED, label: '环境保护' }])
    expect(c.classify(MISFILED)).toMatchObject({ category: '环境保护', path: ['环境保护'] })
  })

  test('the linear model is trained only once corrections cover every first-level category', () => {
    expect(withCorrections(base, [NOISE]).labels).toEqual([])
    const everyCategory = taxonomy.categories.map((cat, i) => ({
      subject: `${cat.nameZh}问题${i}`,
      text: cat.children.map(ch => ch.nameZh).join('，'),
      label: cat.nameZh,
    }))
    const trained = withCorrections(base, everyCategory)
    expect(trained.examples).toBe(everyCategory.length)
    expect([...trained.labels].sort()).toEqual(taxonomy.categories.map(c => c.nameZh).sort())
  })

  test('adding training examples keeps the corrections', () => {
    const c = withCorrections(base, [NOISE]).withExamples([])
    expect(c.classify(MISFILED).category).toBe('环境保护')
  })
})
