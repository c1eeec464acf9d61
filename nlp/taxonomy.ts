import { readFileSync } from 'node:fs'
import { unsafePatternReason } from './regex-safety'

/** One keyword of a taxonomy node. Synonyms match as if they were the term. */
export interface Keyword {
  term: string
  weight: number
  synonyms?: string[]
}

/** A regular expression (JS source) that adds `weight` to its node when it matches. */
export interface Pattern {
  source: string
  weight: number
}

/** A node of the category tree. */
export interface TaxonomyNode {
  id: string
  nameZh: string
  nameEn: string
  keywords: Keyword[]
  /** A text containing one of these does not count this node's keywords or patterns. */
  exclusions: string[]
  patterns: Pattern[]
  /** Department / role codes to invite to topics in this category. */
  stakeholders: string[]
  children: TaxonomyNode[]
}

/** A versioned keyword taxonomy. Every saved change gets a new `version`. */
export interface Taxonomy {
  version: number
  name: string
  categories: TaxonomyNode[]
}

export interface TaxonomyIssue {
  /** Where in the JSON, e.g. `categories[2].children[0] (traffic.school)`. */
  path: string
  field: string
  message: string
}

/** Thrown by {@link loadTaxonomy}; `issues` lists every problem found, the message the first ones. */
export class TaxonomyError extends Error {
  issues: TaxonomyIssue[]
  constructor(issues: TaxonomyIssue[]) {
    const shown = issues.slice(0, 5).map(i => `${i.path}: ${i.field}: ${i.message}`)
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''
    super(`Invalid taxonomy: ${shown.join('; ')}${more}`)
    this.name = 'TaxonomyError'
    this.issues = issues
  }
}

export type ValidationResult = { ok: true; taxonomy: Taxonomy } | { ok: false; errors: TaxonomyIssue[] }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0

/**
 * Validates taxonomy JSON (already parsed) and returns a cleaned copy with
 * defaults filled in, or every error with the node path and field it concerns.
 * Keywords may be given as plain strings (weight 1) and patterns as plain
 * regex sources (weight 1).
 */
