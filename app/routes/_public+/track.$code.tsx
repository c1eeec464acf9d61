import { type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { CopyButton } from '#app/components/copy-button'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ProgressMeter, fmtDate } from '#app/components/outcomes-ui'
import { StatusBadge } from '#app/components/status-badge'
import { MarkedText, PublicText, TopicTitle, ZhText } from '#app/components/zh-text'
import { isMessageKey, useLocale, useT, type Locale, type MessageKey } from '#app/i18n/index'
import { localName, localText } from '#app/i18n/local-name'
import { formatDateTime } from '#app/utils/dates'
import {
  getDb,
  getComplaintHistory,
  getComplaintTopics,
  getTrackingCode,
  complainantNamesOf,
  getPublicComplaint,
  redactPublicText,
  getUnit,
  getPublicTopic,
  getAnswerForComplaint,
  scoreOfRatingReopen,
} from '#app/utils/db.server'
import { localCategoryName } from '#app/utils/labels.server'
import { pageTitle } from '#app/utils/meta'
import { getPrefs } from '#app/utils/prefs.server'
import { normalizeTrackingCode } from '#app/utils/tracking-code'
import { markZh } from '#app/utils/zh-marks'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'intake.track.title') }, { name: 'robots', content: 'noindex' }]

/** Public tracking page: what happened to a report, with no personal data at all. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const db = getDb()
  const categoryName = localCategoryName(db, getPrefs(request).locale)
  const typed = params.code ?? ''
  const code = normalizeTrackingCode(typed)
  // A code typed into the address bar in its own way lands on the one address of the report.
  if (code && code !== typed) throw redirect(`/track/${code}${new URL(request.url).search}`)
  const c = code ? getPublicComplaint(db, code) : undefined
  const typedInForm = new URL(request.url).searchParams.get('typed')
  if (!c) return json({ found: false as const, code: typed.slice(0, 40), typed: typedInForm?.slice(0, 40) ?? null }, { status: 404 })
  if (typedInForm != null) throw redirect(`/track/${c.trackingCode}`)
  const original = c.duplicateOfId ? getTrackingCode(db, c.duplicateOfId) : null
  const unit = c.communityId ? getUnit(db, c.communityId) : c.unitId ? getUnit(db, c.unitId) : undefined
  // A tracking code can be forwarded or guessed: a petition shows only its progress, never its text.
  const confidential = c.channel === 'petition'
  const names = [complainantNamesOf(db, [c.id]).get(c.id)]
  const reply = confidential ? null : replyOf(db, c.id)
  const topics = getComplaintTopics(db, c.id).map(tp => ({ id: tp.id, title: tp.title, outcome: topicOutcome(db, tp.id) }))
  const outcomes = topics.flatMap(tp => (tp.outcome ? [tp.outcome] : []))
  const events = getComplaintHistory(db, c.id).map(h => ({
    status: h.status,
    at: h.createdAt.toISOString(),
    // The line a resident's poor rating leaves when it reopens the topic's work; the note itself (which rating, what score) stays off this page.
    reopened: scoreOfRatingReopen(h.note) != null,
  }))
  const reopened = reopeningOf(events, outcomes)
  // Answered and resolved (or closed) by staff without becoming a topic: there is no meeting, decision or rating to come.
  const settled = !topics.length && (c.status === 'resolved' || c.status === 'closed')
  return json({
    found: true as const,
    complaint: {
      trackingCode: c.trackingCode,
      subject: confidential ? null : redactPublicText(c.subject, names),
      body: confidential ? null : redactPublicText(c.body, names),
      placeText: confidential || !c.placeText ? null : redactPublicText(c.placeText, names),
      status: c.status,
      receivedAt: c.receivedAt.toISOString(),
      category: c.categoryPath?.map(categoryName).join(' / ') ?? null,
      supporters: c.supportersCount,
      unit: unit ? { nameZh: unit.nameZh, nameEn: unit.nameEn } : null,
      duplicateOf: original,
    },
    // The official reply as the library keeps it, scrubbed of personal data; a petition's stays off the page like its text.
    reply,
    reopened,
    nextStep: reopened
      ? reopened.redone
        ? 'intake.track.next.redone'
        : 'intake.track.next.reopened'
      : settled
        ? settledStepOf(c.status, reply !== null)
        : nextStepOf(c.status, reply !== null),
    // Settled without a topic, the report never took the deliberation's steps: reported, then answered.
    steps: settled ? settledSteps(c.status, reply !== null) : STAGES,
    // Reopened, the work is back at its last step: being delivered again.
    stage:
      reopened && !reopened.redone ? { step: STAGES.length - 1, redoing: true } : { step: settled ? 1 : stageOf(outcomes, topics.length > 0), redoing: false },
    // Each step once: staff notes that keep the status (a new category) are their business, not a step for the resident. A reopening is one.
    history: events.filter((h, i, all) => i === 0 || h.reopened || h.status !== all[i - 1]!.status),
    topics,
  })
}

/**
 * The reopening of the topic's work by a resident's rating, while it lasts:
 * when it was asked for, and whether the work has been delivered again since.
 * Staff settling the report again ends it.
 */
