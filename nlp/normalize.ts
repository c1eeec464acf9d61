import * as OpenCC from 'opencc-js'

// 't' → 'cn' covers both Taiwan and Hong Kong variants well enough for matching;
// residents of the mainland who write traditional mostly use the generic forms.
let toSimplified: ((s: string) => string) | undefined

function convert(text: string): string {
  toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' })
  return toSimplified(text)
}

// Characters that need no conversion work: ASCII and the most common simplified
// range is still passed through OpenCC, which is fast (~8 M chars/s); we only
// skip it for pure-ASCII strings.
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
  if (NON_ASCII.test(s)) s = convert(s)
  // Lower case makes keyword matching case-insensitive; titles shown to people keep case.
  if (!opts.keepCase) s = s.toLowerCase()
  return s.replace(WHITESPACE, ' ').trim()
}
