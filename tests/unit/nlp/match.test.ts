import { createMatcher } from '#nlp/match'
import { normalize } from '#nlp/normalize'
import { smallTaxonomy } from './helpers'

const matcher = createMatcher(smallTaxonomy())
const terms = (text: string, longestOnly = false) => matcher.match(normalize(text), { longestOnly }).map(m => `${m.keyword}:${m.nodeId}@${m.start}`)

describe('matcher', () => {
  test.each([
    ['keyword with span', '路口拥堵', ['路口:traffic.congestion@0', '拥堵:traffic.congestion@2']],
    ['synonym maps to its keyword', '经常堵车', ['拥堵:traffic.congestion@2']],
    ['traditional input matches simplified keyword', '經常堵車', ['拥堵:traffic.congestion@2']],
    ['full-width input', '噪聲擾民', ['噪音:env.noise@0', '扰民:env.noise@2']],
    ['overlapping keywords all reported', '垃圾分类', ['垃圾分类:env.garbage@0', '垃圾:env.garbage@0']],
    ['exclusion drops the node’s keywords', '噪音很小，不扰民', []],
    ['exclusion only affects its node', '噪音很小但是污染严重', ['污染:env@6']],
    ['pattern match', '放学时段拥堵', ['放学时段拥堵:traffic@0', '拥堵:traffic.congestion@4']],
    ['no match', '今天天气很好', []],
    ['empty', '', []],
  ])('%s', (_, text, expected) => {
    expect(terms(text)).toEqual(expected)
  })

  test('longestOnly drops a keyword inside a longer one', () => {
    expect(terms('垃圾分类', true)).toEqual(['垃圾分类:env.garbage@0'])
    expect(terms('物业费太贵', true)).toEqual(['物业费:urban.property@0'])
  })

  test('spans point into the normalised text', () => {
    const text = normalize('小区門口經常堵車')
    for (const m of matcher.match(text)) expect(text.slice(m.start, m.end)).toBe(m.term)
  })

  test('match carries path and weight', () => {
    expect(matcher.match('物管')[0]).toMatchObject({ term: '物管', keyword: '物业', path: ['城乡建设', '物业管理'], weight: 2 })
  })
})
