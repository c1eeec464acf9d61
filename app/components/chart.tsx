import type { Scale } from 'chart.js'
import { useEffect, useId, useRef } from 'react'
import { DataTable, type Column } from '#app/components/data-table'
import { MarkedText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'
import { csvLine } from '#app/utils/csv'
import { stripZhMarks } from '#app/utils/zh-marks'

/** A missing value (null) is a gap, never drawn or listed as 0. */
export type ChartSeries = { label: string; data: (number | null)[] }
export type ChartProps = {
  title: string
  type: 'bar' | 'line' | 'pie' | 'doughnut'
  labels: string[]
  series: ChartSeries[]
  /** Stack bar series on each other. */
  stacked?: boolean
  /** Download file name for the CSV (without extension). */
  fileName?: string
  /** Format a cell of the table (e.g. a rate as a percentage). */
  format?: (value: number) => string
  /** Bars run sideways so every label can be read (long lists of words or names). */
  horizontal?: boolean
  /** What the labels are (week, month, community, word…), heading the table's first column; "category" when not said. */
  labelsHeader?: string
  /**
   * The data table stacks its rows as labelled cards on phones, so nobody scrolls sideways inside it
   * (the default); `false` keeps a table that scrolls.
   */
  stackTableOnPhone?: boolean
}

const PALETTE = ['#1f6f8b', '#c8553d', '#588b3b', '#f2a541', '#6c4f9c', '#8c8c8c', '#2a9d8f', '#e76f51']
// Lines that coincide must still be told apart: each series also gets its own dash and marker.
const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [1, 6]]
const MARKERS = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot'] as const

// Chinese characters and full-width punctuation, each as wide as two letters.
const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/
/** One wide character, or a word with the spaces after it. */
const TOKEN = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s+/g
const letters = (s: string) => [...s].reduce((n, c) => n + (WIDE.test(c) ? 2 : 1), 0)
const cut = (s: string, max: number) => {
  if (letters(s) <= max) return s
  let out = ''
  for (const c of s)
    if (letters(out + c) < max) out += c
    else break
  return out.trimEnd() + '…'
}

/**
 * A row label of sideways bars fitted into `max` letters: broken between words (English) or
 * characters (Chinese) onto two lines at most, the rest cut with an ellipsis. The tooltip and the
 * table keep the whole name.
 */
export function wrapLabel(label: string, max: number): string | string[] {
  if (letters(label) <= max) return label
  const lines = ['']
  for (const token of label.match(TOKEN) ?? []) {
    const line = lines[lines.length - 1]!
    if (line && letters(line + token.trimEnd()) > max) lines.push(token)
    else lines[lines.length - 1] = line + token
  }
  return [cut(lines[0]!.trimEnd(), max), cut(lines.slice(1).join('').trimEnd(), max)]
}

/**
 * Height of a chart's drawing area (CSS): sideways bars get one row per label, rows taller on a phone
 * (app.css) when a name is long enough to wrap there.
 */
export function chartHeight(type: ChartProps['type'], labels: string[], horizontal = false) {
  if (type !== 'bar' || !horizontal) return '256px'
  const row = labels.some(l => letters(l) > 18) ? 'var(--wrapped-bar-row, 24px)' : '24px'
  return `max(160px, calc(${labels.length} * ${row} + 40px))`
}

/** The same data as CSV (with BOM so spreadsheet software reads the Chinese correctly). */
export function toCsv(labels: string[], series: ChartSeries[], corner = ''): string {
  const rows = [[corner, ...series.map(s => s.label)], ...labels.map((l, i) => [l, ...series.map(s => s.data[i] ?? '')])]
  return '\uFEFF' + rows.map(csvLine).join('\r\n') + '\r\n'
}

/**
 * A chart.js chart with its data as an accessible table and a CSV download.
 * The canvas is drawn in the browser only (chart.js is imported in an effect),
 * so server rendering and visitors without JavaScript get the table.
 */
/**
 * Title, row labels and series names may hold words marked with markZh
 * (residents' words, names): the table shows them as Chinese text, the canvas
 * and the CSV get the plain words.
 */
