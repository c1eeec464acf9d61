import type { Classification } from './classify'
import type { Candidate } from './names'
import type { GazetteerEntry, Org, Place, PlaceKind } from './places'
import { PREPARE_VERSION, type PreparedComplaint } from './prepare'

/**
 * A complaint's preparation (see prepare.ts) in a compact binary form, so that a
 * rebuild of the topic engine reads it instead of computing it again. The
 * classification is usually not part of it: it is stored with the complaint and
 * joined back on decoding, so a category correction leaves the stored data valid.
 * A complaint the engine classifies itself (one stored without a category) keeps the
 * engine's classification, named by the classifier that made it (`classifiedBy`):
 * valid only while that classifier is the one in force.
 */

/** Bumped whenever the layout below changes. */
const CODEC_VERSION = 4
/** Features and signatures are stored in the machine's byte order: data from another order is stale. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/**
 * How much of the normalised text is kept. The join reads only its opening: names
 * learned from other subjects in the first 120 characters, the excerpt of a
 * complaint without a subject (120) and retrieval bigrams (60).
 */
export const STORED_TEXT_CHARS = 200

/** The complaint as given to prepare: what the stored data must still describe. */
export type PreparedSource = { subject?: string; text: string }
/**
 * What decoding checks the stored data against: the texts, or only their lengths in
 * {@link characterCount} (so that a reader need not load the texts at all).
 */
export type PreparedCheck = PreparedSource | { chars: readonly [subject: number, text: number] }

/**
 * Characters of a text counted by code point, up to any NUL: the count a database's
 * length() gives for it (SQLite's), so the check can be made there.
 */
export function characterCount(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0) break
    // A surrogate pair is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++
    n++
  }
  return n
}

const charsOf = (check: PreparedCheck) => ('chars' in check ? check.chars : [characterCount(check.subject ?? ''), characterCount(check.text)])

/**
 * What stored data is valid for: the preparation's code, this layout and the inputs
 * preparation depends on beside the complaint itself (the gazetteer, name learning).
 * Data stored under another stamp is stale and prepared again.
 */
export function preparedStamp(opts: { gazetteer?: GazetteerEntry[]; learnNames?: boolean }): number {
  const gazetteer = (opts.gazetteer ?? []).map(e => [e.name, e.kind ?? '', ...(e.aliases ?? [])])
  return fnv1a(JSON.stringify([PREPARE_VERSION, CODEC_VERSION, LITTLE_ENDIAN, STORED_TEXT_CHARS, opts.learnNames !== false, gazetteer]))
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  // Positive and below 2^31: fits an SQLite integer column as the same number everywhere.
  return (h >>> 1) & 0x7fffffff
}

const PLACE_KINDS: PlaceKind[] = ['compound', 'road', 'crossing', 'school', 'hospital', 'market', 'park', 'community', 'other']
const CANDIDATE_KINDS: Candidate['kind'][] = ['name', 'programme']
const OTHER_KIND = 255

// Flags of a span (place, company, name candidate).
const NAME_IS_SLICE = 1
const CANONICAL_IS_NAME = 2
const GENERIC_TRUE = 4
const GENERIC_FALSE = 8
// Flags of the texts: already lower-case (the lower-cased copy is the text itself).
const SUBJECT_LOWER = 1
const TEXT_LOWER = 2

// Buffer's own UTF-16 slicer: toString('utf16le', …) checks its arguments at a cost
// larger than the copy itself for strings this short (a rebuild decodes 200,000 of them).
type Ucs2 = Buffer & { ucs2Slice?: (start: number, end: number) => string }
const ucs2 = (buf: Ucs2, start: number, end: number) => (buf.ucs2Slice ? buf.ucs2Slice(start, end) : buf.toString('utf16le', start, end))

class Writer {
  buf = Buffer.allocUnsafe(2048)
  at = 0
  private room(n: number) {
    if (this.at + n <= this.buf.length) return
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n))
    this.buf.copy(next, 0, 0, this.at)
    this.buf = next
  }
  byte(b: number) {
    this.room(1)
    this.buf[this.at++] = b
  }
  uint(n: number) {
    this.room(5)
    while (n >= 0x80) {
      this.buf[this.at++] = (n & 0x7f) | 0x80
      n >>>= 7
    }
    this.buf[this.at++] = n
  }
  str(s: string) {
    this.uint(s.length)
    this.room(s.length * 2)
    this.at += this.buf.write(s, this.at, 'utf16le')
  }
  words(a: Uint32Array) {
    this.uint(a.length)
    // Aligned to four bytes from the start, so a reader can view them in place.
    this.room(3 + a.length * 4)
    while (this.at & 3) this.buf[this.at++] = 0
    this.buf.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), this.at)
    this.at += a.byteLength
  }
  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.at))
  }
}

