import { readFileSync } from 'node:fs'
import {
  createClassifier,
  createTopicEngine,
  defaultTaxonomy,
  extractOrgs,
  extractPlaces,
  minhash,
  nameSpans,
  normalize,
  type ComplaintInput,
} from '#nlp/index'
import { textFeatures } from '#nlp/similarity'
import { fixturePath } from './helpers'
import { syntheticCorpus } from './synthetic-corpus'

// Pins what the engine decides on a fixed synthetic district, so that work on its
// speed cannot change a category, a keyword, a place or a cluster unnoticed.
const taxonomy = defaultTaxonomy()
const corpus = syntheticCorpus()
const gazetteer = ['长征桥社区', '金盆岭社区', '杨家山社区', '湘湖社区', '白沙社区'].map(name => ({ name, kind: 'community' as const }))

const partition = (engine: ReturnType<typeof createTopicEngine>) =>
  engine
    .clusters()
    .map(c => c.members.map(m => m.id).sort())
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))

describe('outputs pinned on a synthetic district', () => {
  const classifier = createClassifier({ taxonomy, gazetteer })

  test('the corpus is varied enough to pin anything', () => {
    expect(corpus).toHaveLength(600)
    expect(new Set(corpus.map(c => classifier.classify(c).category)).size).toBeGreaterThanOrEqual(5)
    expect(corpus.some(c => normalize(c.text) !== c.text.toLowerCase().trim())).toBe(true)
  })

  test('classification of every complaint', () => {
    const out = corpus.map(c => {
      const r = classifier.classify(c)
      return [c.id, r.category, r.path.join('/'), r.keywords.join(','), r.score, r.matches.length].join(' ')
    })
    expect(out).toMatchSnapshot()
  })

  test('classification with a trained model', () => {
    const training = readFileSync(fixturePath('train-small.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(l => JSON.parse(l))
    const trained = createClassifier({ taxonomy, training, gazetteer })
    expect(corpus.map(c => `${c.id} ${trained.classify(c).category} ${trained.classify(c).score}`)).toMatchSnapshot()
  })

  test('places, organisations, name spans, features and signatures of every complaint', () => {
    const out = corpus.map(c => {
      const t = normalize(c.text, { keepCase: true })
      const s = normalize(c.subject ?? '', { keepCase: true })
      return {
        id: c.id,
        places: extractPlaces(`${s} ${t}`, { normalized: true, gazetteer }).map(p => `${p.name}>${p.canonical}:${p.kind}@${p.start}${p.generic ? '!' : ''}`),
        orgs: extractOrgs(t, { normalized: true }).map(o => `${o.name}>${o.canonical}@${o.start}`),
        spans: nameSpans(t.toLowerCase(), { normalized: true, gazetteer, limit: 300 }).map(n => `${n.name}@${n.start}-${n.end}`),
        features: Array.from(textFeatures(s.toLowerCase(), t.toLowerCase())).reduce((a, f) => (Math.imul(a, 31) + f) >>> 0, 7),
        minhash: Array.from(minhash(`${s.toLowerCase()} ${t.toLowerCase()}`, true)).reduce((a, f) => (Math.imul(a, 31) + f) >>> 0, 7),
      }
    })
    expect(out).toMatchSnapshot()
  })

  test('clusters and suggested topics, classifying on the way', () => {
    const engine = createTopicEngine({ taxonomy, classifier, gazetteer })
    for (const c of corpus) engine.add(c)
    expect(partition(engine)).toMatchSnapshot()
    expect(engine.topics().map(t => `${t.rank} ${t.heat} ${t.title} ${t.place} ${t.complaintIds.join(',')}`)).toMatchSnapshot()
  })

  test('a rebuild from stored classifications clusters the same way', () => {
    const first = createTopicEngine({ taxonomy, classifier, gazetteer })
    const stored: ComplaintInput[] = corpus.map(c => {
      const r = classifier.classify(c)
      first.add(c)
      return { ...c, classification: { ...r, matches: [], categoryScores: {}, nodeId: '', keywords: r.keywords.slice(0, 12) } }
    })
    const rebuilt = createTopicEngine({ taxonomy, classifier, gazetteer })
    for (const c of stored) rebuilt.add(c)
    expect(partition(rebuilt)).toEqual(partition(first))
  })
})