export function Chart({
  title: markedTitle,
  type,
  labels: markedLabels,
  series: markedSeries,
  stacked,
  fileName,
  format,
  horizontal,
  labelsHeader,
  stackTableOnPhone = true,
}: ChartProps) {
  const title = stripZhMarks(markedTitle)
  const labels = markedLabels.map(stripZhMarks)
  const series = markedSeries.map(s => ({ ...s, label: stripZhMarks(s.label) }))
  const t = useT()
  const canvas = useRef<HTMLCanvasElement>(null)
  const table = useRef<HTMLDetailsElement>(null)
  const folded = useRef(false)
  const id = useId()
  const key = JSON.stringify([type, labels, series, stacked, horizontal])

  useEffect(() => {
    let chart: { destroy(): void } | undefined
    let cancelled = false
    void import('chart.js/auto').then(({ default: ChartJs }) => {
      if (cancelled || !canvas.current) return
      const round = type === 'pie' || type === 'doughnut'
      chart = new ChartJs(canvas.current, {
        type,
        data: {
          labels,
          datasets: series.map((s, i) => ({
            label: s.label,
            data: s.data,
            backgroundColor: round ? labels.map((_, j) => PALETTE[j % PALETTE.length]!) : PALETTE[i % PALETTE.length],
            borderColor: round ? '#fff' : PALETTE[i % PALETTE.length],
            tension: 0.2,
            ...(type === 'line' ? { borderDash: DASHES[i % DASHES.length], pointStyle: MARKERS[i % MARKERS.length], pointRadius: 4, borderWidth: 2 } : {}),
          })),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          indexAxis: horizontal ? 'y' : 'x',
          plugins: {
            legend: { display: series.length > 1 || round, position: 'bottom', labels: { boxWidth: 14, usePointStyle: type === 'line' } },
            title: { display: false },
          },
          ...(round
            ? {}
            : {
                scales: {
                  // Every category label is drawn (none skipped), sideways bars list them on the left in at most
                  // half the chart's width (about 6 px a letter): a long name is wrapped to fit a phone.
                  [horizontal ? 'y' : 'x']: {
                    stacked: !!stacked,
                    ticks: {
                      autoSkip: false,
                      ...(horizontal
                        ? {
                            callback: function (this: Scale, v: number | string) {
                              return wrapLabel(this.getLabelForValue(Number(v)), Math.floor(this.chart.width / 12) - 3)
                            },
                          }
                        : {}),
                    },
                  },
                  [horizontal ? 'x' : 'y']: { stacked: !!stacked, beginAtZero: true, ticks: { precision: 0 } },
                },
              }),
        },
      })
      // The drawing is there: fold the table away once (it stays one click off).
      if (!folded.current) table.current?.removeAttribute('open')
      folded.current = true
    })
    return () => {
      cancelled = true
      chart?.destroy()
    }
    // `key` captures every input of the chart.
  }, [key])

  const csv = `data:text/csv;charset=utf-8,${encodeURIComponent(toCsv(labels, series, title))}`
  const fmt = format ?? ((v: number) => String(v))
  // One row per label: its name, then each series' value (a gap shows as a dash, never as 0).
  const rows = markedLabels.map((_, i) => i)
  const columns: Column<number>[] = [
    { key: 'label', header: labelsHeader ?? t('chart.category'), rowHeader: true, cell: i => <MarkedText text={markedLabels[i]!} /> },
    ...markedSeries.map((s, j): Column<number> => ({
      key: `series-${j}`,
      header: <MarkedText text={s.label} />,
      numeric: true,
      cell: i => {
        const v = series[j]!.data[i]
        return v == null ? (
          <span className="empty-value" title={t('common.noData')}>
            —
          </span>
        ) : (
          fmt(v)
        )
      },
    })),
  ]
  return (
    <figure className="chart card" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        <strong>
          <MarkedText text={markedTitle} />
        </strong>
      </figcaption>
      <div className="chart-canvas" style={{ position: 'relative', height: chartHeight(type, labels, horizontal) }}>
        <canvas ref={canvas} role="img" aria-label={t('chart.canvasLabel', { title })} />
      </div>
      {/* Open by default: without JavaScript the table is the chart. */}
      <details open ref={table}>
        <summary>{t('chart.showTable')}</summary>
        <DataTable caption={<MarkedText text={markedTitle} />} columns={columns} rows={rows} rowKey={i => i} stackOnPhone={stackTableOnPhone} />
      </details>
      <a className="button" href={csv} download={`${fileName ?? 'chart'}.csv`}>
        {t('chart.downloadCsv')}
      </a>
    </figure>
  )
}