export function validateTaxonomy(json: unknown): ValidationResult {
  const errors: TaxonomyIssue[] = []
  const err = (path: string, field: string, message: string) => errors.push({ path, field, message })
  if (!isObj(json)) {
    err('(root)', '(root)', 'must be an object')
    return { ok: false, errors }
  }
  const version = json.version ?? 1
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) err('(root)', 'version', 'must be a positive integer')
  const name = json.name ?? ''
  if (typeof name !== 'string') err('(root)', 'name', 'must be a string')
  const seen = new Map<string, string>()

  const node = (raw: unknown, path: string): TaxonomyNode | undefined => {
    if (!isObj(raw)) {
      err(path, '(node)', 'must be an object')
      return undefined
    }
    const label = isNonEmptyString(raw.id) ? `${path} (${raw.id})` : path
    if (!isNonEmptyString(raw.id)) err(label, 'id', 'must be a non-empty string')
    else if (seen.has(raw.id)) err(label, 'id', `duplicate id, already used at ${seen.get(raw.id)}`)
    else seen.set(raw.id, path)
    if (!isNonEmptyString(raw.nameZh)) err(label, 'nameZh', 'must be a non-empty string')
    if (raw.nameEn !== undefined && typeof raw.nameEn !== 'string') err(label, 'nameEn', 'must be a string')

    const keywords: Keyword[] = []
    if (raw.keywords !== undefined && !Array.isArray(raw.keywords)) err(label, 'keywords', 'must be an array')
    else
      (raw.keywords as unknown[] | undefined)?.forEach((k, i) => {
        const f = `keywords[${i}]`
        if (isNonEmptyString(k)) return void keywords.push({ term: k.trim(), weight: 1 })
        if (!isObj(k)) return err(label, f, 'must be a string or an object {term, weight?, synonyms?}')
        if (!isNonEmptyString(k.term)) return err(label, `${f}.term`, 'must be a non-empty string')
        const weight = k.weight ?? 1
        if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0)
          return err(label, `${f}.weight`, `must be a positive number (keyword "${k.term}")`)
        let synonyms: string[] | undefined
        if (k.synonyms !== undefined) {
          if (!Array.isArray(k.synonyms) || !k.synonyms.every(isNonEmptyString))
            return err(label, `${f}.synonyms`, `must be an array of non-empty strings (keyword "${k.term}")`)
          synonyms = (k.synonyms as string[]).map(s => s.trim())
        }
        keywords.push({ term: k.term.trim(), weight, ...(synonyms?.length ? { synonyms } : {}) })
      })

    const strings = (field: string): string[] => {
      const v = raw[field]
      if (v === undefined) return []
      if (!Array.isArray(v)) {
        err(label, field, 'must be an array of strings')
        return []
      }
      const out: string[] = []
      v.forEach((s, i) => (isNonEmptyString(s) ? out.push(s.trim()) : err(label, `${field}[${i}]`, 'must be a non-empty string')))
      return out
    }
    const exclusions = strings('exclusions')
    const stakeholders = strings('stakeholders')

    const patterns: Pattern[] = []
    if (raw.patterns !== undefined && !Array.isArray(raw.patterns)) err(label, 'patterns', 'must be an array')
    else
      (raw.patterns as unknown[] | undefined)?.forEach((p, i) => {
        const f = `patterns[${i}]`
        const source = isObj(p) ? p.source : p
        const weight = isObj(p) ? (p.weight ?? 1) : 1
        if (!isNonEmptyString(source)) return err(label, f, 'must be a regex source string or {source, weight}')
        if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) return err(label, `${f}.weight`, 'must be a positive number')
        try {
          new RegExp(source, 'u')
        } catch (e) {
          return err(label, f, `invalid regular expression: ${(e as Error).message}`)
        }
        const unsafe = unsafePatternReason(source)
        if (unsafe) return err(label, f, `unsafe regular expression (could freeze the server on crafted text): ${unsafe}`)
        patterns.push({ source, weight })
      })

    const children: TaxonomyNode[] = []
    if (raw.children !== undefined && !Array.isArray(raw.children)) err(label, 'children', 'must be an array')
    else
      (raw.children as unknown[] | undefined)?.forEach((c, i) => {
        const n = node(c, `${path}.children[${i}]`)
        if (n) children.push(n)
      })

    return {
      id: String(raw.id ?? ''),
      nameZh: String(raw.nameZh ?? ''),
      nameEn: typeof raw.nameEn === 'string' ? raw.nameEn : '',
      keywords,
      exclusions,
      patterns,
      stakeholders,
      children,
    }
  }

  const categories: TaxonomyNode[] = []
  if (!Array.isArray(json.categories) || json.categories.length === 0) err('(root)', 'categories', 'must be a non-empty array')
  else
    json.categories.forEach((c, i) => {
      const n = node(c, `categories[${i}]`)
      if (n) categories.push(n)
    })
  if (errors.length) return { ok: false, errors }
  return { ok: true, taxonomy: { version: version as number, name: name as string, categories } }
}

/** Validates and returns the taxonomy, or throws a {@link TaxonomyError} naming node and field. */
export function loadTaxonomy(json: unknown): Taxonomy {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json)
    } catch (e) {
      throw new TaxonomyError([{ path: '(root)', field: '(json)', message: (e as Error).message }])
    }
  }
  const r = validateTaxonomy(json)
  if (!r.ok) throw new TaxonomyError(r.errors)
  return r.taxonomy
}

/** Reads and loads a taxonomy JSON file. */
export function loadTaxonomyFile(file: string | URL): Taxonomy {
  return loadTaxonomy(readFileSync(file, 'utf8'))
}

/** Serialises a taxonomy to pretty JSON (the same shape {@link loadTaxonomy} reads). */
export function saveTaxonomy(t: Taxonomy): string {
  const node = (n: TaxonomyNode): unknown => ({
    id: n.id,
    nameZh: n.nameZh,
    nameEn: n.nameEn,
    keywords: n.keywords.map(k => ({ term: k.term, weight: k.weight, ...(k.synonyms?.length ? { synonyms: k.synonyms } : {}) })),
    ...(n.exclusions.length ? { exclusions: n.exclusions } : {}),
    ...(n.patterns.length ? { patterns: n.patterns.map(p => (p.weight === 1 ? p.source : p)) } : {}),
    ...(n.stakeholders.length ? { stakeholders: n.stakeholders } : {}),
    children: n.children.map(node),
  })
  return JSON.stringify({ version: t.version, name: t.name, categories: t.categories.map(node) }, null, 2) + '\n'
}

/** Returns a copy with `version` incremented: call it for every saved change. */
export function bumpVersion(t: Taxonomy): Taxonomy {
  return { ...structuredClone(t), version: t.version + 1 }
}

let cachedDefault: Taxonomy | undefined

