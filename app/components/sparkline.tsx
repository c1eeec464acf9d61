/**
 * A tiny inline SVG trend line (no JS needed); the label carries the numbers for screen readers.
 * A trend needs two samples: with fewer nothing is drawn (the current value is shown beside it).
 */
export function Sparkline({ points, label, width = 96, height = 24 }: { points: [string, number][]; label: string; width?: number; height?: number }) {
  if (points.length < 2) return null
  const values = points.map(p => p[1])
  const max = Math.max(...values, 1)
  const min = Math.min(...values, 0)
  const step = width / (points.length - 1)
  const y = (v: number) => height - 2 - ((v - min) / (max - min || 1)) * (height - 4)
  const aria = `${label}: ${points.map(p => `${p[0]} ${p[1]}`).join(', ')}`
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ')
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={aria} className="sparkline">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  )
}
