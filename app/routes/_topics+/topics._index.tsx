import { type ActionFunctionArgs, type LoaderFunctionArgs, json, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useRevalidator, useSearchParams } from '@remix-run/react'
import { useCallback, useState } from 'react'
import { z } from 'zod'
import { mergeTopics } from '#app/commands/topics.server'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fieldErrors } from '#app/components/forms'
import { fmtDate } from '#app/components/outcomes-ui'
import { PeriodLinks } from '#app/components/period-links'
import { MergeConfirm, type MergeProposal } from '#app/components/topics/merge-confirm'
import { RefusalText } from '#app/components/topics/refusal-text'
import { hottestOf, type MergeRefusal, TopicList } from '#app/components/topics/topic-list'
import { MarkedText, topicTitleText } from '#app/components/zh-text'
import { isMessageKey, useLocale, useT, type MessageKey } from '#app/i18n/index'
import { isHistorical } from '#app/services/topics.server'
import { requireRole, scopeUnitIds, userHasRole, validateCsrf } from '#app/utils/auth.server'
import { getDb, complaintCountsByTopic, countTopics, getTopic, getTopicHistory, listTopics } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { formErrorText } from '#app/utils/form-errors'
import { parseForm } from '#app/utils/forms.server'
import { localCategoryName } from '#app/utils/labels.server'
import { pageTitle } from '#app/utils/meta'
import { parsePeriod } from '#app/utils/period'
import { PAGE_ROLES, REVIEW_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'
import { useSocketEvent } from '#app/utils/socket'
import { unitLabel } from '#app/utils/topics.server'
import { markZh } from '#app/utils/zh-marks'
import { TOPIC_STATUSES, type TopicStatus } from '#db/enums'

const TOPICS_PAGE_SIZE = 50

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'topics.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/topics'])
  const db = getDb()
  const url = new URL(request.url)
  const status = (TOPIC_STATUSES as readonly string[]).includes(url.searchParams.get('status') ?? '')
    ? (url.searchParams.get('status') as TopicStatus)
    : 'suggested'
  const now = new Date()
  const period = parsePeriod(url.searchParams, now)
  const filter = { scopeUnitIds: scopeUnitIds(user, PAGE_ROLES['/topics']), status, from: period.from, to: period.to }
  // A page at a time: a busy district has thousands of suggestions.
  const total = period.invalid ? 0 : countTopics(db, filter)
  const pages = Math.max(1, Math.ceil(total / TOPICS_PAGE_SIZE))
  const page = Math.min(Math.max(1, Math.floor(Number(url.searchParams.get('page'))) || 1), pages)
  const rows = period.invalid ? [] : listTopics(db, { ...filter, limit: TOPICS_PAGE_SIZE, offset: (page - 1) * TOPICS_PAGE_SIZE })
  const counts = complaintCountsByTopic(
    db,
    rows.map(r => r.id),
  )
  const { locale } = getPrefs(request)
  const cat = localCategoryName(db, locale)
  // Back from handing a topic to another unit (it has left this list): say where it went, to the one who handed it.
  const handedId = Number(url.searchParams.get('handedOver'))
  const handed = Number.isInteger(handedId) && handedId > 0 ? getTopic(db, handedId) : undefined
  const lastMove = handed ? [...getTopicHistory(db, handed.id)].reverse().find(e => e.kind === 'reassign') : undefined
  return json({
    handedOver: handed && lastMove?.actorId === user.id ? { title: handed.title, unit: unitLabel(handed.unitId, locale) } : null,
    status,
    page,
    pages,
    period: {
      name: period.period ?? (url.searchParams.get('from') || url.searchParams.get('to') ? undefined : 'all'),
      from: url.searchParams.get('from') ?? '',
      to: url.searchParams.get('to') ?? '',
      invalid: period.invalid,
    },
    topics: rows.map(t => ({
      id: t.id,
      title: t.title,
      heat: t.heat,
      heatHistory: t.heatHistory,
      place: t.place,
      category: cat(t.category),
      keywords: t.keywords.slice(0, 6),
      fromTime: t.fromTime,
      toTime: t.toTime,
      unit: unitLabel(t.unitId, locale),
      complaintCount: counts.get(t.id) ?? 0,
      version: t.version,
      pushed: !!t.pushedAt,
      escalated: !!t.escalatedAt,
      historical: isHistorical(t.toTime, now),
      rejection: t.status === 'rejected' && t.rejectReason ? { reason: t.rejectReason, note: t.rejectNote } : null,
    })),
  })
}

