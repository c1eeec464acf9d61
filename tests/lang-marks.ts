const HAN = /\p{Script=Han}/u
const TEXT_BOX = /^(text|search|email|tel|url)$/
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'])

/**
 * The Chinese text an English page leaves unmarked: each run of text, form
 * value or accessible name containing Chinese characters that no element
 * around it (or the control itself) marks as lang="zh…", so screen readers
 * would read it with an English voice. Accessible names given in aria-label
 * cannot carry a language and are always listed.
 */
export function unmarkedChinese(html: string): string[] {
  const found: string[] = []
  const stack: { tag: string; zh: boolean }[] = []
  const inZh = () => stack.at(-1)?.zh ?? false
  const body = html.replace(/<script[^>]*>.*?<\/script>/gs, '')
  for (const [, close, tag, attrs, text] of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*)>|([^<]+)/g)) {
    if (text !== undefined) {
      if (HAN.test(text) && !inZh()) found.push(text.trim())
      continue
    }
    const name = tag!.toLowerCase()
    if (close) {
      const at = stack.map(s => s.tag).lastIndexOf(name)
      if (at >= 0) stack.length = at
      continue
    }
    const lang = /\slang="([^"]*)"/.exec(attrs!)?.[1]
    const zh = lang === undefined ? inZh() : lang.startsWith('zh')
    for (const [, attr, value] of attrs!.matchAll(/\s(value|placeholder|aria-label|title|alt)="([^"]*)"/g)) {
      if (!HAN.test(value!)) continue
      // Only a text box shows its value; an option's, a checkbox's or a hidden field's is read to no one.
      if (attr === 'value' && !(name === 'input' && TEXT_BOX.test(/\stype="([^"]*)"/.exec(attrs!)?.[1] ?? 'text'))) continue
      if (attr === 'aria-label' || !zh) found.push(`${attr}=${value}`)
    }
    if (!VOID.has(name) && !attrs!.trimEnd().endsWith('/')) stack.push({ tag: name, zh })
  }
  return found
}
