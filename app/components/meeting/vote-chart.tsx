import { useEffect, useRef } from 'react'

/**
 * Bar chart of a closed vote's results with chart.js, loaded in the browser
 * only. The same numbers are always in a table next to it (screen readers,
 * printing, no JavaScript).
 */
export function VoteChart({
  labels,
  values,
  label,
  large = false,
  integer = true,
}: {
  labels: string[]
  values: number[]
  label: string
  large?: boolean
  integer?: boolean
}) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    let chart: { destroy(): void } | undefined
    let cancelled = false
    void import('chart.js/auto').then(({ default: Chart }) => {
      if (cancelled || !canvas.current) return
      chart = new Chart(canvas.current, {
        type: 'bar',
        data: { labels, datasets: [{ label, data: values, backgroundColor: '#a33b20' }] },
        options: {
          indexAxis: 'y',
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: {
            x: { beginAtZero: true, ticks: { precision: integer ? 0 : undefined, font: { size: large ? 22 : 13 } } },
            y: { ticks: { autoSkip: false, font: { size: large ? 26 : 14 } } },
          },
        },
      })
    })
    return () => {
      cancelled = true
      chart?.destroy()
    }
  }, [labels.join('\u0000'), values.join(','), label, large, integer])
  return (
    <div className="vote-chart" style={{ height: `${labels.length * (large ? 4.5 : 2.8) + 3}rem` }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  )
}