function reopeningOf(events: { status: string; at: string; reopened: boolean }[], outcomes: Outcome[]) {
  const last = events.reduce((found, e, i) => (e.reopened ? i : found), -1)
  if (last < 0 || events.slice(last + 1).some(e => e.status !== 'in_topic')) return null
  const decisions = outcomes.flatMap(o => o.decisions)
  return { at: events[last]!.at, redone: decisions.length > 0 && decisions.every(d => d.status === 'delivered') }
}

/** What the resident can expect next; a report staff have answered is not still waiting to become a topic. */
function nextStepOf(status: string, replied: boolean): MessageKey | null {
  if (replied && (status === 'received' || status === 'classified')) return 'intake.track.next.replied'
  const key = `intake.track.next.${status}`
  return isMessageKey(key) ? key : null
}

/** A report settled without a topic: what is left to say is that it may be reported again, and no rating is asked for. */
function settledStepOf(status: string, replied: boolean): MessageKey {
  return status === 'closed' ? 'intake.track.next.closed' : replied ? 'intake.track.next.answered' : 'intake.track.next.settled'
}
/** Its two steps: reported, then answered (or resolved, closed). */
function settledSteps(status: string, replied: boolean): MessageKey[] {
  return ['intake.track.stage.received', replied ? 'intake.track.stage.answered' : status === 'closed' ? 'status.closed' : 'status.resolved']
}

function replyOf(db: ReturnType<typeof getDb>, complaintId: number) {
  const a = getAnswerForComplaint(db, complaintId)
  return a && a.publicReply ? { text: a.publicReply, repliedAt: a.repliedAt.toISOString() } : null
}

/**
 * What came of a topic, as published on its public page: meetings held,
 * decisions with their delivery, and the departments' work orders.
 */
function topicOutcome(db: ReturnType<typeof getDb>, topicId: number) {
  const view = getPublicTopic(db, topicId)
  if (!view) return null
  return {
    meetings: view.meetings.map(m => ({ id: m.id, title: m.title, startsAt: m.startsAt.toISOString(), status: m.status, minutes: m.minutes != null })),
    decisions: view.decisions.map(d => ({
      id: d.id,
      title: d.title,
      status: d.status,
      progress: d.progress,
      deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
      orders: d.orders.map(o => ({ id: o.id, department: o.department, departmentEn: o.departmentEn, statusZh: o.statusZh, statusEn: o.statusEn })),
    })),
  }
}

type Outcome = NonNullable<ReturnType<typeof topicOutcome>>

/** The furthest step of 反映 → 议题 → 议事 → 决定 → 兑现 reached. */
function stageOf(outcomes: Outcome[], inTopic: boolean) {
  const decisions = outcomes.flatMap(o => o.decisions)
  if (decisions.length && decisions.every(d => d.status === 'delivered')) return 4
  if (decisions.length) return 3
  if (outcomes.some(o => o.meetings.length)) return 2
  return inTopic ? 1 : 0
}
const STAGES = [
  'intake.track.stage.received',
  'intake.track.stage.topic',
  'intake.track.stage.meeting',
  'intake.track.stage.decision',
  'intake.track.stage.delivered',
] as const

const fmt = (iso: string, locale: Locale) => formatDateTime(iso, locale)

// The code is read out and copied as one piece: it never breaks at its hyphens, even in large text on a phone.
const CODE_SLOT = '\u0000'
function WithCode({ text, code }: { text: string; code: string }) {
  const [before, after = ''] = text.split(CODE_SLOT)
  return (
    <>
      {before}
      <span className="nowrap">{code}</span>
      {after}
    </>
  )
}