// `merge` asks about the merge (into the target chosen, or the hottest of those ticked);
// `confirm-merge` does what was asked about. Each rule says what is wrong: too few ticked,
// no target, or a target that is not one of those ticked.
const MergeSchema = z
  .object({
    intent: z.enum(['merge', 'confirm-merge']),
    ids: z.array(z.number().int().positive(), { required_error: 'topics.merge.needTwo' }).min(2, 'topics.merge.needTwo'),
    target: z.number({ invalid_type_error: 'topics.merge.chooseTarget' }).int().positive('topics.merge.chooseTarget').optional(),
  })
  .refine(m => m.target === undefined || m.ids.includes(m.target), { message: 'topics.merge.targetNotTicked', path: ['target'] })
  .refine(m => m.intent === 'merge' || m.target !== undefined, { message: 'topics.merge.chooseTarget', path: ['target'] })

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/topics'])
  const form = await request.formData()
  validateCsrf(request, form)
  const parsed = parseForm(form, MergeSchema)
  if (!parsed.ok) return parsed.response
  const { intent } = parsed.value
  const ids = [...new Set(parsed.value.ids)]
  const db = getDb()
  const ticked = ids.map(id => {
    const t = getTopic(db, id)
    if (!t || !userHasRole(user, REVIEW_ROLES, t.unitId)) throw new Response('Forbidden', { status: 403 })
    return t
  })
  // Each row carries the version the reviewer saw (`version-<id>`); a missing one counts as changed.
  const expectedVersions: Record<number, number> = Object.fromEntries(
    ids.map(id => [id, Number(form.get(`version-${id}`) ?? NaN)]).filter(([, v]) => Number.isInteger(v)),
  )
  if (intent === 'merge') {
    const counts = complaintCountsByTopic(db, ids)
    const target =
      parsed.value.target ??
      hottestOf(
        ticked.map(t => ({ id: t.id, heat: t.heat, complaintCount: counts.get(t.id) ?? 0 })),
        ids,
      )!.id
    const named = (t: (typeof ticked)[number]) => ({ id: t.id, title: t.title })
    const confirm: MergeProposal = {
      ids,
      target: named(ticked.find(t => t.id === target)!),
      others: ticked.filter(t => t.id !== target).map(named),
      versions: expectedVersions,
    }
    return json({ confirm })
  }
  const target = parsed.value.target!
  const ctx = { db, actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  // A refused merge keeps what was ticked, as a form that did not validate does.
  const done = await runCommand(() => mergeTopics(ctx, { targetId: target, sourceIds: ids, expectedVersions }), {
    initialValue: parsed.submission.reply().initialValue,
  })
  if (!done.ok) return done.response
  return json({ ok: 'topics.merge.done' as MessageKey })
}

/** What a refused merge sent (the ticks and the target) and its problems by field. */
function mergeRefusal(answer: unknown): MergeRefusal | null {
  if (!answer || typeof answer !== 'object' || !('result' in answer)) return null
  const { result, initialValue } = answer as { result: Parameters<typeof fieldErrors>[0] & { initialValue?: unknown }; initialValue?: unknown }
  const typed = (initialValue ?? result?.initialValue ?? {}) as { ids?: unknown; target?: unknown }
  const ids = (Array.isArray(typed.ids) ? typed.ids : typed.ids == null ? [] : [typed.ids]).map(Number).filter(Number.isInteger)
  const target = Number(typed.target)
  return { ids, target: Number.isInteger(target) && target > 0 ? target : null, errors: fieldErrors(result) }
}