class Reader {
  at = 0
  constructor(readonly buf: Buffer) {}
  byte() {
    return this.buf[this.at++]!
  }
  uint() {
    let n = 0
    let shift = 0
    for (;;) {
      const b = this.buf[this.at++]!
      n += (b & 0x7f) * 2 ** shift
      if (b < 0x80) return n
      shift += 7
    }
  }
  str() {
    const n = this.uint()
    const s = ucs2(this.buf, this.at, this.at + n * 2)
    this.at += n * 2
    return s
  }
  words() {
    const n = this.uint()
    while (this.at & 3) this.at++
    const { buf, at } = this
    this.at += n * 4
    // A row read from the database has a buffer of its own: viewed in place (allocating
    // 200,000 small arrays was most of the decoding). Otherwise copied, so that a view
    // does not keep a shared pool alive.
    if (buf.byteOffset === 0 && buf.buffer.byteLength === buf.length) return new Uint32Array(buf.buffer, at, n)
    const out = new Uint32Array(n)
    new Uint8Array(out.buffer).set(buf.subarray(at, at + n * 4))
    return out
  }
}

type Span = { name: string; start: number; end: number; canonical?: string; generic?: boolean }

/** A span's name is usually the text between its offsets: then only the offsets are kept. */
function writeSpan(w: Writer, s: Span, source: string, withCanonical: boolean) {
  const slice = s.end <= source.length && source.slice(s.start, s.end) === s.name
  const flags =
    (slice ? NAME_IS_SLICE : 0) |
    (withCanonical && s.canonical === s.name ? CANONICAL_IS_NAME : 0) |
    (s.generic === true ? GENERIC_TRUE : s.generic === false ? GENERIC_FALSE : 0)
  w.byte(flags)
  w.uint(s.start)
  w.uint(s.end)
  if (!slice) w.str(s.name)
  if (withCanonical && !(flags & CANONICAL_IS_NAME)) w.str(s.canonical ?? '')
}

function readSpan(r: Reader, source: string, withCanonical: boolean): Span {
  const flags = r.byte()
  const start = r.uint()
  const end = r.uint()
  const name = flags & NAME_IS_SLICE ? source.slice(start, end) : r.str()
  const span: Span = { name, start, end }
  if (withCanonical) span.canonical = flags & CANONICAL_IS_NAME ? name : r.str()
  if (flags & GENERIC_TRUE) span.generic = true
  else if (flags & GENERIC_FALSE) span.generic = false
  return span
}

function writeKind<K extends string>(w: Writer, kinds: K[], kind: K) {
  const i = kinds.indexOf(kind)
  w.byte(i >= 0 ? i : OTHER_KIND)
  if (i < 0) w.str(kind)
}

function readKind<K extends string>(r: Reader, kinds: K[]): K {
  const i = r.byte()
  return i === OTHER_KIND ? (r.str() as K) : kinds[i]!
}

function writePlaces(w: Writer, places: Place[], source: string) {
  w.uint(places.length)
  for (const p of places) {
    writeKind(w, PLACE_KINDS, p.kind)
    writeSpan(w, p, source, true)
  }
}

function readPlaces(r: Reader, source: string): Place[] {
  const n = r.uint()
  const out: Place[] = []
  for (let i = 0; i < n; i++) {
    const kind = readKind(r, PLACE_KINDS)
    const s = readSpan(r, source, true)
    out.push(s.generic === undefined ? { name: s.name, kind, start: s.start, end: s.end, canonical: s.canonical! } : { ...s, kind, canonical: s.canonical! })
  }
  return out
}

function writeOrg(w: Writer, org: Org | undefined, source: string) {
  w.byte(org ? 1 : 0)
  if (org) writeSpan(w, org, source, true)
}

function readOrg(r: Reader, source: string): Org | undefined {
  if (!r.byte()) return undefined
  const s = readSpan(r, source, true)
  return { name: s.name, canonical: s.canonical!, start: s.start, end: s.end }
}

