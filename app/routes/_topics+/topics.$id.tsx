import { type ActionFunctionArgs, type LoaderFunctionArgs, json, redirect, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useMemo } from 'react'
import { z } from 'zod'
import { approveTopic, reassignTopic, rejectTopic, reopenTopic, snoozeTopic, splitTopic } from '#app/commands/topics.server'
import { BackLink } from '#app/components/back-link'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fieldErrors } from '#app/components/forms'
import { fmtDateTime, submittedValues } from '#app/components/outcomes-ui'
import { Sparkline } from '#app/components/sparkline'
import { StatusBadge } from '#app/components/status-badge'
import { HeatBreakdown } from '#app/components/topics/heat-breakdown'
import { RefusalText } from '#app/components/topics/refusal-text'
import { type RefusedForm, REVIEW_FIELDS, ReviewForms, SNOOZE_DAYS } from '#app/components/topics/review-forms'
import { TopicComplaints } from '#app/components/topics/topic-complaints'
import { TopicHistory } from '#app/components/topics/topic-history'
import { TopicMention } from '#app/components/topics/topic-mention'
import { MarkedText, TopicTitle } from '#app/components/zh-text'
import { isMessageKey, useLocale, useT, type Locale, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { getPipeline } from '#app/services/nlp.server'
import { isHistorical } from '#app/services/topics.server'
import { requireRole, scopeUnitIds, userHasRole, validateCsrf } from '#app/utils/auth.server'
import {
  getDb,
  getDisplayNames,
  getTopic,
  toComplaintView,
  redactPublicText,
  getTopicHistory,
  listTopicComplaints,
  listUnits,
  unitIdsWithin,
} from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { readFormError, wholeNumberBetween } from '#app/utils/form-errors'
import { parseForm } from '#app/utils/forms.server'
import { localCategoryName, localUnitName } from '#app/utils/labels.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES, PII_ROLES, REVIEW_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'
import { localTopicSummary } from '#app/utils/topic-summary'
import { requireReviewableTopic, unitLabel } from '#app/utils/topics.server'
import { stripZhMarks } from '#app/utils/zh-marks'
import type { Db } from '#db/client'
import { REJECT_REASONS } from '#db/enums'
import type { TopicRow } from '#db/queries/topics'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, 'topics.title', data && 'topic' in data ? data.topic.title : undefined) },
]

/**
 * What the approve form offers as the topic's description: the engine's summary
 * as the page shows it (the reader's language and date format), a worker's own
 * text as written.
 */
function descriptionDraft(db: Db, topic: TopicRow, locale: Locale) {
  return stripZhMarks(localTopicSummary(topic, locale, localCategoryName(db, locale)))
}

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
    return {
      id: v.id,
      subject,
      body: body.length > 300 ? `${body.slice(0, 300)}…` : body,
      channel: v.channel,
      receivedAt: v.receivedAt,
      keywords: v.keywords ?? [],
      complainantName: inScope ? v.complainantName : null,
      supporters: v.supportersCount,
      communityName: v.communityName ? unitName(v.communityName) : null,
      canOpen: inScope,
    }
  })
  // The problems raised about the topic's place or organisation, by second-level category: what a worker may split.
  const groups = new Map<string, number>()
  for (const { c } of rows) {
    const label = c.categoryPath?.[1] ?? c.categoryPath?.[0]
    if (label) groups.set(label, (groups.get(label) ?? 0) + 1)
  }
  const subProblems = [...groups].sort((a, b) => b[1] - a[1]).map(([label, count]) => ({ label: categoryName(label), count }))
  const scope = scopeUnitIds(user, REVIEW_ROLES)
  const visible = scope && new Set(unitIdsWithin(db, scope))
  const targets = listUnits(db)
    .filter(u => (u.kind === 'community' || u.kind === 'street') && u.id !== topic.unitId)
    .map(u => ({ id: u.id, name: localName(u, locale), inScope: !visible || visible.has(u.id) }))
  // Topics it went into or came from, by title; linked only for a reviewer who may open them.
  const mention = (id: number | null) => {
    const other = id == null ? undefined : getTopic(db, id)
    return other ? { id: other.id, title: other.title, canOpen: userHasRole(user, REVIEW_ROLES, other.unitId) } : null
  }
  const history = getTopicHistory(db, topic.id)
  // The other topics of a split or merge, named in the step of each: the topic split off or
  // merged into, the one split from, the ones merged in.
  const partners = (e: (typeof history)[number]) => {
    const data = e.data as { into?: unknown; from?: unknown } | null
    const ids: unknown[] =
      e.kind === 'split' || e.kind === 'merge'
        ? [data?.into]
        : e.kind === 'split-from'
          ? [data?.from]
          : e.kind === 'merge-target' && Array.isArray(data?.from)
            ? data.from
            : []
    return ids.flatMap(id => (typeof id === 'number' ? (mention(id) ?? []) : []))
  }
  const actorNames = getDisplayNames(db, [...new Set(history.flatMap(e => (e.actorId != null ? [e.actorId] : [])))])
  return json({
    topic: {
      ...topic,
      summary: localTopicSummary(topic, locale, categoryName),
      descriptionDraft: descriptionDraft(db, topic, locale),
      unit: unitLabel(topic.unitId, locale),
      categoryShown: (topic.categoryPath.length ? topic.categoryPath : [topic.category]).filter(Boolean).map(localCategoryName(db, locale)).join(' › '),
    },
    mergedInto: mention(topic.mergedIntoId),
    splitFrom: mention(topic.splitFromId),
    complaints,
    subProblems,
    historical: isHistorical(topic.toTime, new Date()),
    history: history.map(e => ({
      id: e.id,
      kind: e.kind,
      note: e.note,
      createdAt: e.createdAt,
      data: e.data,
      others: partners(e),
      // Who approved, merged or handed it on; the engine's own steps name nobody.
      actor: e.actorId != null ? (actorNames.get(e.actorId) ?? null) : null,
    })),
    targets,
    // The approve form offers the taxonomy's first-level categories (value: the stored Chinese name).
    categories: getPipeline(db).taxonomy.categories.map(c => ({ value: c.nameZh, label: localName(c, locale) })),
  })
}

