import { type MessageKey, useT } from '#app/i18n/index'

const HEAT_PARTS = ['complaints', 'distinctResidents', 'supporters', 'recency', 'burst', 'channels'] as const

/** Why a topic is this hot: each part of the heat formula with its value and contribution. */
export function HeatBreakdown({ heat, breakdown }: { heat: number; breakdown: Record<string, { value: number; contribution: number } | number> }) {
  const t = useT()
  return (
    <>
      <h2>{t('topics.why')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('topics.why.component')}</th>
              <th scope="col">{t('topics.why.value')}</th>
              <th scope="col">{t('topics.why.contribution')}</th>
            </tr>
          </thead>
          <tbody>
            {HEAT_PARTS.map(k => {
              const part = breakdown[k]
              if (!part || typeof part === 'number') return null
              return (
                <tr key={k}>
                  <th scope="row">{t(`topics.heat.${k}` as MessageKey)}</th>
                  <td>{part.value}</td>
                  <td>{part.contribution}</td>
                </tr>
              )
            })}
            <tr>
              <th scope="row">{t('topics.heat.total')}</th>
              <td />
              <td>{heat.toFixed(2)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </>
  )
}
