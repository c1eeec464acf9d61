import { type ReactNode } from 'react'
import { useLocale } from '#app/i18n/index'
import { splitPlaceholders } from '#app/utils/placeholders'

/**
 * Render text with the given terms wrapped in <mark>; React escapes everything else.
 * Placeholders for scrubbed personal data (【姓名】) read in the page's language
 * ([name]) and are never marked: terms are looked for in the writer's words only.
 */
export function Highlighted({ text, terms }: { text: string; terms: string[] }) {
  const locale = useLocale()
  const uniq = [...new Set(terms.filter(t => t.length > 0))].sort((a, b) => b.length - a.length)
  const parts = splitPlaceholders(text, locale)
  if (!uniq.length && !parts.some(p => p.placeholder)) return <>{text}</>
  const re = uniq.length ? new RegExp(`(${uniq.map(t => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g') : null
  const out: ReactNode[] = []
  for (const part of parts) {
    if (part.placeholder) {
      out.push(
        <span key={out.length} lang={locale === 'en' ? 'en' : undefined}>
          {part.text}
        </span>,
      )
      continue
    }
    const words = re ? part.text.split(re) : [part.text]
    words.forEach((w, i) => {
      if (w) out.push(i % 2 === 1 ? <mark key={out.length}>{w}</mark> : <span key={out.length}>{w}</span>)
    })
  }
  return <>{out}</>
}
