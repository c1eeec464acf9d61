import { type ActionFunctionArgs, type LoaderFunctionArgs, json, redirect, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { drawTopicPanel, openPanelDraw, prepareTopicDraw, savePanelAndInvite } from '#app/commands/panels.server'
import { BackLink } from '#app/components/back-link'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { DrawOptionsForm, DrawResult, type Drawn } from '#app/components/panel/draw-page'
import { TopicTitle } from '#app/components/zh-text'
import { makeT, useLocale, useT, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { requireRole, validateCsrf, type SessionUser } from '#app/utils/auth.server'
import {
  buildPanelRequest,
  drawnComposition,
  type drawPanel,
  getDb,
  getPoolMember,
  getUnit,
  listTopicPanels,
  POOL_ATTRIBUTES,
  POOL_ROLES,
  suggestRoleSeats,
  type PanelOptions,
  type TopicRow,
} from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { conflictText, reasonsText, seatLabel, type PoolCounts } from '#app/utils/panel-text'
import { type DrawOptionsInput, DrawSchema, reasonNames, reasonsFor } from '#app/utils/panels.server'
import { PAGE_ROLES } from '#app/utils/permissions'
import { memberContact } from '#app/utils/pool-scope.server'
import { getPrefs } from '#app/utils/prefs.server'
import { requireReviewableTopic, unitLabel } from '#app/utils/topics.server'

type Values = Record<string, string>

function poolCounts(topic: TopicRow): PoolCounts {
  const req = buildPanelRequest(getDb(), topic, { seats: 1, seed: 'x', roleSeats: {}, quotas: {}, alternates: 0, language: 'zh' })
  const counts: PoolCounts = { size: req.pool.length, roles: {}, attrs: {} }
  const unit = req.topic.community
  for (const m of req.pool) {
    for (const r of m.roles ?? []) counts.roles[r] = (counts.roles[r] ?? 0) + 1
    for (const [a, v] of Object.entries(m.attributes ?? {})) if (v != null) (((counts.attrs[a] ??= {})[String(v)] ??= 0), counts.attrs[a][String(v)]++)
    if (unit && m.community === unit) (counts.attrs['@affected'] ??= {}).yes = (counts.attrs['@affected']?.yes ?? 0) + 1
  }
  return counts
}

function defaults(topic: TopicRow, seed: string): Values {
  const seats = 12
  const roleSeats = suggestRoleSeats(topic.stakeholders)
  const v: Values = {
    seats: String(seats),
    seed,
    alternates: '8',
    affectedMin: getUnit(getDb(), topic.unitId)?.kind === 'community' ? String(Math.ceil(seats / 3)) : '0',
  }
  for (const r of POOL_ROLES) v[`role.${r}`] = String(roleSeats[r] ?? 0)
  return v
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'panel.title') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/topics'])
  const topic = requireReviewableTopic(user, Number(params.id))
  const { locale } = getPrefs(request)
  const db = getDb()
  const approved = topic.status === 'approved'
  // Opening the draw fixes the topic's seed (and records it): every draw uses it.
  const seed = approved ? openPanelDraw({ db, actor: { kind: 'user', id: user.id }, notify: context.notify }, topic.id) : ''
  return json({
    topic: {
      id: topic.id,
      title: topic.title,
      status: topic.status,
      stakeholders: topic.stakeholders,
      unit: unitLabel(topic.unitId, locale),
      category: topic.category,
      place: topic.place,
    },
    approved,
    counts: approved ? poolCounts(topic) : null,
    values: defaults(topic, seed),
    suggested: Object.keys(suggestRoleSeats(topic.stakeholders)),
    panels: listTopicPanels(db, topic.id),
    // Passed as data: the component runs in the browser, where db.server exports do not exist.
    roles: POOL_ROLES,
    attributes: POOL_ATTRIBUTES,
  })
}

type ActionData = {
  values: Values
  errors?: Record<string, MessageKey>
  drawn?: Drawn
  infeasible?: { message: string; conflicts: string[] }
  changed?: boolean
}

/** The selector's options from a valid draw form. */
function drawOptions(input: DrawOptionsInput, language: 'zh' | 'en'): Omit<PanelOptions, 'seed'> {
  const roleSeats = Object.fromEntries(Object.entries(input.role).filter((e): e is [string, number] => (e[1] ?? 0) > 0))
  const quotas: PanelOptions['quotas'] = {}
  for (const [attr, byValue] of Object.entries(input.quota)) {
    for (const [value, q] of Object.entries(byValue)) {
      if (!q || (q.min == null && q.max == null)) continue
      ;(quotas[attr] ??= {})[value] = [q.min ?? 0, q.max ?? input.seats]
    }
  }
  if (input.affectedMin) quotas['@affected'] = { yes: [input.affectedMin, Math.max(input.affectedMin, input.seats)] }
  return { seats: input.seats, alternates: input.alternates, roleSeats, quotas, language, now: input.now }
}

/** Field errors keyed as the page shows them: one per field, a quota's min and max under the quota. */
function pageErrors(error: Record<string, string[] | null> | undefined): Record<string, MessageKey> {
  const out: Record<string, MessageKey> = {}
  for (const [name, keys] of Object.entries(error ?? {})) {
    const field = name.replace(/^(quota\.[^.]+\.[^.]+)\.(min|max)$/, '$1')
    if (keys?.[0]) out[field] ??= keys[0] as MessageKey
  }
  return out
}

function describe(user: SessionUser, result: Awaited<ReturnType<typeof drawPanel>> & { ok: true }, locale: 'zh' | 'en'): Drawn {
  const db = getDb()
  const t = makeT(locale)
  const who = (id: number) => {
    const m = getPoolMember(db, id)
    const unit = m ? getUnit(db, m.communityId) : undefined
    return { name: m ? memberContact(user, m).name : null, community: localName(unit, locale) }
  }
  const probs = Object.values(result.result.probabilities)
  const { request } = result
  const pool = new Map(request.pool.map(m => [String(m.id), m]))
  const names = reasonNames(db, locale)
  return {
    panel: result.result.panel.map(p => ({
      id: Number(p.id),
      seat: p.seat,
      seatLabel: seatLabel(t, p.seat),
      reasons: reasonsText(t, reasonsFor(pool.get(String(p.id))!, request.topic, p.seat, request.roleSeats), names),
      probability: result.result.probabilities[String(p.id)] ?? 0,
      ...who(Number(p.id)),
    })),
    alternates: result.result.alternates.map(id => ({ id: Number(id), probability: result.result.probabilities[String(id)] ?? 0, ...who(Number(id)) })),
    algorithm: result.result.algorithm,
    seed: String(result.result.seed),
    now: result.result.now,
    fairnessRatio: result.result.diagnostics.fairnessRatio,
    probRange: [Math.min(...probs), Math.max(...probs)],
    poolSize: result.result.diagnostics.poolSize,
    lotteryPanels: result.result.diagnostics.lotteryPanels,
    composition: drawnComposition(request, result.result),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/topics'])
  const topic = requireReviewableTopic(user, Number(params.id))
  const form = await request.formData()
  validateCsrf(request, form)
  const { locale } = getPrefs(request)
  const t = makeT(locale)
  const ctx = { db: getDb(), actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const values: Values = {}
  for (const [k, v] of form) if (typeof v === 'string' && k !== 'csrf') values[k] = v
  values.language = locale
  // Whatever seed the form carries, the draw uses the topic's committed one.
  const opened = await runCommand(() => prepareTopicDraw(ctx, topic), { values: {} })
  if (!opened.ok) return opened.response
  values.seed = opened.value
  const parsed = parseForm(form, DrawSchema)
  if (!parsed.ok) return json<ActionData>({ values, errors: pageErrors(parsed.submission.error ?? undefined) }, { status: 400 })
  const input = parsed.value
  const drew = await runCommand(
    () => drawTopicPanel(ctx, { topic, options: drawOptions(input, locale), intent: input.intent === 'save' ? 'save' : 'preview' }),
    { values: {} },
  )
  if (!drew.ok) return drew.response
  const outcome = drew.value
  if (!outcome.ok) {
    const counts = poolCounts(topic)
    return json<ActionData>({ values, infeasible: { message: outcome.message, conflicts: outcome.conflicts.map(c => conflictText(t, c, counts)) } })
  }
  const drawn = describe(user, outcome, locale)
  values.now = outcome.result.now
  if (input.intent === 'save') {
    // Save exactly what was shown: if the pool changed since the draw, show the new draw instead.
    if (input.expected !== drawn.panel.map(p => p.id).join(',')) return json<ActionData>({ values, drawn, changed: true }, { status: 409 })
    const saved = await runCommand(() => savePanelAndInvite(ctx, { topicId: topic.id, request: outcome.request, result: outcome.result }, { request }), {
      values,
    })
    if (!saved.ok) return saved.response
    return redirect(`/panels/${saved.value.id}?saved=1`)
  }
  return json<ActionData>({ values, drawn })
}

export default function PanelDraw() {
  const t = useT()
  const locale = useLocale()
  const { topic, approved, counts, values: initial, suggested, panels, roles, attributes } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  // A failed command answers { error }; a draw answers its values, errors or result.
  const data = answer && !('error' in answer) ? answer : undefined
  const busy = useNavigation().state !== 'idle'
  const values: Values = { ...initial, ...(data?.values ?? {}) }
  const err: Record<string, MessageKey> = { ...(data?.errors ?? {}), ...(answer && 'error' in answer ? { _: answer.error } : {}) }
  const hidden = Object.entries(values).filter(([k]) => k !== 'intent' && k !== 'expected' && k !== 'language')
  return (
    <section>
      <BackLink to={`/topics/${topic.id}`}>
        <TopicTitle title={topic.title} />
      </BackLink>
      <h1>{t('panel.title')}</h1>
      <p>
        {topic.title} · {topic.unit}
      </p>
      {panels.length ? (
        <div className="card">
          <h2>{t('panel.existing')}</h2>
          <ul className="list">
            {panels.map(p => (
              <li key={p.id}>
                <Link to={`/panels/${p.id}`}>{t('panel.viewPanel', { id: p.id, seats: p.seats })}</Link>{' '}
                <span className="hint">{fmtDateTime(p.createdAt, locale)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {!approved || !counts ? (
        <p role="alert" className="error">
          {t('panel.notApproved')}
        </p>
      ) : (
        <>
          <p>{t('panel.poolSize', { count: counts.size })}</p>
          {err._ ? (
            <p role="alert" className="error">
              {t(err._)}
            </p>
          ) : null}
          <DrawOptionsForm topic={topic} values={values} err={err} roles={roles} attributes={attributes} suggested={suggested} counts={counts} busy={busy} />
        </>
      )}

      {data?.infeasible ? (
        <div role="alert" className="card error" data-testid="panel-infeasible">
          <h2>{t('panel.infeasible')}</h2>
          <p>{t('panel.conflicts')}</p>
          <ul className="list">
            {data.infeasible.conflicts.map(c => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <p className="hint">{t('panel.infeasibleHint')}</p>
        </div>
      ) : null}

      {data?.drawn ? <DrawResult drawn={data.drawn} changed={!!data.changed} hidden={hidden} busy={busy} /> : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
