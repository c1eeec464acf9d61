import { type ActionFunctionArgs, type LoaderFunctionArgs, json, redirect, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { addDecisionTarget, createWorkOrders, recordMeasurement } from '#app/commands/outcomes.server'
import { BackLink } from '#app/components/back-link'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fieldErrors } from '#app/components/forms'
import { DecisionOrdersCard, DecisionSatisfactionCard, DecisionTargetsCard } from '#app/components/outcomes/decision-cards'
import { DecisionDelivery, fmtDateTime, submittedText, submittedValues } from '#app/components/outcomes-ui'
import { TopicTitle, ZhText } from '#app/components/zh-text'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { meetingLinkFor } from '#app/services/meetings.server'
import { mayOpenDecision, orderRolesOf, personalDataErrors } from '#app/services/outcomes.server'
import { requireRole, userHasRole, validateCsrf } from '#app/utils/auth.server'
import { chinaDayEnd } from '#app/utils/dates'
import {
  WORK_ORDER_PRIORITIES,
  callbackRate,
  complainantsOfTopic,
  type Db,
  getDb,
  getDecision,
  getMeetingState,
  getUnit,
  isPublicTopic,
  isWorkOrderOverdue,
  listCallbacks,
  listDepartmentsWithoutStaff,
  listStreetStaffNames,
  listUnits,
  listWorkOrderStatuses,
  deliveryStatusFor,
  maskName,
  findPersonalDataIn,
  satisfactionRate,
  unitAncestry,
  workOrderTexts,
} from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { calendarDay, formError, workOrderDueDay } from '#app/utils/form-errors'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { DECISION_VIEW_ROLES, MEASURE_ROLES, ORDER_ISSUE_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'
import { mayReviewTopic } from '#app/utils/topics.server'
import { PII_ROLES } from '#db/enums'

function load(request: Request, idParam: string | undefined) {
  const user = requireRole(request, DECISION_VIEW_ROLES)
  const db = getDb()
  const detail = getDecision(db, Number(idParam))
  if (!detail) throw new Response('Not found', { status: 404 })
  if (!mayOpenDecision(user, detail.topic.unitId)) throw new Response('Forbidden', { status: 403 })
  return { user, db, detail }
}

function voteBehind(db: Db, meetingId: number | null, voteSeq: number | null) {
  if (meetingId == null || voteSeq == null) return null
  const vote = getMeetingState(db, meetingId).votes.find(v => v.seq === voteSeq)
  return vote ? { question: vote.question, ballots: Object.keys(vote.ballots).length } : null
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, 'outcome.decisions.title', data && 'decision' in data ? data.decision.title : undefined) },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, detail } = load(request, params.id)
  const unitId = detail.topic.unitId
  const { topic } = detail
  const ancestors = new Set(unitAncestry(db, unitId).map(u => u.id))
  const offered = listUnits(db, 'department').filter(d => d.parentId != null && ancestors.has(d.parentId))
  const offeredIds = offered.map(d => d.id)
  const unstaffed = new Set(listDepartmentsWithoutStaff(db, offeredIds))
  // A department without an account is still offered (an order may wait there as a draft), marked as such.
  const departments = offered.map(d => ({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn, staffed: !unstaffed.has(d.id) }))
  const canOrder = userHasRole(user, ORDER_ISSUE_ROLES, unitId)
  const seesPii = userHasRole(user, PII_ROLES, unitId)
  const callbacks = listCallbacks(db, detail.decision.id)
  // Each person asked is told apart by a number (the same on every request made of them) and their masked name.
  const numbers = new Map<string, number>()
  const numberOf = (c: (typeof callbacks)[number]) => {
    const key = c.audience === 'panel' ? `m${c.panelMemberId}` : `c${c.complaintId}`
    if (!numbers.has(key)) numbers.set(key, [...numbers.keys()].filter(k => k[0] === key[0]).length + 1)
    return numbers.get(key)!
  }
  const smsStatus = deliveryStatusFor(
    db,
    'satisfaction_rating',
    callbacks.map(c => c.id),
  )
  return json({
    decision: detail.decision,
    topic: { id: topic.id, title: topic.title, place: topic.place },
    // Each link goes where this reader may go, by the rule the page linked to applies (null: the name stands as plain text).
    topicHref: isPublicTopic(topic) ? `/public/topics/${topic.id}` : mayReviewTopic(user, unitId) ? `/topics/${topic.id}` : null,
    meeting: detail.meeting,
    meetingHref: detail.meeting ? meetingLinkFor(request, detail.meeting.id) : null,
    // The vote that carried the decision, by its question and how many voted (not by its place in the meeting's log).
    vote: voteBehind(db, detail.meeting?.id ?? null, detail.decision.voteSeq),
    minutes: detail.minutes,
    targets: detail.targets,
    orders: detail.orders.map(o => ({
      ...o,
      canOpen: orderRolesOf(db, user, { departmentId: o.departmentId, topicUnitId: unitId }).length > 0,
      // Late as soon as its deadline day is over, as the order's own page says, before the overdue job has flagged it.
      overdue: isWorkOrderOverdue(o, Date.now()),
    })),
    departments,
    statuses: listWorkOrderStatuses(db).map(s => ({ code: s.code, nameZh: s.nameZh, nameEn: s.nameEn })),
    canOrder,
    // Who sends the work orders, for everyone else looking at the decision.
    dispatchers: canOrder ? [] : listStreetStaffNames(db, unitId),
    canMeasure: userHasRole(user, MEASURE_ROLES, unitId),
    callback: callbackRate(callbacks),
    satisfaction: satisfactionRate(callbacks),
    // Rating requests are sent by the system (SMS and in-app); street staff follow who was asked and
    // whether the SMS went out, with the phone only for roles that may see it, never the link or text.
    callbacks: canOrder
      ? callbacks.map(c => {
          const sms = smsStatus.get(c.id)
          return {
            id: c.id,
            audience: c.audience,
            number: numberOf(c),
            maskedName: maskName(c.audience === 'panel' ? c.memberName : c.complaintName),
            viaAccount: c.userId != null,
            phone: seesPii ? (c.complaintPhone ?? c.memberPhone ?? null) : null,
            sms: sms ? { status: sms.status, noPhone: sms.noPhone, sentAt: sms.sentAt } : null,
            rating: c.rating,
            comment: c.comment,
            answeredAt: c.answeredAt,
            reopened: c.reopenedWorkOrderId != null,
          }
        })
      : [],
  })
}