/** The taxonomy shipped with Teahouse (nlp/taxonomy/default.json), loaded once. */
export function defaultTaxonomy(): Taxonomy {
  cachedDefault ??= loadTaxonomyFile(new URL('./taxonomy/default.json', import.meta.url))
  return cachedDefault
}

/** A node with its ancestry, as produced by {@link walkTaxonomy}. */
export interface NodeInfo {
  node: TaxonomyNode
  /** nameZh from the first-level category down to this node. */
  path: string[]
  /** ids from the first-level category down to this node. */
  idPath: string[]
  depth: number
}

/** Lists every node depth-first with its path. */
export function walkTaxonomy(t: Taxonomy): NodeInfo[] {
  const out: NodeInfo[] = []
  const visit = (n: TaxonomyNode, path: string[], idPath: string[]) => {
    const info = { node: n, path: [...path, n.nameZh], idPath: [...idPath, n.id], depth: path.length }
    out.push(info)
    for (const c of n.children) visit(c, info.path, info.idPath)
  }
  for (const c of t.categories) visit(c, [], [])
  return out
}

/** A keyword flattened out of the tree, with the node that owns it. */
export interface FlatKeyword {
  term: string
  weight: number
  synonyms: string[]
  nodeId: string
  path: string[]
}

/** Every keyword of every node, in tree order. */
export function flattenKeywords(t: Taxonomy): FlatKeyword[] {
  return walkTaxonomy(t).flatMap(({ node, path }) =>
    node.keywords.map(k => ({ term: k.term, weight: k.weight, synonyms: k.synonyms ?? [], nodeId: node.id, path })),
  )
}

/** Keywords and synonyms to add to the segmenter so they are never split. */
export function taxonomyUserWords(t: Taxonomy): string[] {
  const words = new Set<string>()
  for (const k of flattenKeywords(t)) {
    words.add(k.term)
    for (const s of k.synonyms) words.add(s)
  }
  return [...words]
}

export interface KeywordChange {
  term: string
  before?: { weight: number; synonyms: string[] }
  after?: { weight: number; synonyms: string[] }
}

/** What changed in one node between two versions (for the app's taxonomy editor). */
export interface NodeDiff {
  nodeId: string
  path: string[]
  status: 'added' | 'removed' | 'changed'
  added: string[]
  removed: string[]
  changed: KeywordChange[]
  /** Other fields that differ: nameZh, nameEn, exclusions, patterns, stakeholders, parent. */
  fields: string[]
}

/** Compares two taxonomies node by node (matched by id); unchanged nodes are omitted. */
export function diffTaxonomies(a: Taxonomy, b: Taxonomy): NodeDiff[] {
  const index = (t: Taxonomy) => new Map(walkTaxonomy(t).map(i => [i.node.id, i]))
  const ia = index(a)
  const ib = index(b)
  const kw = (n: TaxonomyNode) => new Map(n.keywords.map(k => [k.term, { weight: k.weight, synonyms: k.synonyms ?? [] }]))
  const out: NodeDiff[] = []
  for (const [id, x] of ia) {
    const y = ib.get(id)
    if (!y) {
      out.push({ nodeId: id, path: x.path, status: 'removed', added: [], removed: x.node.keywords.map(k => k.term), changed: [], fields: [] })
      continue
    }
    const ka = kw(x.node)
    const kb = kw(y.node)
    const added = [...kb.keys()].filter(t => !ka.has(t))
    const removed = [...ka.keys()].filter(t => !kb.has(t))
    const changed: KeywordChange[] = []
    for (const [t, before] of ka) {
      const after = kb.get(t)
      if (after && (after.weight !== before.weight || after.synonyms.join('\u0000') !== before.synonyms.join('\u0000')))
        changed.push({ term: t, before, after })
    }
    const fields: string[] = []
    const same = (p: unknown, q: unknown) => JSON.stringify(p) === JSON.stringify(q)
    for (const f of ['nameZh', 'nameEn', 'exclusions', 'patterns', 'stakeholders'] as const) if (!same(x.node[f], y.node[f])) fields.push(f)
    if (!same(x.idPath.slice(0, -1), y.idPath.slice(0, -1))) fields.push('parent')
    if (added.length || removed.length || changed.length || fields.length)
      out.push({ nodeId: id, path: y.path, status: 'changed', added, removed, changed, fields })
  }
  for (const [id, y] of ib)
    if (!ia.has(id)) out.push({ nodeId: id, path: y.path, status: 'added', added: y.node.keywords.map(k => k.term), removed: [], changed: [], fields: [] })
  return out
}
