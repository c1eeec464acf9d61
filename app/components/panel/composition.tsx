// How a panel meets the role seats and quotas asked of its draw: each one,
// what it asked and how many the panel holds, met or not.
import { DataTable } from '#app/components/data-table'
import { useAttrLabel } from '#app/components/pool-fields'
import { useT, type MessageKey } from '#app/i18n/index'

/** A role seat or quota line, as panel/panelComposition gives it. */
export type CompositionRow =
  | { kind: 'role'; role: string; min: number; count: number; met: boolean }
  | { kind: 'quota'; attr: string; value: string; min: number; max: number; count: number; met: boolean }

/** `seats`: the panel's size (a maximum at or above it limits nothing); `hint`: how the counts were made. */
export function PanelComposition({ lines, seats, hint }: { lines: readonly CompositionRow[]; seats: number; hint?: string }) {
  const t = useT()
  const attrLabel = useAttrLabel()
  const name = (l: CompositionRow) => {
    if (l.kind === 'role') return t('panel.seat.role', { role: t(`pool.role.${l.role}` as MessageKey) })
    if (l.attr === '@affected') return l.value === 'yes' ? t('panel.attr.affected') : `${t('panel.attr.affected')}: ${t('common.no')}`
    const attrKey = `pool.attr.${l.attr}` as MessageKey
    const attr = t(attrKey) === attrKey ? l.attr : t(attrKey)
    return `${attr}: ${attrLabel(l.attr, l.value)}`
  }
  const asked = (l: CompositionRow) => {
    if (l.kind === 'role' || l.max >= seats) return t('panel.composition.atLeast', { min: l.min })
    if (l.min === 0) return t('panel.composition.atMost', { max: l.max })
    return t('panel.composition.between', { min: l.min, max: l.max })
  }
  return (
    <div className="stack" data-testid="panel-composition">
      <h3>{t('panel.composition')}</h3>
      {hint ? <p className="hint">{hint}</p> : null}
      <DataTable
        caption={t('panel.composition')}
        captionHidden
        stackOnPhone
        rows={lines}
        rowKey={l => (l.kind === 'role' ? `role:${l.role}` : `${l.attr}=${l.value}`)}
        rowProps={l => ({ 'data-met': l.met ? 'yes' : 'no' })}
        empty={<p className="hint">{t('panel.composition.none')}</p>}
        columns={[
          { key: 'name', header: t('panel.composition.condition'), rowHeader: true, cell: name },
          { key: 'asked', header: t('panel.composition.asked'), cell: asked },
          { key: 'count', header: t('panel.composition.count'), numeric: true, cell: l => t('panel.composition.people', { n: l.count }) },
          {
            key: 'met',
            header: t('panel.composition.status'),
            cell: l => <span className={l.met ? 'ok' : 'error'}>{t(l.met ? 'panel.composition.met' : 'panel.composition.unmet')}</span>,
          },
        ]}
      />
    </div>
  )
}
