import { Chart } from '#app/components/chart'
import { DataTable, type Column } from '#app/components/data-table'
import { fmtDate } from '#app/components/outcomes-ui'
import { ZhText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { markZh } from '#app/utils/zh-marks'

export type TargetView = {
  id: number
  metric: string
  unit: string
  baseline: number
  target: number
  latest: number | null
  attainment?: number | null
  measurements: { measuredAt: string; value: number }[]
}

/**
 * A decision's measurable targets: a table (baseline → target, latest value,
 * optionally attainment) and, per measured target, a trend chart with its data.
 */
export function DecisionTargets({
  targets,
  filePrefix,
  showAttainment = false,
  captionHidden = false,
}: {
  targets: TargetView[]
  filePrefix: string
  showAttainment?: boolean
  captionHidden?: boolean
}) {
  const t = useT()
  const locale = useLocale()
  if (!targets.length) return null
  const columns: Column<TargetView>[] = [
    {
      key: 'metric',
      header: t('outcome.target.metric'),
      rowHeader: true,
      cell: tg => (
        <>
          <ZhText>{tg.metric}</ZhText>
          {tg.unit ? (
            <>
              {' ('}
              <ZhText>{tg.unit}</ZhText>)
            </>
          ) : null}
        </>
      ),
    },
    { key: 'baseline', header: t('outcome.target.baseline'), cell: tg => tg.baseline },
    { key: 'target', header: t('outcome.target.target'), cell: tg => tg.target },
    { key: 'latest', header: t('outcome.target.latest'), cell: tg => tg.latest ?? '—' },
    ...(showAttainment
      ? [{ key: 'attainment', header: t('outcome.target.attainment'), cell: (tg: TargetView) => (tg.attainment == null ? '—' : `${tg.attainment}%`) }]
      : []),
  ]
  return (
    <>
      <DataTable caption={t('outcome.targets')} captionHidden={captionHidden} stackOnPhone rows={targets} rowKey={tg => tg.id} columns={columns} />
      {targets
        .filter(tg => tg.measurements.length > 0)
        .map(tg => (
          <Chart
            key={tg.id}
            title={t('outcome.target.chart', { metric: markZh(tg.metric) })}
            type="line"
            stackTableOnPhone
            fileName={`${filePrefix}-target-${tg.id}`}
            labels={[t('outcome.target.baseline'), ...tg.measurements.map(m => fmtDate(m.measuredAt, locale))]}
            labelsHeader={t('chart.header.measured')}
            series={[
              { label: markZh(tg.metric), data: [tg.baseline, ...tg.measurements.map(m => m.value)] },
              { label: t('outcome.target.target'), data: [tg.target, ...tg.measurements.map(() => tg.target)] },
            ]}
          />
        ))}
    </>
  )
}
