import { Chart } from '#app/components/chart'
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
  return (
    <>
      <div className="table-wrap">
        <table className="phone-fit">
          <caption className={captionHidden ? 'visually-hidden' : undefined}>{t('outcome.targets')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('outcome.target.metric')}</th>
              <th scope="col">{t('outcome.target.baseline')}</th>
              <th scope="col">{t('outcome.target.target')}</th>
              <th scope="col">{t('outcome.target.latest')}</th>
              {showAttainment ? <th scope="col">{t('outcome.target.attainment')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {targets.map(tg => (
              <tr key={tg.id}>
                <th scope="row">
                  <ZhText>{tg.metric}</ZhText>
                  {tg.unit ? (
                    <>
                      {' ('}
                      <ZhText>{tg.unit}</ZhText>)
                    </>
                  ) : null}
                </th>
                <td>{tg.baseline}</td>
                <td>{tg.target}</td>
                <td>{tg.latest ?? '—'}</td>
                {showAttainment ? <td>{tg.attainment == null ? '—' : `${tg.attainment}%`}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {targets
        .filter(tg => tg.measurements.length > 0)
        .map(tg => (
          <Chart
            key={tg.id}
            title={t('outcome.target.chart', { metric: markZh(tg.metric) })}
            type="line"
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