/**
 * Encodes a preparation of `source`. Throws when it cannot be stored faithfully
 * (the caller then simply does not store it).
 */
export function encodePrepared(p: PreparedComplaint, source: PreparedSource & { classifiedBy?: string }): Buffer {
  const w = new Writer()
  const [subjectChars, textChars] = charsOf(source)
  w.uint(subjectChars!)
  w.uint(textChars!)
  const dtHead = p.dt.slice(0, STORED_TEXT_CHARS)
  w.byte((p.ns === p.ds ? SUBJECT_LOWER : 0) | (p.nt.slice(0, STORED_TEXT_CHARS) === dtHead ? TEXT_LOWER : 0))
  w.str(p.ds)
  w.str(dtHead)
  writePlaces(w, p.subjectPlaces, p.ds)
  writePlaces(w, p.bodyPlaces, dtHead)
  // The primary place is one of the places found: kept as its position among them.
  const all = [...p.subjectPlaces, ...p.bodyPlaces]
  const at = p.place ? all.indexOf(p.place) : -1
  if (p.place && at < 0) throw new Error('the primary place is not one of the places found')
  w.uint(at + 1)
  writeOrg(w, p.subjectOrg, p.ds)
  writeOrg(w, p.bodyOrg, dtHead)
  w.words(p.features)
  w.words(p.signature)
  w.uint(p.nameCandidates ? p.nameCandidates.length + 1 : 0)
  for (const c of p.nameCandidates ?? []) {
    writeKind(w, CANDIDATE_KINDS, c.kind)
    writeSpan(w, { name: c.gram, start: c.start, end: c.end }, p.ds, false)
  }
  // What the join reads of a classification (its matches and per-category scores are left out).
  w.byte(source.classifiedBy === undefined ? 0 : 1)
  if (source.classifiedBy !== undefined) {
    const c = p.classification
    w.str(source.classifiedBy)
    w.str(JSON.stringify([c.category, c.path, c.nodeId, c.keywords, c.score]))
  }
  return w.done()
}

/**
 * The preparation stored for `source`, with its classification (given, or the stored
 * one when it was made by the classifier named `classifiedBy`); undefined when the data
 * does not describe this text (it changed since) or holds no valid classification, so
 * it is prepared again. The normalised text is only its opening ({@link STORED_TEXT_CHARS}).
 */
export function decodePrepared(
  data: Uint8Array,
  source: PreparedCheck & ({ classification: Classification } | { classifiedBy: string }),
): PreparedComplaint | undefined {
  const r = new Reader(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength))
  const [subjectChars, textChars] = charsOf(source)
  if (r.uint() !== subjectChars || r.uint() !== textChars) return undefined
  const lower = r.byte()
  const ds = r.str()
  const dt = r.str()
  const subjectPlaces = readPlaces(r, ds)
  const bodyPlaces = readPlaces(r, dt)
  const at = r.uint()
  const place = at ? (at <= subjectPlaces.length ? subjectPlaces[at - 1] : bodyPlaces[at - 1 - subjectPlaces.length]) : undefined
  const subjectOrg = readOrg(r, ds)
  const bodyOrg = readOrg(r, dt)
  const features = r.words()
  const signature = r.words()
  const candidates = r.uint()
  let nameCandidates: Candidate[] | undefined
  if (candidates) {
    nameCandidates = []
    for (let i = 0; i < candidates - 1; i++) {
      const kind = readKind(r, CANDIDATE_KINDS)
      const s = readSpan(r, ds, false)
      nameCandidates.push({ gram: s.name, start: s.start, end: s.end, kind })
    }
  }
  let classification = (source as { classification?: Classification }).classification
  if (!classification) {
    if (!r.byte() || r.str() !== (source as { classifiedBy?: string }).classifiedBy) return undefined
    const [category, path, nodeId, keywords, score] = JSON.parse(r.str()) as [string, string[], string, string[], number]
    classification = { category, path, nodeId, keywords, score, matches: [], categoryScores: {} }
  }
  return {
    ds,
    dt,
    ns: lower & SUBJECT_LOWER ? ds : ds.toLowerCase(),
    nt: lower & TEXT_LOWER ? dt : dt.toLowerCase(),
    classification,
    subjectPlaces,
    bodyPlaces,
    place,
    subjectOrg,
    bodyOrg,
    features,
    signature,
    nameCandidates,
  }
}
