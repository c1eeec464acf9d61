import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import {
  approveTopic,
  getDb,
  getTopicComplaintIds,
  getTopicHistory,
  listTopicComplaints,
  listUnits,
  notifyTopicFollowers,
  reassignTopic,
  rejectTopic,
  snoozeTopic,
  splitTopic,
  toComplaintView,
  redactPublicText,
  TopicConflictError,
  TopicStateError,
  unitDescendantIds,
} from '#app/utils/db.server'
import { PII_ROLES, REJECT_REASONS } from '#db/enums'
import { pushNotifications } from '#app/commands/notify.server'
import { requireRole, scopeUnitIds, userHasRole, validateCsrf } from '#app/utils/auth.server'
import { PAGE_ROLES } from '#app/utils/access'
import { REVIEW_ROLES, requireReviewableTopic, unitLabel } from '#app/utils/topics.server'
import { isHistorical, removeFromEngine, rescoreManualTopic } from '#app/services/topics.server'
import { getPrefs } from '#app/utils/prefs.server'
import { localCategoryName, localUnitName } from '#app/utils/labels.server'
import { isMessageKey, useLocale, useT, type MessageKey } from '#app/i18n/index'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { Highlighted } from '#app/components/highlight'
import { Sparkline } from '#app/components/sparkline'
import { MarkedText, TopicTitle, ZhText } from '#app/components/zh-text'
import { localTopicSummary } from '#app/utils/topic-summary'
import { StatusBadge } from '#app/components/status-badge'

const HEAT_PARTS = ['complaints', 'distinctResidents', 'supporters', 'recency', 'burst', 'channels'] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/topics'])
  const topic = requireReviewableTopic(user, Number(params.id))
  const db = getDb()
  const { locale } = getPrefs(request)
  const categoryName = localCategoryName(db, locale)
  const unitName = localUnitName(db, locale)
  // A topic merged or moved across communities can hold complaints the reviewer may not open:
  // those show only their scrubbed public text, and petitions from outside not at all.
  const rows = listTopicComplaints(db, topic.id)
    .map(c => ({ c, inScope: userHasRole(user, PII_ROLES, c.unitId) }))
    .filter(({ c, inScope }) => inScope || c.channel !== 'petition')
  const complaints = rows.map(({ c, inScope }) => {
    const v = toComplaintView(db, c, inScope)
    const subject = inScope ? v.subject : redactPublicText(v.subject, [c.complainantName])
    const body = inScope ? v.body : redactPublicText(v.body, [c.complainantName])
    return { id: v.id, subject, body: body.length > 300 ? `${body.slice(0, 300)}…` : body, channel: v.channel, receivedAt: v.receivedAt, keywords: v.keywords ?? [], complainantName: inScope ? v.complainantName : null, supporters: v.supportersCount, communityName: v.communityName ? unitName(v.communityName) : null, canOpen: inScope }
  })
  // The problems raised about the topic's place or organisation, by second-level category: what a worker may split.
  const groups = new Map<string, number>()
  for (const { c } of rows) {
    const label = c.categoryPath?.[1] ?? c.categoryPath?.[0]
    if (label) groups.set(label, (groups.get(label) ?? 0) + 1)
  }
  const subProblems = [...groups].sort((a, b) => b[1] - a[1]).map(([label, count]) => ({ label: categoryName(label), count }))
  const scope = scopeUnitIds(user, REVIEW_ROLES)
  const visible = scope ? new Set(scope.flatMap(id => unitDescendantIds(db, id))) : null
  const targets = listUnits(db)
    .filter(u => (u.kind === 'community' || u.kind === 'street') && u.id !== topic.unitId)
    .map(u => ({ id: u.id, name: locale === 'zh' ? u.nameZh : u.nameEn, inScope: !visible || visible.has(u.id) }))
  return json({
    topic: { ...topic, summary: localTopicSummary(topic, locale, categoryName), unit: unitLabel(topic.unitId, locale), categoryShown: (topic.categoryPath.length ? topic.categoryPath : [topic.category]).map(localCategoryName(db, locale)).join(' › ') },
    complaints,
    subProblems,
    historical: isHistorical(topic.toTime, new Date()),
    history: getTopicHistory(db, topic.id).map(e => ({ id: e.id, kind: e.kind, note: e.note, createdAt: e.createdAt, data: e.data })),
    targets,
  })
}

