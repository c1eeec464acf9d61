import * as OpenCC from 'opencc-js'

// 't' → 'cn' covers both Taiwan and Hong Kong variants well enough for matching;
// residents of the mainland who write traditional mostly use the generic forms.
let toSimplified: ((s: string) => string) | undefined

function convert(text: string): string {
  toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' })
  return toSimplified(text)
}

/**
 * What tells whether OpenCC would change a text: every dictionary entry that
 * changes something has one marker character, which must then occur in the text.
 * A marker that is a traditional character (OpenCC converts it on its own) sends
 * the text to OpenCC at once; one that simplified text also uses (坏 in 土坏 → 土坯,
 * 覆 in 反覆 → 反复) only when one of its entries really occurs there.
 * Most letters are written in simplified characters and skip conversion entirely.
 */
interface Markers {
  /** Per BMP code unit: 1 traditional marker, 2 marker needing its entries checked. */
  kind: Uint8Array
  /** Entries (and the marker's offset in them) of markers needing a check, by code point. */
  entries: Map<number, { key: string; at: number }[]>
  /** Traditional markers outside the BMP. */
  astral: Set<number>
}
let markers: Markers | undefined

type Dict = string | string[][]
const dictEntries = (d: Dict): string[][] => (typeof d === 'string' ? d.split('|').map(l => l.split(' ')) : d)

function buildMarkers(): Markers {
  const cfg = (OpenCC.Locale as unknown as { configs: Record<string, { normalizationChain?: Dict[][]; conversionChain: Dict[][]; segmentation?: unknown }> })
    .configs.t2s
  // The converter must be the plain chain this reasons about: no segmentation step.
  if (!cfg || cfg.segmentation) throw new Error('opencc-js: unexpected t2s configuration')
  const dicts = [...(cfg.normalizationChain ?? []), ...cfg.conversionChain].flat()
  const traditional = new Set<number>()
  for (const d of dicts) for (const [k, v] of dictEntries(d)) if (k !== v && [...k].length === 1) traditional.add(k.codePointAt(0)!)
  const kind = new Uint8Array(0x10000)
  const entries = new Map<number, { key: string; at: number }[]>()
  const astral = new Set<number>()
  for (const d of dicts)
    for (const [key, value] of dictEntries(d)) {
      if (key === value) continue
      const cps = [...key]
      let at = cps.findIndex(c => traditional.has(c.codePointAt(0)!))
      const strong = at >= 0
      if (!strong) {
        // No traditional character of its own: the first one it changes.
        const out = [...value]
        at = cps.length === out.length ? cps.findIndex((c, i) => c !== out[i]) : 0
        if (at < 0) at = 0
      }
      const cp = cps[at].codePointAt(0)!
      const offset = cps.slice(0, at).join('').length
      if (strong && cp > 0xffff) astral.add(cp)
      else if (strong) kind[cp] = 1
      else {
        if (cp <= 0xffff && kind[cp] !== 1) kind[cp] = 2
        let list = entries.get(cp)
        if (!list) entries.set(cp, (list = []))
        list.push({ key, at: offset })
      }
    }
  return { kind, entries, astral }
}

/** True when some dictionary entry that changes text occurs in `s` (OpenCC would not return it unchanged). */
function needsConversion(s: string): boolean {
  markers ??= buildMarkers()
  const { kind, entries, astral } = markers
  const occurs = (cp: number, i: number) => !!entries.get(cp)?.some(e => i >= e.at && s.startsWith(e.key, i - e.at))
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) continue
    if (c >= 0xd800 && c <= 0xdbff) {
      const cp = s.codePointAt(i)!
      if (astral.has(cp) || occurs(cp, i)) return true
      continue
    }
    const k = kind[c]
    if (k === 1 || (k === 2 && occurs(c, i))) return true
  }
  return false
}

// Pure-ASCII text, and text in which no conversion entry occurs, skips OpenCC.
const NON_ASCII = /[^\x00-\x7f]/
const WHITESPACE = /[\s\u00a0\u3000\u200b\ufeff]+/g

/**
 * Normalises resident-written text before matching and classification:
 * Unicode NFKC (which also folds full-width ASCII and the ideographic space to
 * half-width), traditional → simplified Chinese, lower-case Latin letters,
 * and any run of whitespace (including zero-width and ideographic spaces)
 * collapsed to one ASCII space, trimmed.
 *
 * Spans returned by the matcher refer to this normalised string.
 */
export function normalize(text: string, opts: { keepCase?: boolean } = {}): string {
  if (!text) return ''
  let s = text.normalize('NFKC')
  if (NON_ASCII.test(s) && needsConversion(s)) s = convert(s)
  // Lower case makes keyword matching case-insensitive; titles shown to people keep case.
  if (!opts.keepCase) s = s.toLowerCase()
  return s.replace(WHITESPACE, ' ').trim()
}