const num = z.number({ required_error: 'outcome.error.number', invalid_type_error: 'outcome.error.number' })
const measuredDay = calendarDay({ required: 'outcome.error.date', format: 'outcome.error.date', notAfterToday: 'outcome.error.measuredAfterToday' })
const DecisionActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('addTarget'),
    metric: z.string({ required_error: 'outcome.error.required' }).trim().min(1, 'outcome.error.required').max(100),
    unit: z.string().trim().max(20).default(''),
    baseline: num,
    target: num,
  }),
  z.object({
    intent: z.literal('measure'),
    targetId: z.number({ required_error: 'outcome.error.required' }).int().positive(),
    value: num,
    measuredAt: measuredDay,
    note: z.string().trim().max(500).default(''),
  }),
  z.object({
    intent: z.literal('createOrders'),
    departmentIds: z.array(z.number().int().positive(), { required_error: 'outcome.error.departmentRequired' }).min(1, 'outcome.error.departmentRequired'),
    title: z.string({ required_error: 'outcome.error.titleRequired' }).trim().min(2, 'outcome.error.titleRequired').max(200),
    problem: z.string({ required_error: 'outcome.error.problemRequired' }).trim().min(2, 'outcome.error.problemRequired').max(5000),
    place: z.string().trim().max(200).default(''),
    priority: z.enum(WORK_ORDER_PRIORITIES),
    dueAt: workOrderDueDay(),
    dispatch: z.boolean().default(false),
  }),
])

type Errors = Record<string, MessageKey>

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const { user, db, detail } = load(request, params.id)
  const ctx = { db, actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const unitId = detail.topic.unitId
  const intent = form.get('intent')
  // Who may post is checked before the form is read: a refusal is not a validation answer.
  if ((intent === 'addTarget' || intent === 'measure') && !userHasRole(user, MEASURE_ROLES, unitId)) throw new Response('Forbidden', { status: 403 })
  if (intent === 'createOrders' && !userHasRole(user, ['street_staff'], unitId)) throw new Response('Forbidden', { status: 403 })
  const parsed = parseForm(form, DecisionActionSchema)
  if (!parsed.ok) return parsed.response
  const input = parsed.value
  // Back to the page, saying what was done: the form that posted closes or empties.
  const back = (done: 'target' | 'measure' | 'orders') => redirect(`/decisions/${detail.decision.id}?done=${done}`, 303)

  if (input.intent === 'addTarget') {
    const r = await runCommand(() => addDecisionTarget(ctx, detail.decision.id, input))
    return r.ok ? back('target') : r.response
  }
  if (input.intent === 'measure') {
    if (!detail.targets.some(t => t.id === input.targetId))
      return json({ result: parsed.submission.reply({ fieldErrors: { targetId: ['outcome.error.unknownTarget'] } }) }, { status: 400 })
    const r = await runCommand(() =>
      recordMeasurement(ctx, { targetId: input.targetId, value: input.value, measuredAt: chinaDayEnd(input.measuredAt)!, note: input.note || null }),
    )
    return r.ok ? back('measure') : r.response
  }
  // Personal data is named back beside its field and nothing is sent: the writer takes it out, the text is not rewritten.
  const found = findPersonalDataIn(workOrderTexts(input), complainantsOfTopic(db, detail.topic.id))
  if (Object.keys(found).length) {
    const fieldErrors = personalDataErrors('outcome.error.personalData', found, getPrefs(request).locale)
    return json({ result: parsed.submission.reply({ fieldErrors }) }, { status: 400 })
  }
  if (input.dispatch) {
    const unstaffed = listDepartmentsWithoutStaff(db, input.departmentIds)
    if (unstaffed.length) {
      const locale = getPrefs(request).locale
      const names = unstaffed.map(id => localName(getUnit(db, id), locale)).join(locale === 'zh' ? '、' : ', ')
      const message = formError('outcome.error.departmentNoStaff', { departments: names })
      return json({ result: parsed.submission.reply({ fieldErrors: { departmentIds: [message] } }) }, { status: 400 })
    }
  }
  const r = await runCommand(() =>
    createWorkOrders(ctx, {
      decisionId: detail.decision.id,
      departmentIds: input.departmentIds,
      title: input.title,
      problem: input.problem,
      place: input.place || null,
      priority: input.priority,
      dueAt: chinaDayEnd(input.dueAt)!,
      dispatch: input.dispatch,
    }),
  )
  return r.ok ? back('orders') : r.response
}