const Seen = z.object({ expectedVersion: z.number({ required_error: 'topics.error.generic', invalid_type_error: 'topics.error.generic' }).int() })
const text = (max: number) => z.string().trim().max(max).default('')
const ApproveSchema = Seen.extend({
  intent: z.literal('approve'),
  title: z.string({ required_error: 'topics.error.title' }).trim().min(1, 'topics.error.title').max(120, 'topics.error.title'),
  description: text(5000),
  category: text(40),
  place: text(120),
})
const RejectSchema = Seen.extend({
  intent: z.literal('reject'),
  // No reason is taken for granted: the reviewer chooses one.
  reason: z.enum(REJECT_REASONS, { errorMap: () => ({ message: 'topics.error.reason' }) }),
  note: text(2000),
})
const SnoozeSchema = Seen.extend({
  intent: z.literal('snooze'),
  days: wholeNumberBetween(SNOOZE_DAYS.min, SNOOZE_DAYS.max, 'days'),
})
const ReassignSchema = Seen.extend({
  intent: z.literal('reassign'),
  unitId: z.number({ message: 'topics.error.reassignUnit' }).int().positive('topics.error.reassignUnit'),
  note: text(2000),
})
// The split names its new topic in a field of its own, so its errors and what was typed stay with the split.
const SplitSchema = Seen.extend({
  intent: z.literal('split'),
  splitTitle: z.string({ required_error: 'topics.error.title' }).trim().min(1, 'topics.error.title').max(120, 'topics.error.title'),
  complaintIds: z.array(z.number().int().positive(), { required_error: 'topics.error.split' }).min(1, 'topics.error.split'),
})
const ReopenSchema = Seen.extend({ intent: z.literal('reopen') })
const ReviewSchema = z.discriminatedUnion('intent', [ApproveSchema, RejectSchema, SnoozeSchema, ReassignSchema, SplitSchema, ReopenSchema])

