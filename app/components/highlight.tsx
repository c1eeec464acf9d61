/** Render text with the given terms wrapped in <mark>; React escapes everything else. */
export function Highlighted({ text, terms }: { text: string; terms: string[] }) {
  const uniq = [...new Set(terms.filter(t => t.length > 0))].sort((a, b) => b.length - a.length)
  if (!uniq.length) return <>{text}</>
  const re = new RegExp(`(${uniq.map(t => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g')
  const parts = text.split(re)
  return <>{parts.map((p, i) => (i % 2 === 1 ? <mark key={i}>{p}</mark> : <span key={i}>{p}</span>))}</>
}