export default function DecisionPage() {
  const t = useT()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { decision, topic } = data
  const doneParam = useSearchParams()[0].get('done')
  const done = doneParam === 'target' || doneParam === 'measure' || doneParam === 'orders' ? doneParam : null
  // Each form posts its own intent: errors and typed values go back to the form that was sent.
  const result = actionData && 'result' in actionData ? actionData.result : undefined
  const posted = submittedValues(result)
  const errorsFor = (intent: string): Errors =>
    submittedText(posted, 'intent') === intent
      ? Object.fromEntries(Object.entries(fieldErrors(result)).map(([name, keys]) => [name, keys[0] as MessageKey]))
      : {}
  const valuesFor = (intent: string): Record<string, string> => {
    if (submittedText(posted, 'intent') !== intent) return {}
    const out: Record<string, string> = {}
    for (const [name, v] of Object.entries(posted)) out[name] = Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : ''
    return out
  }
  return (
    <section className="stack">
      <BackLink to="/decisions">{t('outcome.decisions.title')}</BackLink>
      <h1>
        <ZhText>{decision.title}</ZhText>
      </h1>
      {done && !actionData ? (
        <p role="status" className="ok">
          {t(`outcome.decision.done.${done}`)}
        </p>
      ) : null}
      {actionData && 'error' in actionData && actionData.error ? (
        <p className="error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      <div className="card stack">
        <p>
          <DecisionDelivery
            status={decision.status}
            progress={decision.progress}
            deliveredAt={decision.deliveredAt}
            targets={data.targets}
            setbacks={{
              rework: data.orders.filter(o => o.setback?.kind === 'rework').length,
              returned: data.orders.filter(o => o.setback?.kind === 'returned').length,
            }}
          />
        </p>
        {decision.description ? (
          <p style={{ whiteSpace: 'pre-wrap' }} lang="zh-CN">
            {decision.description}
          </p>
        ) : null}
        <ul className="list">
          <li>
            {t('outcome.topic')}:{' '}
            {data.topicHref ? (
              <Link to={data.topicHref}>
                <TopicTitle title={topic.title} />
              </Link>
            ) : (
              <TopicTitle title={topic.title} />
            )}
            {topic.place ? (
              <>
                {' · '}
                <ZhText>{topic.place}</ZhText>
              </>
            ) : null}
          </li>
          {data.meeting ? (
            <li>
              {t('outcome.decision.fromMeeting')}:{' '}
              {data.meetingHref ? (
                <Link to={data.meetingHref}>
                  <ZhText>{data.meeting.title}</ZhText>
                </Link>
              ) : (
                <ZhText>{data.meeting.title}</ZhText>
              )}{' '}
              · {fmtDateTime(data.meeting.startsAt, locale)}
              {data.vote ? (
                <>
                  {' · '}
                  {t('outcome.decision.vote')}: <ZhText>{data.vote.question}</ZhText> {t('outcome.decision.voteBallots', { count: data.vote.ballots })}
                </>
              ) : null}
              {data.minutes ? ` · ${t(`outcome.minutes.${data.minutes.status}`)}` : ''}
            </li>
          ) : null}
        </ul>
      </div>

      <DecisionTargetsCard
        data={data}
        measure={{ errors: errorsFor('measure'), values: valuesFor('measure') }}
        addTarget={{ errors: errorsFor('addTarget'), values: valuesFor('addTarget') }}
      />
      <DecisionOrdersCard data={data} createOrders={{ errors: errorsFor('createOrders'), values: valuesFor('createOrders') }} />
      <DecisionSatisfactionCard data={data} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
