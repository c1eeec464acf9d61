import { type MessageKey, useT } from '#app/i18n/index'

const HEAT_PARTS = ['complaints', 'distinctResidents', 'supporters', 'recency', 'burst', 'channels', 'span'] as const

type Part = { value: number; contribution: number; baseline?: number; notRecorded?: boolean }

/** Why a topic is this hot: each part of the heat formula with its value and contribution. */
export function HeatBreakdown({ heat, breakdown }: { heat: number; breakdown: Record<string, Part | number> }) {
  const t = useT()
  // Supporters and channels are weighed against what the complaints' channels can produce: say against what.
  const against = (k: (typeof HEAT_PARTS)[number], part: Part) => {
    if (k === 'supporters' && part.notRecorded) return t('topics.heat.supporters.notRecorded')
    if (k === 'supporters' && part.baseline != null) return t('topics.heat.supporters.usual', { baseline: part.baseline })
    if (k === 'channels' && part.baseline != null) return t('topics.heat.channels.inUse', { baseline: part.baseline })
    return ''
  }
  return (
    <>
      <h2>{t('topics.why')}</h2>
      <div className="table-wrap heat-breakdown">
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
                  <td>
                    {/* Days are whole days to a reader; the formula keeps the fraction. */}
                    {k === 'span' ? Math.round(part.value) : part.value}
                    {against(k, part) ? <span className="heat-note">{against(k, part)}</span> : null}
                  </td>
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
