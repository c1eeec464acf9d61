// The panel draw page's two halves: the worker's options (seats, role seats,
// quotas, alternates) and the drawn panel with its save-and-invite form.
import { Form } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { DataTable } from '#app/components/data-table'
import { PanelComposition, type CompositionRow } from '#app/components/panel/composition'
import { useAttrLabel } from '#app/components/pool-fields'
import { isMessageKey, useT, type MessageKey } from '#app/i18n/index'
import { algorithmLabel, roleName, type PoolCounts } from '#app/utils/panel-text'

export type Drawn = {
  panel: { id: number; seat: string; seatLabel: string; reasons: string; name: string | null; community: string; probability: number }[]
  alternates: { id: number; name: string | null; community: string; probability: number }[]
  algorithm: string
  seed: string
  now: string
  fairnessRatio: number
  probRange: [number, number]
  poolSize: number
  lotteryPanels: number
  /** Each role seat and quota asked for, and how many of the drawn panel meet it. */
  composition: CompositionRow[]
}

const pct = (p: number) => `${(p * 100).toFixed(1)}%`

/** The draw options; `values` are what was typed (kept after a failed post), `err` the field errors. */
export function DrawOptionsForm({
  topic,
  values,
  err,
  roles,
  attributes,
  suggested,
  counts,
  busy,
}: {
  topic: { stakeholders: string[]; unit: string }
  values: Record<string, string>
  err: Record<string, MessageKey>
  roles: readonly string[]
  attributes: Record<string, readonly string[]>
  suggested: string[]
  counts: PoolCounts
  busy: boolean
}) {
  const t = useT()
  const attrLabel = useAttrLabel()
  // A field with an error points to it; `hint`: the id of a hint it is described by anyway.
  const invalid = (k: string, hint?: string) => ({
    'aria-invalid': err[k] ? true : undefined,
    'aria-describedby': [hint, err[k] ? `${k}-error` : null].filter(Boolean).join(' ') || undefined,
  })
  const errText = (k: string) =>
    err[k] ? (
      <span className="error" id={`${k}-error`}>
        {t(err[k]!)}
      </span>
    ) : null
  return (
    <Form method="post" className="stack card" noValidate>
      <CsrfInput />
      <div className="row">
        <label>
          {t('panel.field.seats')}
          <input name="seats" type="number" min={1} max={60} defaultValue={values.seats} required {...invalid('seats')} />
          {errText('seats')}
        </label>
        <label>
          {t('panel.field.seed')}
          <input name="seed" defaultValue={values.seed} maxLength={64} readOnly {...invalid('seed', 'seed-hint')} />
          {errText('seed')}
        </label>
        <label>
          {t('panel.field.alternates')}
          <input name="alternates" type="number" min={0} max={50} defaultValue={values.alternates} required {...invalid('alternates')} />
          {errText('alternates')}
        </label>
      </div>
      <p className="hint" id="seed-hint">
        {t('panel.seedHint')}
      </p>
      <fieldset>
        <legend>{t('panel.roleSeats')}</legend>
        {suggested.length ? (
          <p className="hint">
            {t('panel.roleSeatsHint', {
              stakeholders: topic.stakeholders
                .map(code => (isMessageKey(`stakeholder.${code}`) ? t(`stakeholder.${code}` as MessageKey) : code))
                .join(t('common.listSep')),
              roles: suggested.map(r => roleName(t, r)).join(t('common.listSep')),
            })}
          </p>
        ) : null}
        <div className="row">
          {roles.map(r => (
            <label key={r}>
              {roleName(t, r)} <span className="hint">({t('panel.inPool', { n: counts.roles[r] ?? 0 })})</span>
              <input name={`role.${r}`} type="number" min={0} max={60} defaultValue={values[`role.${r}`] ?? '0'} {...invalid(`role.${r}`)} />
              {errText(`role.${r}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('panel.quotas')}</legend>
        <p className="hint">{t('panel.quotasHint')}</p>
        <label>
          {t('panel.affectedMin', { community: topic.unit })} <span className="hint">({t('panel.inPool', { n: counts.attrs['@affected']?.yes ?? 0 })})</span>
          <input name="affectedMin" type="number" min={0} max={60} defaultValue={values.affectedMin} {...invalid('affectedMin')} />
          {errText('affectedMin')}
        </label>
        {(Object.keys(attributes) as (keyof typeof attributes)[]).map(a => (
          <div key={a} className="stack">
            <strong>{t(`pool.attr.${a}` as MessageKey)}</strong>
            <div className="row">
              {attributes[a].map(v => (
                <fieldset key={v} className="inline-form">
                  <legend>
                    {attrLabel(a, v)} <span className="hint">({t('panel.inPool', { n: counts.attrs[a]?.[v] ?? 0 })})</span>
                  </legend>
                  <label>
                    {t('panel.quota.min')}
                    <input
                      name={`quota.${a}.${v}.min`}
                      type="number"
                      min={0}
                      max={60}
                      defaultValue={values[`quota.${a}.${v}.min`] ?? ''}
                      {...invalid(`quota.${a}.${v}`)}
                    />
                  </label>
                  <label>
                    {t('panel.quota.max')}
                    <input
                      name={`quota.${a}.${v}.max`}
                      type="number"
                      min={0}
                      max={60}
                      defaultValue={values[`quota.${a}.${v}.max`] ?? ''}
                      {...invalid(`quota.${a}.${v}`)}
                    />
                  </label>
                  {errText(`quota.${a}.${v}`)}
                </fieldset>
              ))}
            </div>
          </div>
        ))}
      </fieldset>
      <button type="submit" name="intent" value="draw" className="primary" disabled={busy}>
        {t('panel.draw')}
      </button>
    </Form>
  )
}

/** The drawn panel and alternates; saving posts the same options again with the ids on screen. */
export function DrawResult({ drawn, changed, hidden, busy }: { drawn: Drawn; changed: boolean; hidden: [string, string][]; busy: boolean }) {
  const t = useT()
  return (
    <div className="stack">
      {/* The drawn panel; how its role seats and quotas came out follows, in a table of its own. */}
      <div className="stack" data-testid="panel-result">
        <h2>{t('panel.result')}</h2>
        {changed ? (
          <p role="alert" className="error">
            {t('panel.changed')}
          </p>
        ) : null}
        <p>
          {t('panel.seedShown', { seed: drawn.seed })} · {t('panel.algorithm', { algorithm: algorithmLabel(t, drawn.algorithm) })}
        </p>
        <p className="hint">
          {t('panel.fairness', {
            ratio: drawn.fairnessRatio.toFixed(3),
            min: pct(drawn.probRange[0]),
            max: pct(drawn.probRange[1]),
            panels: drawn.lotteryPanels,
            pool: drawn.poolSize,
          })}
        </p>
        {/* On a phone each member is a card, so why they were drawn is read without scrolling sideways. */}
        <DataTable
          caption={t('panel.members')}
          stackOnPhone
          testId="panel-members"
          rows={drawn.panel}
          rowKey={p => p.id}
          columns={[
            {
              key: 'member',
              header: t('panel.member'),
              rowHeader: true,
              cell: p => (
                <>
                  {p.name} <span className="hint">{p.community}</span>
                </>
              ),
            },
            { key: 'seat', header: t('panel.seat'), cell: (p, i) => `${t('panels.seatNumber', { n: i + 1 })} · ${p.seatLabel}` },
            { key: 'reasons', header: t('panel.reasons'), cell: p => p.reasons },
            { key: 'probability', header: t('panel.probability'), numeric: true, cell: p => pct(p.probability) },
          ]}
        />
      </div>
      <PanelComposition lines={drawn.composition} seats={drawn.panel.length} />
      <h3>{t('panel.alternates')}</h3>
      <ol className="list" data-testid="panel-alternates">
        {drawn.alternates.map(a => (
          <li key={a.id}>
            {a.name}{' '}
            <span className="hint">
              {a.community} · {pct(a.probability)}
            </span>
          </li>
        ))}
      </ol>
      <Form method="post" className="row card" noValidate>
        <CsrfInput />
        {hidden.map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <input type="hidden" name="expected" value={drawn.panel.map(p => p.id).join(',')} />
        <button type="submit" name="intent" value="save" className="primary" disabled={busy}>
          {t('panel.saveInvite')}
        </button>
        <button type="submit" name="intent" value="draw" disabled={busy}>
          {t('panel.redraw')}
        </button>
      </Form>
    </div>
  )
}