const DONE: Record<z.infer<typeof ReviewSchema>['intent'], MessageKey> = {
  approve: 'topics.ok.approved',
  reject: 'topics.ok.rejected',
  reopen: 'topics.ok.reopened',
  snooze: 'topics.ok.snoozed',
  reassign: 'topics.ok.reassigned',
  split: 'topics.ok.split',
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/topics'])
  const topic = requireReviewableTopic(user, Number(params.id))
  const form = await request.formData()
  validateCsrf(request, form)
  const parsed = parseForm(form, ReviewSchema)
  if (!parsed.ok) return parsed.response
  const input = parsed.value
  const db = getDb()
  const ctx = { db, actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const seen = { topicId: topic.id, expectedVersion: input.expectedVersion }
  // A refused action keeps what was typed, as a form that did not validate does.
  const keep = { values: parsed.submission.reply().initialValue }
  let split: TopicRow | undefined
  const done = await runCommand(() => {
    switch (input.intent) {
      case 'approve':
        return approveTopic(ctx, {
          ...seen,
          title: input.title,
          // The summary approved as offered (a browser sends a textarea's lines with CRLF) stays the engine's,
          // which every reader then sees in their own language.
          description:
            input.description.replace(/\r\n/g, '\n') === descriptionDraft(db, topic, getPrefs(request).locale).trim() ? topic.description : input.description,
          category: input.category || topic.category,
          place: input.place || null,
        })
      case 'reject':
        return rejectTopic(ctx, { ...seen, reason: input.reason, note: input.note || null })
      case 'snooze':
        return snoozeTopic(ctx, { ...seen, days: input.days })
      case 'reassign':
        return reassignTopic(ctx, { ...seen, unitId: input.unitId, note: input.note || null })
      case 'split': {
        const { original, created } = splitTopic(ctx, { ...seen, complaintIds: input.complaintIds, title: input.splitTitle })
        split = created
        return original
      }
      case 'reopen':
        return reopenTopic(ctx, seen)
    }
  }, keep)
  if (!done.ok) return done.response
  // A worker who handed the topic outside their own scope can no longer open it.
  if (input.intent === 'reassign' && !userHasRole(user, REVIEW_ROLES, done.value.unitId)) return redirect(`/topics?handedOver=${done.value.id}`)
  // A split names the topic it made, linked when the worker may open it, so they can go on there.
  const created = split ? { id: split.id, title: split.title, canOpen: userHasRole(user, REVIEW_ROLES, split.unitId) } : null
  return json({ ok: DONE[input.intent], created })
}

/** The form a refused post came from: its intent, what was typed in it, and its problems by field. */
function refusedForm(answer: unknown): RefusedForm | null {
  if (!answer || typeof answer !== 'object' || !('result' in answer)) return null
  const { result, values } = answer as { result: unknown; values?: unknown }
  const typed = values && typeof values === 'object' ? (values as Record<string, unknown>) : submittedValues(result)
  return { intent: String(typed.intent ?? ''), values: typed, errors: fieldErrors(result as Parameters<typeof fieldErrors>[0]) }
}

export default function TopicReview() {
  const t = useT()
  const locale = useLocale()
  const { topic, mergedInto, splitFrom, complaints, history, targets, subProblems, historical, categories } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  // One object per answer: the forms remember which refused fields were put right since, until the next answer, across live refreshes.
  const refused = useMemo(() => refusedForm(result), [result])
  // Each problem is said once: beside its field in the form that was sent, or
  // here at the top when it belongs to no field there (a change made meanwhile).
  const unplaced = refused ? Object.entries(refused.errors).find(([field]) => !REVIEW_FIELDS[refused.intent]?.includes(field)) : undefined
  const failure = !unplaced ? null : result && 'error' in result ? { key: result.error, params: result.params ?? {} } : readFormError(unplaced[1][0]!)
  const busy = useNavigation().state !== 'idle'
  const open = topic.status === 'suggested' || topic.status === 'snoozed'
  const breakdown = topic.heatBreakdown as Record<string, { value: number; contribution: number } | number>
  const date = (d: string | null) => fmtDateTime(d, locale)
  const terms = [...topic.keywords, ...complaints.flatMap(c => c.keywords)]
  return (
    <section>
      <BackLink to="/topics">{t('topics.title')}</BackLink>
      <h1>
        <TopicTitle title={topic.title} />
      </h1>
      <p>
        <StatusBadge status={topic.status} />{' '}
        <span className="badge hot">
          {t('topics.heat')} {topic.heat.toFixed(1)}
        </span>{' '}
        <Sparkline points={topic.heatHistory as [string, number][]} label={t('topics.trend')} width={160} height={32} />
      </p>
      {topic.status === 'snoozed' && topic.snoozedUntil ? (
        <p className="hint" data-testid="snoozed-until">
          {t('topics.snoozedUntil', { date: date(topic.snoozedUntil) })}
        </p>
      ) : null}
      {mergedInto ? (
        <p>
          <TopicMention message="topics.mergedInto" topic={mergedInto} />
        </p>
      ) : null}
      {splitFrom ? (
        <p className="hint">
          <TopicMention message="topics.splitFrom" topic={splitFrom} />
        </p>
      ) : null}
      {failure ? (
        <p role="alert" className="error">
          <RefusalText message={failure.key} params={failure.params} />
        </p>
      ) : result && 'ok' in result ? (
        <p role="status" className="ok">
          {result.created ? <TopicMention message="topics.ok.splitInto" topic={result.created} /> : t(result.ok)}
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
          <dd>{topic.categoryShown || t('topics.uncategorised')}</dd>
        </div>
        <div>
          <dt>{t('topics.timeRange')}</dt>
          <dd>
            {date(topic.fromTime)} – {date(topic.toTime)}
          </dd>
        </div>
        <div>
          <dt>{t('topics.keywords')}</dt>
          <dd lang="zh-CN">{topic.keywords.length ? topic.keywords.join('、') : t('topics.noKeywords')}</dd>
        </div>
        <div>
          <dt>{t('topics.stakeholders')}</dt>
          <dd>
            {topic.stakeholders.map(code => (isMessageKey(`stakeholder.${code}`) ? t(`stakeholder.${code}` as MessageKey) : code)).join(t('common.listSep'))}
          </dd>
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

      <HeatBreakdown heat={topic.heat} breakdown={breakdown} />

      {open ? <ReviewForms topic={topic} targets={targets} categories={categories} busy={busy} refused={refused} /> : null}
      {topic.status === 'rejected' ? (
        <Form method="post" className="card row" noValidate>
          <CsrfInput />
          <input type="hidden" name="expectedVersion" value={topic.version} />
          <p className="hint">{t('topics.reopen.hint')}</p>
          <button type="submit" name="intent" value="reopen" disabled={busy}>
            {t('topics.action.reopen')}
          </button>
        </Form>
      ) : null}

      <TopicComplaints
        topic={topic}
        complaints={complaints}
        terms={terms}
        subProblems={subProblems}
        historical={historical}
        open={open}
        busy={busy}
        refused={refused?.intent === 'split' ? refused : null}
        date={date}
      />

      <TopicHistory history={history} date={date} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
