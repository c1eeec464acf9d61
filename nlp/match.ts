import { AhoCorasick } from './aho-corasick'
import { normalize } from './normalize'
import { unsafePatternReason } from './regex-safety'
import { walkTaxonomy, type Taxonomy } from './taxonomy'

/** Why a text got a category: one keyword (or synonym, or pattern) occurrence. */
export interface Match {
  /** The text as it occurs (the synonym or the keyword itself). */
  term: string
  /** The taxonomy keyword it counts for (synonyms map to their keyword). */
  keyword: string
  /** Span `[start, end)` in the normalised text. */
  start: number
  end: number
  nodeId: string
  /** nameZh path from the first-level category to the node. */
  path: string[]
  weight: number
  /** Set by the classifier: which field of the complaint the span refers to. */
  field?: 'subject' | 'text'
  /** True for a regex pattern match rather than a keyword. */
  pattern?: boolean
  /** Internal id of the (node, keyword) pair, for fast grouping. */
  kid?: number
}

export interface Matcher {
  /** Finds keyword, synonym and pattern matches in already-normalised text, ordered by start. */
  match(normalizedText: string, opts?: { longestOnly?: boolean; field?: 'subject' | 'text' }): Match[]
  taxonomy: Taxonomy
}

interface Entry {
  term: string
  keyword: string
  kid: number
  node: number
  weight: number
  exclusion: boolean
}

/**
 * Compiles the taxonomy into one Aho–Corasick automaton (keywords, synonyms and
 * exclusion terms, all normalised) plus the nodes' regex patterns.
 *
 * Exclusions: if a node's exclusion term occurs anywhere in the text, that node's
 * own keyword and pattern matches are dropped (its children are unaffected; give
 * them their own exclusions).
 * `longestOnly`: a match strictly inside a longer match is dropped, so 垃圾 does
 * not count again inside 垃圾分类 (used by the classifier; the UI may want all).
 */
export function createMatcher(taxonomy: Taxonomy): Matcher {
  const nodes = walkTaxonomy(taxonomy)
  const nodeIndex = new Map(nodes.map((n, i) => [n.node.id, i]))
  const ac = new AhoCorasick()
  const entries: Entry[] = []
  const kids = new Map<string, number>()
  const add = (term: string, e: Omit<Entry, 'term' | 'kid'>) => {
    const n = normalize(term)
    if (!n) return
    ac.add(n)
    const key = `${e.node}\u0000${e.keyword}`
    let kid = kids.get(key)
    if (kid === undefined) kids.set(key, (kid = kids.size))
    entries.push({ term: n, kid, ...e })
  }
  const patterns: { re: RegExp; node: number; weight: number; source: string; index: number }[] = []
  nodes.forEach(({ node }, i) => {
    for (const k of node.keywords) {
      const keyword = normalize(k.term)
      add(k.term, { keyword, node: i, weight: k.weight, exclusion: false })
      for (const s of k.synonyms ?? []) add(s, { keyword, node: i, weight: k.weight, exclusion: false })
    }
    for (const x of node.exclusions) add(x, { keyword: '', node: i, weight: 0, exclusion: true })
    // A version saved before patterns were checked may hold a catastrophic one: never run it.
    for (const p of node.patterns)
      if (!unsafePatternReason(p.source)) patterns.push({ re: new RegExp(p.source, 'gu'), node: i, weight: p.weight, source: p.source, index: patterns.length })
  })

  return {
    taxonomy,
    match(text, opts = {}) {
      if (!text) return []
      const raw: Match[] = []
      let excluded: Set<number> | undefined
      ac.scan(text, (p, start, end) => {
        const e = entries[p]
        if (e.exclusion) {
          ;(excluded ??= new Set()).add(e.node)
          return
        }
        const info = nodes[e.node]
        const m: Match = { term: e.term, keyword: e.keyword, start, end, nodeId: info.node.id, path: info.path, weight: e.weight, kid: e.kid }
        if (opts.field) m.field = opts.field
        raw.push(m)
      })
      for (const p of patterns) {
        p.re.lastIndex = 0
        for (const m of text.matchAll(p.re)) {
          if (!m[0]) continue
          const info = nodes[p.node]
          const start = m.index ?? 0
          const pm: Match = {
            term: m[0],
            keyword: m[0],
            start,
            end: start + m[0].length,
            nodeId: info.node.id,
            path: info.path,
            weight: p.weight,
            pattern: true,
            kid: -1 - p.index,
          }
          if (opts.field) pm.field = opts.field
          raw.push(pm)
        }
      }
      let out = excluded ? raw.filter(m => !excluded!.has(nodeIndex.get(m.nodeId)!)) : raw
      out.sort((a, b) => a.start - b.start || b.end - a.end)
      if (opts.longestOnly) out = dropContained(out)
      return out
    },
  }
}

/** Removes matches whose span lies strictly inside a longer match's span. Input sorted by start asc, end desc. */
function dropContained(ms: Match[]): Match[] {
  const out: Match[] = []
  let maxEnd = -1
  let maxStart = -1
  for (const m of ms) {
    // Pattern matches neither hide nor get hidden: they are extra evidence, not vocabulary.
    if (m.pattern) {
      out.push(m)
      continue
    }
    // Same span as the current cover (same term in two nodes) is kept: both nodes count it.
    const inside = m.end <= maxEnd && !(m.start === maxStart && m.end === maxEnd)
    if (!inside) out.push(m)
    if (m.end > maxEnd) {
      maxEnd = m.end
      maxStart = m.start
    }
  }
  return out
}