const Base = z.object({ expectedVersion: z.coerce.number().int() })
const ApproveSchema = Base.extend({
  intent: z.literal('approve'),
  title: z.string().trim().min(1).max(120),
  description: z.string().trim().max(5000).default(''),
  category: z.string().trim().max(40).default(''),
  place: z.string().trim().max(120).default(''),
})
const RejectSchema = Base.extend({ intent: z.literal('reject'), reason: z.enum(REJECT_REASONS), note: z.string().trim().max(2000).default('') })
const SnoozeSchema = Base.extend({ intent: z.literal('snooze'), days: z.coerce.number().int().min(1).max(180) })
const ReassignSchema = Base.extend({ intent: z.literal('reassign'), unitId: z.coerce.number().int().positive(), note: z.string().trim().max(2000).default('') })
const SplitSchema = Base.extend({ intent: z.literal('split'), title: z.string().trim().min(1).max(120), complaintIds: z.array(z.coerce.number().int().positive()).min(1) })
const ActionSchema = z.discriminatedUnion('intent', [ApproveSchema, RejectSchema, SnoozeSchema, ReassignSchema, SplitSchema])

type ActionResult = { error: MessageKey | null; ok?: MessageKey; fields?: string[]; status?: string }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/topics'])
  const topic = requireReviewableTopic(user, Number(params.id))
  const form = await request.formData()
  validateCsrf(request, form)
  const raw = { ...Object.fromEntries(form), complaintIds: form.getAll('complaintIds') }
  const parsed = ActionSchema.safeParse(raw)
  if (!parsed.success) {
    const fields = parsed.error.issues.map(i => String(i.path[0]))
    const error: MessageKey = fields.includes('title') ? 'topics.error.title' : fields.includes('complaintIds') ? 'topics.error.split' : 'topics.error.generic'
    return json<ActionResult>({ error, fields }, { status: 400 })
  }
  const db = getDb()
  const actor = { kind: 'user' as const, id: user.id }
  const input = parsed.data
  const base = { topicId: topic.id, expectedVersion: input.expectedVersion }
  try {
    let ok: MessageKey
    let changed = topic
    switch (input.intent) {
      case 'approve':
        changed = approveTopic(db, { ...base, title: input.title, description: input.description, category: input.category, place: input.place || null }, actor)
        removeFromEngine(getTopicComplaintIds(db, topic.id))
        // Complainants with accounts (and any followers) hear that their issue is taken up.
        pushNotifications(context.notify, notifyTopicFollowers(db, topic.id, 'topics.notify.approved', {}))
        ok = 'topics.ok.approved'
        break
      case 'reject':
        changed = rejectTopic(db, { ...base, reason: input.reason, note: input.note || null }, actor)
        removeFromEngine(getTopicComplaintIds(db, topic.id))
        ok = 'topics.ok.rejected'
        break
      case 'snooze':
        changed = snoozeTopic(db, { ...base, until: new Date(Date.now() + input.days * 86_400_000) }, actor)
        ok = 'topics.ok.snoozed'
        break
      case 'reassign': {
        // The receiving unit must exist; workers may hand over to any community of the district.
        if (!listUnits(db).some(u => u.id === input.unitId)) return json<ActionResult>({ error: 'topics.error.generic', fields: ['unitId'] }, { status: 400 })
        changed = reassignTopic(db, { ...base, unitId: input.unitId, note: input.note || null }, actor)
        ok = 'topics.ok.reassigned'
        context.notify.toUnit(db, input.unitId, 'topic:changed', { id: changed.id, unitId: changed.unitId, status: changed.status, heat: changed.heat, title: changed.title })
        break
      }
      case 'split': {
        const { original, created } = splitTopic(db, { ...base, complaintIds: input.complaintIds, title: input.title }, actor)
        for (const t of [original, created]) {
          const ids = getTopicComplaintIds(db, t.id)
          removeFromEngine(ids)
          rescoreManualTopic(db, t.id, ids)
        }
        context.notify.toUnit(db, created.unitId, 'topic:changed', { id: created.id, unitId: created.unitId, status: created.status, heat: created.heat, title: created.title })
        changed = original
        ok = 'topics.ok.split'
        break
      }
    }
    context.notify.toUnit(db, topic.unitId, 'topic:changed', { id: changed.id, unitId: changed.unitId, status: changed.status, heat: changed.heat, title: changed.title })
    if (input.intent === 'reassign' && !userHasRole(user, REVIEW_ROLES, changed.unitId)) return redirect('/topics')
    return json<ActionResult>({ error: null, ok })
  } catch (error) {
    if (error instanceof TopicConflictError) return json<ActionResult>({ error: 'topics.error.conflict' }, { status: 409 })
    if (error instanceof TopicStateError) {
      if (error.status === 'bad-split') return json<ActionResult>({ error: 'topics.error.split', fields: ['complaintIds'] }, { status: 400 })
      return json<ActionResult>({ error: 'topics.error.state', status: error.status }, { status: 409 })
    }
    throw error
  }
}