export default function Topics() {
  const t = useT()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { key: at } = useLocation()
  // The question stays while the list refreshes live (a revalidation forgets the action's answer);
  // going anywhere, cancelling or answering it ends it. Confirmed after one of its topics changed,
  // the server refuses and names that topic.
  const answered = result && 'confirm' in result ? result.confirm : null
  const [asked, setAsked] = useState<{ at: string; proposal: MergeProposal } | null>(null)
  if (answered && (asked?.proposal !== answered || asked.at !== at)) setAsked({ at, proposal: answered })
  const proposal = answered ?? (asked?.at === at ? asked.proposal : null)
  // Asked about a merge, the ticks and the target stay as they were sent, so another target can be asked about.
  const refused = mergeRefusal(result) ?? (proposal ? { ids: proposal.ids, target: proposal.target.id, errors: {} } : null)
  // Problems of the ticks or the target are said beside them; anything else (a change made meanwhile) here.
  const failure = refused ? Object.entries(refused.errors).find(([field]) => field !== 'ids' && field !== 'target')?.[1][0] : undefined
  // A merge refused for a topic changed meanwhile names that topic (its title and status come as parameters).
  const refusal = failure && result && 'error' in result && isMessageKey(result.error) ? { message: result.error, params: result.params } : null
  const [params] = useSearchParams()
  const { revalidate } = useRevalidator()
  const [live, setLive] = useState<string | null>(null)
  useSocketEvent(
    'topic:changed',
    useCallback(
      (p: { title: string }) => {
        setLive(p.title)
        revalidate()
      },
      [revalidate],
    ),
  )
  const date = (d: string | null) => fmtDate(d, locale)
  const pageHref = (p: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(p))
    return `?${next}`
  }
  const tabs: TopicStatus[] = ['suggested', 'approved', 'snoozed', 'rejected', 'merged']
  return (
    <section>
      <h1>{t('topics.title')}</h1>
      {data.handedOver ? (
        <p role="status" className="ok">
          <MarkedText text={t('topics.ok.handedOver', { title: markZh(topicTitleText(data.handedOver.title, locale)), unit: data.handedOver.unit })} />
        </p>
      ) : null}
      <nav aria-label={t('topics.title')} className="row tabs">
        {tabs.map(s => (
          <Link key={s} to={`?status=${s}`} className="button" aria-current={(params.get('status') ?? 'suggested') === s ? 'page' : undefined}>
            {t(`topics.tab.${s}` as MessageKey)}
          </Link>
        ))}
      </nav>
      <PeriodLinks current={data.period.name} />
      <Form method="get" className="row no-print" noValidate>
        <input type="hidden" name="status" value={data.status} />
        <label>
          {t('dashboard.from')}
          <input type="date" name="from" defaultValue={data.period.from} />
        </label>
        <label>
          {t('dashboard.to')}
          <input type="date" name="to" defaultValue={data.period.to} />
        </label>
        <button type="submit">{t('dashboard.apply')}</button>
      </Form>
      {data.period.invalid ? (
        <p role="alert" className="error">
          {t('period.invalid')}
        </p>
      ) : null}
      <p className="hint" aria-live="polite">
        {live ? <MarkedText text={t('topics.updated', { title: markZh(topicTitleText(live, locale)) })} /> : t('topics.live')}
      </p>
      {failure ? (
        <p role="alert" className="error">
          {refusal ? <RefusalText message={refusal.message} params={refusal.params} /> : formErrorText(t, failure)}
        </p>
      ) : result && 'ok' in result && result.ok ? (
        <p role="status" className="ok">
          {t(result.ok)}
        </p>
      ) : null}
      {proposal ? <MergeConfirm proposal={proposal} /> : null}
      {data.topics.length === 0 ? (
        <p>{t('topics.empty')}</p>
      ) : (
        <TopicList topics={data.topics} mergeable={data.status === 'suggested'} date={date} refused={refused} />
      )}
      {data.pages > 1 ? (
        <nav className="pager" aria-label={t('common.page', { page: data.page, pages: data.pages })}>
          {data.page > 1 ? <Link to={pageHref(data.page - 1)}>{t('common.prev')}</Link> : null}
          <span>{t('common.page', { page: data.page, pages: data.pages })}</span>
          {data.page < data.pages ? <Link to={pageHref(data.page + 1)}>{t('common.next')}</Link> : null}
        </nav>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
