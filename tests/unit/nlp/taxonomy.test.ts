import {
  bumpVersion,
  defaultTaxonomy,
  diffTaxonomies,
  flattenKeywords,
  loadTaxonomy,
  saveTaxonomy,
  TaxonomyError,
  taxonomyUserWords,
  validateTaxonomy,
} from '#nlp/taxonomy'
import { smallTaxonomy, smallTaxonomyJson } from './helpers'

const base = () => smallTaxonomyJson()

describe('taxonomy validation', () => {
  test('the fixture loads with defaults filled in', () => {
    const t = smallTaxonomy()
    expect(t.version).toBe(3)
    expect(t.categories.map(c => c.nameZh)).toEqual(['城乡建设', '环境保护', '交通运输', '教育文体', '劳动和社会保障', '商贸旅游', '卫生计生'])
    const property = t.categories[0].children[0]
    // "电梯" was a plain string keyword: weight 1.
    expect(property.keywords.find(k => k.term === '电梯')).toEqual({ term: '电梯', weight: 1 })
    expect(t.categories[2].patterns[0]).toEqual({ source: '(上|放)学.{0,4}(拥堵|堵)', weight: 2 })
  })

  test.each<[string, (j: any) => void, string, string]>([
    ['root not an object', j => Object.keys(j).forEach(k => delete j[k]) ?? (j.categories = 5), '(root)', 'categories'],
    ['version not an integer', j => (j.version = 1.5), '(root)', 'version'],
    ['missing id', j => delete j.categories[1].id, 'categories[1]', 'id'],
    ['missing nameZh in a child', j => delete j.categories[2].children[1].nameZh, 'categories[2].children[1] (traffic.parking)', 'nameZh'],
    ['negative weight', j => (j.categories[0].children[0].keywords[0].weight = -1), 'categories[0].children[0] (urban.property)', 'keywords[0].weight'],
    ['keyword without term', j => (j.categories[1].keywords[0] = { weight: 2 }), 'categories[1] (env)', 'keywords[0].term'],
    ['synonyms not strings', j => (j.categories[1].children[0].keywords[0].synonyms = [1]), 'categories[1].children[0] (env.noise)', 'keywords[0].synonyms'],
    ['invalid regex', j => (j.categories[2].patterns = ['(unclosed']), 'categories[2] (traffic)', 'patterns[0]'],
    ['exclusions not an array', j => (j.categories[1].children[0].exclusions = '噪音很小'), 'categories[1].children[0] (env.noise)', 'exclusions'],
    ['children not an array', j => (j.categories[3].children = {}), 'categories[3] (edu)', 'children'],
    ['duplicate id', j => (j.categories[4].id = 'urban'), 'categories[4] (urban)', 'id'],
  ])('%s → error names node %s and field %s', (_, mutate, path, field) => {
    const j = base()
    mutate(j)
    const r = validateTaxonomy(j)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toContainEqual(expect.objectContaining({ path, field }))
    expect(() => loadTaxonomy(j)).toThrow(TaxonomyError)
    expect(() => loadTaxonomy(j)).toThrow(field)
  })

  test.each([[null], [[]], ['not json'], [42]])('garbage %j is rejected', input => {
    expect(() => loadTaxonomy(input)).toThrow(TaxonomyError)
  })
})

describe('taxonomy save, versions and diff', () => {
  test('save → load round-trips', () => {
    const t = smallTaxonomy()
    expect(loadTaxonomy(JSON.parse(saveTaxonomy(t)))).toEqual(t)
  })

  test('every change is a new version', () => {
    const t = smallTaxonomy()
    const next = bumpVersion(t)
    next.categories[0].keywords.push({ term: '拆迁', weight: 3 })
    expect(next.version).toBe(t.version + 1)
    expect(t.categories[0].keywords.some(k => k.term === '拆迁')).toBe(false)
  })

  test('diff lists added, removed and changed keywords per node', () => {
    const a = smallTaxonomy()
    const b = bumpVersion(a)
    b.categories[0].keywords.push({ term: '拆迁', weight: 3 })
    b.categories[1].children[0].keywords = b.categories[1].children[0].keywords.filter(k => k.term !== '扰民')
    b.categories[2].children[0].keywords[0].weight = 5
    b.categories[2].children.pop()
    b.categories[3].nameEn = 'Education'
    const d = diffTaxonomies(a, b)
    expect(d).toContainEqual(expect.objectContaining({ nodeId: 'urban', status: 'changed', added: ['拆迁'] }))
    expect(d).toContainEqual(expect.objectContaining({ nodeId: 'env.noise', removed: ['扰民'] }))
    expect(d.find(x => x.nodeId === 'traffic.congestion')?.changed[0]).toMatchObject({ term: '拥堵', before: { weight: 2 }, after: { weight: 5 } })
    expect(d).toContainEqual(expect.objectContaining({ nodeId: 'traffic.bus', status: 'removed' }))
    expect(d).toContainEqual(expect.objectContaining({ nodeId: 'edu', fields: ['nameEn'] }))
    expect(diffTaxonomies(a, a)).toEqual([])
  })

  test('flattenKeywords and user words', () => {
    const t = smallTaxonomy()
    const flat = flattenKeywords(t)
    expect(flat.find(k => k.term === '物业')).toMatchObject({ nodeId: 'urban.property', path: ['城乡建设', '物业管理'], synonyms: ['物管'] })
    const words = taxonomyUserWords(t)
    expect(words).toContain('物管')
    expect(words).toContain('停车位')
  })
})

describe('default taxonomy', () => {
  test('has the seven first-level categories, second levels and ≥ 400 keywords', () => {
    const t = defaultTaxonomy()
    expect(t.categories.map(c => c.nameZh).sort()).toEqual(['交通运输', '劳动和社会保障', '卫生计生', '商贸旅游', '城乡建设', '教育文体', '环境保护'].sort())
    for (const c of t.categories) expect(c.children.length).toBeGreaterThan(0)
    expect(flattenKeywords(t).length).toBeGreaterThanOrEqual(400)
  })
})