export default function TrackCode() {
  const t = useT()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  if (!data.found) {
    return (
      <p className="error" role="alert">
        {data.typed && data.typed !== data.code
          ? t('intake.track.notFoundTyped', { code: data.code, typed: data.typed })
          : t('intake.track.notFound', { code: data.code })}
      </p>
    )
  }
  const c = data.complaint
  return (
    <article className="card stack" aria-labelledby="track-subject">
      {params.get('new') ? (
        <div role="status" className="ok">
          <h2>{t('intake.created.title')}</h2>
          <p data-testid="tracking-code">
            <WithCode text={t('intake.created.code', { code: CODE_SLOT })} code={c.trackingCode} />
          </p>
          <CopyButton text={c.trackingCode} label={t('intake.track.copy')} />
          <p className="hint">{t('intake.created.keep')}</p>
        </div>
      ) : null}
      {params.get('dup') ? (
        <p role="status" className="hint">
          <WithCode text={t('intake.duplicate', { code: CODE_SLOT })} code={c.trackingCode} />
        </p>
      ) : null}
      <h2 id="track-subject">{c.subject ? <PublicText text={c.subject} /> : t('intake.track.confidential')}</h2>
      <p>
        <StatusBadge status={data.reopened && !data.reopened.redone ? 'reopened' : c.status} audience="resident" />{' '}
        <span className="hint nowrap">{c.trackingCode}</span>
      </p>
      {data.nextStep ? (
        <section aria-labelledby="track-next" className="next-step">
          <h3 id="track-next">{t('intake.track.next')}</h3>
          <p>{t(data.nextStep)}</p>
        </section>
      ) : null}
      <dl>
        <dt>{t('intake.track.received')}</dt>
        <dd>{fmt(c.receivedAt, locale)}</dd>
        {c.unit ? (
          <>
            <dt>{t('common.community')}</dt>
            <dd>{localName(c.unit, locale)}</dd>
          </>
        ) : null}
        {c.placeText ? (
          <>
            <dt>{t('inbox.place')}</dt>
            <dd>
              <PublicText text={c.placeText} />
            </dd>
          </>
        ) : null}
        {c.category ? (
          <>
            <dt>{t('intake.track.category')}</dt>
            <dd>{c.category}</dd>
          </>
        ) : null}
        <dt>{t('intake.track.supporters')}</dt>
        <dd>{c.supporters}</dd>
      </dl>
      {c.body ? (
        <p style={{ whiteSpace: 'pre-wrap' }}>
          <PublicText text={c.body} />
        </p>
      ) : (
        <p className="hint">{t('intake.track.confidentialHint')}</p>
      )}
      {c.duplicateOf ? (
        <p className="hint">
          {t('intake.track.duplicateOf')} <Link to={`/track/${c.duplicateOf}`}>{c.duplicateOf}</Link>
        </p>
      ) : null}
      <TrackStages steps={data.steps} stage={data.stage.step} redoing={data.stage.redoing} />
      {data.reply ? (
        <section className="card" aria-labelledby="track-reply">
          <h3 id="track-reply">{t('intake.track.reply')}</h3>
          <p style={{ whiteSpace: 'pre-wrap' }}>
            <PublicText text={data.reply.text} />
          </p>
          <p className="hint">{t('intake.track.repliedAt', { date: fmt(data.reply.repliedAt, locale) })}</p>
        </section>
      ) : null}
      {data.topics.length ? (
        <>
          <h3>{t('intake.track.topics')}</h3>
          <ul className="list">
            {data.topics.map(tp => (
              <li key={tp.id} className="stack" style={{ gap: '.35rem' }}>
                {tp.outcome ? (
                  <Link to={`/public/topics/${tp.id}`}>
                    <TopicTitle title={tp.title} />
                  </Link>
                ) : (
                  <TopicTitle title={tp.title} />
                )}
                {tp.outcome?.meetings.map(m => (
                  <span key={`m${m.id}`} className="hint">
                    <MarkedText text={t('intake.track.meeting', { title: markZh(m.title), date: fmtDate(m.startsAt, locale) })} />{' '}
                    <StatusBadge status={m.status} />
                    {m.minutes ? ` · ${t('outcome.minutes.published')}` : ''}
                  </span>
                ))}
                {tp.outcome?.decisions.map(d => (
                  <div key={`d${d.id}`} className="stack" style={{ gap: '.2rem' }} data-testid="track-decision">
                    <strong>
                      {t('outcome.public.decision')}
                      {locale === 'zh' ? '：' : ': '}
                      <ZhText>{d.title}</ZhText>
                    </strong>
                    <span>
                      {d.status === 'delivered' && d.deliveredAt ? (
                        <span className="ok">{t('outcome.decision.deliveredAt', { date: fmtDate(d.deliveredAt, locale) })}</span>
                      ) : (
                        <span>{t('outcome.decision.open')}</span>
                      )}{' '}
                      <ProgressMeter value={d.progress} />
                    </span>
                    {d.orders.map(o => (
                      <span key={o.id} className="hint">
                        {t('intake.track.order', {
                          department: localText(o.department, o.departmentEn, locale),
                          status: localText(o.statusZh, o.statusEn, locale),
                        })}
                      </span>
                    ))}
                  </div>
                ))}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('intake.track.history')}</h3>
      <ol className="list">
        {data.history.map((h, i) => (
          <li key={i} data-reopened={h.reopened || undefined}>
            {h.reopened ? <span className="badge">{t('intake.track.reopened')}</span> : <StatusBadge status={h.status} audience="resident" />}{' '}
            <span className="hint">{fmt(h.at, locale)}</span>
          </li>
        ))}
      </ol>
    </article>
  )
}

/**
 * Where the report is on its way from a resident's words to a delivered,
 * public result. Reopened by a rating, the last step is under way again (`redoing`).
 */
function TrackStages({ steps, stage, redoing }: { steps: readonly MessageKey[]; stage: number; redoing: boolean }) {
  const t = useT()
  const last = steps.length - 1
  return (
    <ol className="loop-steps" aria-label={t('intake.track.stages')}>
      {steps.map((k, i) => (
        <li
          key={k}
          className={redoing && i === last ? 'current' : i < stage || i === last ? (i <= stage ? 'done' : undefined) : i === stage ? 'current' : undefined}
          aria-current={i === stage ? 'step' : undefined}
        >
          {t(redoing && i === last ? 'intake.track.stage.redoing' : k)}
        </li>
      ))}
    </ol>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
