import { createClassifier, createTopicEngine, defaultTaxonomy, type ComplaintInput } from '#nlp/index'
import { characterCount, decodePrepared, encodePrepared, preparedStamp, STORED_TEXT_CHARS } from '#nlp/prepared-codec'
import { syntheticCorpus } from './synthetic-corpus'

// A rebuild reads each complaint's stored preparation instead of computing it again:
// what it reads back must cluster exactly as a preparation made on the spot.
const taxonomy = defaultTaxonomy()
const gazetteer = ['长征桥社区', '金盆岭社区', '杨家山社区'].map(name => ({ name, kind: 'community' as const, aliases: [name.replace('社区', '')] }))
const classifier = createClassifier({ taxonomy, gazetteer })
// Some letters name their place only after the part of the text that is kept.
const filler = '我们小区的居民多次反映这个问题，希望有关部门能够重视并尽快处理，'.repeat(8)
const corpus: ComplaintInput[] = syntheticCorpus(400).map((c, i) =>
  i % 7 === 3 ? { ...c, text: `${filler}${c.subject || c.text.slice(0, 12)}，${c.text}` } : c,
)
const engineOf = () => createTopicEngine({ taxonomy, classifier, gazetteer })
const classified = corpus.map(c => ({ ...c, classification: classifier.classify(c) }))
const roundTrip = (c: (typeof classified)[number], engine = engineOf()) => {
  const prepared = engine.prepare(c)
  return { prepared, decoded: decodePrepared(encodePrepared(prepared, c), c) }
}

describe('stored preparations', () => {
  test('decode to the preparation, with the opening of the text', () => {
    const engine = engineOf()
    let cut = 0
    for (const c of classified) {
      const { prepared, decoded } = roundTrip(c, engine)
      if (prepared.dt.length > STORED_TEXT_CHARS) cut++
      expect(decoded).toEqual({ ...prepared, dt: prepared.dt.slice(0, STORED_TEXT_CHARS), nt: prepared.nt.slice(0, STORED_TEXT_CHARS) })
    }
    expect(cut).toBeGreaterThan(50)
  })

  test('places, companies and name candidates survive, also past the kept opening', () => {
    const engine = engineOf()
    const all = classified.map(c => roundTrip(c, engine).decoded!)
    expect(all.filter(p => p.place).length).toBeGreaterThan(100)
    expect(all.some(p => p.bodyPlaces.some(b => b.end > STORED_TEXT_CHARS))).toBe(true)
    expect(all.some(p => p.subjectOrg || p.bodyOrg)).toBe(true)
    expect(all.some(p => p.nameCandidates?.length)).toBe(true)
    expect(all.some(p => [...p.subjectPlaces, ...p.bodyPlaces].some(x => x.generic))).toBe(true)
  })

  test('an engine fed decoded preparations clusters exactly as one preparing on the spot', () => {
    const fresh = engineOf()
    for (const c of classified) fresh.add(c)
    const stored = engineOf()
    const preparing = engineOf()
    const blobs = classified.map(c => encodePrepared(preparing.prepare(c), c))
    classified.forEach((c, i) => stored.add(c, decodePrepared(blobs[i]!, c)))
    const partition = (e: typeof fresh) => classified.map(c => e.clusterOf(c.id))
    expect(new Set(partition(fresh)).size).toBeGreaterThan(10)
    expect(partition(stored)).toEqual(partition(fresh))
    expect(stored.topics()).toEqual(fresh.topics())
  })

  test('decode the same from a buffer of its own (as read from the database) and from part of a larger one', () => {
    const c = classified.find(x => x.subject && x.text.length > 100)!
    const blob = encodePrepared(engineOf().prepare(c), c)
    const own = new Uint8Array(blob.length)
    own.set(blob)
    const shifted = Buffer.concat([Buffer.alloc(3), blob]).subarray(3)
    const expected = decodePrepared(blob, c)
    expect(decodePrepared(own, c)).toEqual(expected)
    expect(decodePrepared(shifted, c)).toEqual(expected)
    expect(expected!.features.length).toBeGreaterThan(10)
  })

  test('data stored for another text is not used, checked against the texts or their character counts', () => {
    const c = classified.find(x => x.subject)!
    const blob = encodePrepared(engineOf().prepare(c), c)
    const chars = [characterCount(c.subject!), characterCount(c.text)] as const
    expect(decodePrepared(blob, c)).toBeDefined()
    expect(decodePrepared(blob, { chars, classification: c.classification })).toEqual(decodePrepared(blob, c))
    expect(decodePrepared(blob, { ...c, text: `${c.text}。` })).toBeUndefined()
    expect(decodePrepared(blob, { ...c, subject: `${c.subject}啊` })).toBeUndefined()
    expect(decodePrepared(blob, { chars: [chars[0], chars[1] + 1], classification: c.classification })).toBeUndefined()
  })

  test('keep the classification the engine made, for the classifier that made it only', () => {
    const engine = engineOf()
    const unclassified = corpus.slice(0, 40).map(c => ({ ...c, classification: undefined }))
    for (const c of unclassified) {
      const prepared = engine.prepare(c)
      const blob = encodePrepared(prepared, { ...c, classifiedBy: 'v3/12' })
      const { classification, ...decoded } = decodePrepared(blob, { ...c, classifiedBy: 'v3/12' })!
      const { classification: given, ...expected } = roundTrip({ ...c, classification: prepared.classification }, engine).decoded!
      expect(decoded).toEqual(expected)
      const { category, path, nodeId, keywords, score } = given
      expect(classification).toEqual({ category, path, nodeId, keywords, score, matches: [], categoryScores: {} })
      expect(decodePrepared(blob, { ...c, classifiedBy: 'v3/13' })).toBeUndefined()
      // Stored without one, it cannot stand for the engine's classification.
      expect(decodePrepared(encodePrepared(prepared, c), { ...c, classifiedBy: 'v3/12' })).toBeUndefined()
    }
    expect(new Set(unclassified.map(c => engine.prepare(c).classification.category)).size).toBeGreaterThan(2)
  })

  test('characters are counted by code point, up to any NUL', () => {
    expect(characterCount('')).toBe(0)
    expect(characterCount('路灯不亮')).toBe(4)
    expect(characterCount('🚧𠮷a')).toBe(3)
    expect(characterCount('ab\u0000cd')).toBe(2)
    // A lone surrogate is one character.
    expect(characterCount('a\ud800b')).toBe(3)
  })

  test('the stamp changes with the gazetteer and name learning, and only with them', () => {
    const stamp = preparedStamp({ gazetteer, learnNames: true })
    expect(preparedStamp({ gazetteer: gazetteer.map(e => ({ ...e })), learnNames: true })).toBe(stamp)
    expect(preparedStamp({ gazetteer, learnNames: false })).not.toBe(stamp)
    expect(preparedStamp({ gazetteer: gazetteer.slice(1), learnNames: true })).not.toBe(stamp)
    expect(preparedStamp({ gazetteer: [...gazetteer.slice(1), { ...gazetteer[0]!, aliases: ['长征'] }], learnNames: true })).not.toBe(stamp)
    expect(Number.isInteger(stamp) && stamp >= 0 && stamp < 2 ** 31).toBe(true)
  })
})
