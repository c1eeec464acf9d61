import { createClassifier, createTopicEngine, defaultTaxonomy } from '#nlp/index'
import { syntheticCorpus } from './synthetic-corpus'

// Preparing a complaint is the half of adding it that does not depend on the engine's
// past: it can run ahead (or elsewhere) and the engine must cluster exactly the same.
const taxonomy = defaultTaxonomy()
const corpus = syntheticCorpus(400)
const gazetteer = ['长征桥社区', '金盆岭社区', '杨家山社区'].map(name => ({ name, kind: 'community' as const }))
const classifier = createClassifier({ taxonomy, gazetteer })
const engineOf = () => createTopicEngine({ taxonomy, classifier, gazetteer })

const partition = (engine: ReturnType<typeof engineOf>) => corpus.map(c => engine.clusterOf(c.id))

describe('preparing complaints ahead', () => {
  test('gives the same preparation in any order and on any engine', () => {
    const early = engineOf()
    const forward = corpus.map(c => early.prepare(c))
    const late = engineOf()
    for (const c of corpus) late.add(c)
    const backward = [...corpus]
      .reverse()
      .map(c => late.prepare(c))
      .reverse()
    expect(backward).toEqual(forward)
    expect(forward.some(p => p.subjectPlaces.length > 0)).toBe(true)
    expect(forward.every(p => p.signature.length === 32 && p.features.length > 0)).toBe(true)
  })

  test('adding prepared complaints clusters exactly as adding them whole', () => {
    const whole = engineOf()
    for (const c of corpus) whole.add(c)
    const split = engineOf()
    const prepared = corpus.map(c => split.prepare(c))
    corpus.forEach((c, i) => split.add(c, prepared[i]))
    expect(partition(split)).toEqual(partition(whole))
    expect(new Set(partition(whole)).size).toBeGreaterThan(10)
    expect(split.topics()).toEqual(whole.topics())
  })
})
