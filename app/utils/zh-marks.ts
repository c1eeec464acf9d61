// Words that stay Chinese in any language (names, places, residents' and
// workers' own text) are marked inside server-formatted strings with two
// private-use characters, so a page can render them as lang="zh-CN" spans
// while feeds and the open-data API receive the plain text.
const OPEN = '\uE000'
const CLOSE = '\uE001'

export function markZh(text: string): string {
  return text ? `${OPEN}${text}${CLOSE}` : text
}

export function stripZhMarks(text: string): string {
  return text.replaceAll(OPEN, '').replaceAll(CLOSE, '')
}

export type TextPart = { text: string; zh: boolean }

/** Splits a marked string into plain and Chinese parts, in order. */
export function splitZhMarks(text: string): TextPart[] {
  const parts: TextPart[] = []
  for (const chunk of text.split(OPEN)) {
    const end = chunk.indexOf(CLOSE)
    if (end < 0) {
      if (chunk) parts.push({ text: chunk, zh: false })
      continue
    }
    if (end > 0) parts.push({ text: chunk.slice(0, end), zh: true })
    if (end + 1 < chunk.length) parts.push({ text: chunk.slice(end + 1), zh: false })
  }
  return parts
}
