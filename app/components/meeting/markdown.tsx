import { Fragment, type ReactNode } from 'react'

/** **bold** inside a line; everything else is plain text (React escapes it). */
function inline(text: string): ReactNode[] {
  return text
    .split(/(\*\*[^*]+\*\*)/g)
    .map((part, i) =>
      part.startsWith('**') && part.endsWith('**') && part.length > 4 ? <strong key={i}>{part.slice(2, -2)}</strong> : <Fragment key={i}>{part}</Fragment>,
    )
}

/**
 * A small, safe Markdown renderer for minutes: headings, paragraphs, bullet
 * and numbered lists (one nesting level). No HTML is passed through.
 */
export function Markdown({ source }: { source: string }) {
  const blocks: ReactNode[] = []
  const lines = source.replace(/\r\n/g, '\n').split('\n')
  let i = 0
  let key = 0
  while (i < lines.length) {
    const line = lines[i]!
    const h = /^(#{1,4})\s+(.*)$/.exec(line)
    if (h) {
      const level = Math.min(4, h[1]!.length + 1)
      const Tag = `h${level}` as 'h2'
      blocks.push(<Tag key={key++}>{inline(h[2]!)}</Tag>)
      i++
      continue
    }
    const listMatch = /^(\s*)([-*]|\d+\.)\s+/.exec(line)
    if (listMatch && listMatch[1] === '') {
      const ordered = /\d/.test(listMatch[2]!)
      const items: { text: string; children: string[] }[] = []
      while (i < lines.length) {
        const m = /^(\s*)([-*]|\d+\.)\s+(.*)$/.exec(lines[i]!)
        if (!m) break
        if (m[1] === '') items.push({ text: m[3]!, children: [] })
        else items.at(-1)?.children.push(m[3]!)
        i++
      }
      const List = ordered ? 'ol' : 'ul'
      blocks.push(
        <List key={key++}>
          {items.map((it, j) => (
            <li key={j}>
              {inline(it.text)}
              {it.children.length ? (
                <ul>
                  {it.children.map((c, k) => (
                    <li key={k}>{inline(c)}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </List>,
      )
      continue
    }
    if (line.trim() === '') {
      i++
      continue
    }
    const para: string[] = []
    while (i < lines.length && lines[i]!.trim() !== '' && !/^(#{1,4}\s|[-*]\s|\d+\.\s)/.test(lines[i]!)) para.push(lines[i++]!)
    blocks.push(<p key={key++}>{inline(para.join(' '))}</p>)
  }
  return <div className="markdown">{blocks}</div>
}
