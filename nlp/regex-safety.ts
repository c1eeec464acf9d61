// Taxonomy patterns run on text typed by anonymous residents, on a
// backtracking regex engine. Only shapes whose matching time stays close to
// linear in the text are accepted: no backreferences, no repetition of a group
// that itself repeats or alternates (the `(a|a)+$` and `(a+)+` blow-ups), at
// most one unbounded repeat and small counted repeats.

export const PATTERN_MAX_LENGTH = 200
/** Largest `{n,m}` accepted. */
export const PATTERN_MAX_COUNT = 50
/** Product of (m+1) over the counted repeats: bounds the backtracking per position. */
export const PATTERN_MAX_REPEAT_PRODUCT = 100
export const PATTERN_MAX_UNBOUNDED = 1

type Frame = { repeats: boolean; alternates: boolean }

/**
 * Why `source` may take super-linear time, or null when it is safe to run on
 * untrusted text. Assumes `source` already compiles with the `u` flag.
 */
export function unsafePatternReason(source: string): string | null {
  if (source.length > PATTERN_MAX_LENGTH) return `longer than ${PATTERN_MAX_LENGTH} characters`
  const stack: Frame[] = [{ repeats: false, alternates: false }]
  // The last thing a quantifier can apply to: a closed group (with what it held) or a single atom.
  let last: Frame | 'atom' | null = null
  let unbounded = 0
  let product = 1
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!
    const top = stack[stack.length - 1]!
    if (c === '\\') {
      const n = source[i + 1] ?? ''
      if (/[1-9]/.test(n) || n === 'k') return 'backreferences are not allowed'
      i++
      if ('pPu'.includes(n) && source[i + 1] === '{') i = source.indexOf('}', i)
      else if (n === 'x') i += 2
      else if (n === 'u') i += 4
      else if (n === 'c') i += 1
      last = 'atom'
      continue
    }
    if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++
      last = 'atom'
      continue
    }
    if (c === '(') {
      if (source[i + 1] === '?') {
        const m = /^\(\?(?::|=|!|<=|<!|<[^>]+>)/.exec(source.slice(i))
        i += (m?.[0].length ?? 2) - 1
      }
      stack.push({ repeats: false, alternates: false })
      last = null
      continue
    }
    if (c === ')') {
      const closed = stack.pop()!
      const parent = stack[stack.length - 1]!
      parent.repeats ||= closed.repeats
      parent.alternates ||= closed.alternates
      last = closed
      continue
    }
    if (c === '|') {
      top.alternates = true
      last = null
      continue
    }
    const q = /^(?:[*+?]|\{(\d+)(,(\d*))?\})/.exec(source.slice(i))
    if (q && last) {
      const max = q[0] === '?' ? 1 : q[0] === '*' || q[0] === '+' ? Infinity : q[2] === undefined ? Number(q[1]) : q[3] ? Number(q[3]) : Infinity
      i += q[0].length - 1
      if (source[i + 1] === '?') i++ // lazy
      if (max > 1 && last !== 'atom' && (last.repeats || last.alternates))
        return last.repeats ? 'a repeated group must not repeat inside (nested quantifiers)' : 'a repeated group must not contain alternatives'
      if (max === Infinity) {
        if (++unbounded > PATTERN_MAX_UNBOUNDED) return `at most ${PATTERN_MAX_UNBOUNDED} unbounded repeat (*, + or {n,})`
      } else {
        if (max > PATTERN_MAX_COUNT) return `counted repeats must not exceed {${PATTERN_MAX_COUNT}}`
        product *= max + 1
        if (product > PATTERN_MAX_REPEAT_PRODUCT) return 'too many counted repeats'
      }
      top.repeats = true
      last = null
      continue
    }
    last = 'atom'
  }
  return null
}