export default function TopicReview() {
  const t = useT()
  const locale = useLocale()
  const { topic, complaints, history, targets, subProblems, historical } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const open = topic.status === 'suggested' || topic.status === 'snoozed'
  const breakdown = topic.heatBreakdown as Record<string, { value: number; contribution: number } | number>
  const date = (d: string | null) => fmtDateTime(d, locale)
  const terms = [...topic.keywords, ...complaints.flatMap(c => c.keywords)]
  return (
    <section>
      <p>
        <Link to="/topics">← {t('topics.title')}</Link>
      </p>
      <h1>
        <TopicTitle title={topic.title} />
      </h1>
      <p>
        <StatusBadge status={topic.status} /> <span className="badge hot">{t('topics.heat')} {topic.heat.toFixed(1)}</span>{' '}
        <Sparkline points={topic.heatHistory as [string, number][]} label={t('topics.trend')} width={160} height={32} />
      </p>
      {topic.mergedIntoId ? <p>{t('topics.mergedInto', { id: topic.mergedIntoId })}</p> : null}
      {topic.splitFromId ? <p className="hint">{t('topics.splitFrom', { id: topic.splitFromId })}</p> : null}
      {result?.error ? (
        <p role="alert" className="error">
          {t(result.error, { status: result.status ?? '' })}
        </p>
      ) : result?.ok ? (
        <p role="status" className="ok">
          {t(result.ok)}
        </p>
      ) : null}
      <dl className="grid">
        <div>
          <dt>{t('topics.unit')}</dt>
          <dd>{topic.unit}</dd>
        </div>
        <div>
          <dt>{t('topics.place')}</dt>
          <dd lang="zh-CN">{topic.place}</dd>
        </div>
        <div>
          <dt>{t('topics.category')}</dt>
          <dd>{topic.categoryShown}</dd>
        </div>
        <div>
          <dt>{t('topics.timeRange')}</dt>
          <dd>
            {date(topic.fromTime)} – {date(topic.toTime)}
          </dd>
        </div>
        <div>
          <dt>{t('topics.keywords')}</dt>
          <dd lang="zh-CN">{topic.keywords.join('、')}</dd>
        </div>
        <div>
          <dt>{t('topics.stakeholders')}</dt>
          <dd>{topic.stakeholders.map(code => (isMessageKey(`stakeholder.${code}`) ? t(`stakeholder.${code}` as MessageKey) : code)).join('、')}</dd>
        </div>
      </dl>
      {topic.description ? (
        <p>
          <MarkedText text={topic.summary} />
        </p>
      ) : null}
      {topic.status === 'approved' ? (
        <nav aria-label={t('topics.next')} className="row card">
          <strong>{t('topics.next')}</strong>
          <Link className="button primary" to={`/topics/${topic.id}/panel`}>
            {t('topics.next.panel')}
          </Link>
          <Link className="button" to={`/meetings/new?topic=${topic.id}`}>
            {t('topics.next.meeting')}
          </Link>
          <Link className="button" to={`/decisions/new?topicId=${topic.id}`}>
            {t('topics.next.decision')}
          </Link>
          <Link className="button" to={`/public/topics/${topic.id}`}>
            {t('topics.next.public')}
          </Link>
        </nav>
      ) : null}

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
              <td>{topic.heat.toFixed(2)}</td>
            </tr>
          </tbody>
        </table>
      </div>

      {open ? (
        <>
          <h2>{t('topics.action.approve')}</h2>
          <Form method="post" className="stack card">
            <CsrfInput />
            <input type="hidden" name="expectedVersion" value={topic.version} />
            <label>
              {t('topics.field.title')}
              <input name="title" defaultValue={topic.title} required maxLength={120} aria-invalid={result?.fields?.includes('title') || undefined} />
            </label>
            <label>
              {t('topics.field.description')}
              <textarea name="description" defaultValue={topic.description} maxLength={5000} />
            </label>
            <div className="row">
              <label>
                {t('topics.category')}
                <input name="category" defaultValue={topic.category} maxLength={40} />
              </label>
              <label>
                {t('topics.place')}
                <input name="place" defaultValue={topic.place ?? ''} maxLength={120} />
              </label>
            </div>
            <button type="submit" name="intent" value="approve" className="primary" disabled={busy}>
              {t('topics.action.approve')}
            </button>
          </Form>

          <div className="grid">
            <Form method="post" className="stack card">
              <CsrfInput />
              <input type="hidden" name="expectedVersion" value={topic.version} />
              <label>
                {t('topics.field.reason')}
                <select name="reason" defaultValue="not_deliberation">
                  {REJECT_REASONS.map(r => (
                    <option key={r} value={r}>
                      {t(`topics.reason.${r}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('topics.field.note')}
                <textarea name="note" maxLength={2000} />
              </label>
              <button type="submit" name="intent" value="reject" disabled={busy}>
                {t('topics.action.reject')}
              </button>
            </Form>
            <Form method="post" className="stack card">
              <CsrfInput />
              <input type="hidden" name="expectedVersion" value={topic.version} />
              <label>
                {t('topics.field.snoozeDays')}
                <input name="days" type="number" min={1} max={180} defaultValue={7} />
              </label>
              <button type="submit" name="intent" value="snooze" disabled={busy}>
                {t('topics.action.snooze')}
              </button>
            </Form>
            <Form method="post" className="stack card">
              <CsrfInput />
              <input type="hidden" name="expectedVersion" value={topic.version} />
              <label>
                {t('topics.field.unit')}
                <select name="unitId">
                  {targets.map(u => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('topics.field.note')}
                <input name="note" maxLength={2000} />
              </label>
              <button type="submit" name="intent" value="reassign" disabled={busy}>
                {t('topics.action.reassign')}
              </button>
            </Form>
          </div>
        </>
      ) : null}

      <h2>{t('topics.complaints')}</h2>
      {historical ? <p className="hint">{t('topics.historicalHint')}</p> : null}
      {subProblems.length > 1 ? (
        <p className="hint" data-testid="topic-subproblems">
          {t('topics.subProblems')}: {subProblems.map(p => `${p.label}（${p.count}）`).join('、')}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <CsrfInput />
        <input type="hidden" name="expectedVersion" value={topic.version} />
        <ul className="list" data-testid="topic-complaints">
          {complaints.map(c => (
            <li key={c.id}>
              {open ? (
                <label className="inline-form">
                  <input type="checkbox" name="complaintIds" value={c.id} />
                  <span className="visually-hidden">{t('topics.field.splitPick')}</span>
                </label>
              ) : null}{' '}
              {c.canOpen ? (
                <Link to={`/complaints/${c.id}`} lang="zh-CN">
                  <Highlighted text={c.subject} terms={terms} />
                </Link>
              ) : (
                <ZhText>
                  <Highlighted text={c.subject} terms={terms} />
                </ZhText>
              )}
              <div lang="zh-CN">
                <Highlighted text={c.body} terms={terms} />
              </div>
              <div className="hint">
                {t(`channel.${c.channel}` as MessageKey)} · {date(c.receivedAt)} · {c.communityName ?? ''} · <ZhText>{c.complainantName ?? ''}</ZhText>
              </div>
            </li>
          ))}
        </ul>
        {open && complaints.length > 1 ? (
          <div className="row card">
            <label>
              {t('topics.field.splitTitle')}
              <input name="title" defaultValue={topic.title} maxLength={120} required />
            </label>
            <button type="submit" name="intent" value="split" disabled={busy}>
              {t('topics.action.split')}
            </button>
          </div>
        ) : null}
      </Form>

      <h2>{t('topics.history')}</h2>
      <ol className="list">
        {history.map(e => (
          <li key={e.id}>
            {date(e.createdAt)} · {isMessageKey(`topics.event.${e.kind}`) ? t(`topics.event.${e.kind}` as MessageKey) : e.kind}
            {e.note ? (
              <>
                {' · '}
                <ZhText>{e.note}</ZhText>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
