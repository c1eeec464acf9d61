import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { z } from 'zod'
import { followTarget, followedBy, unfollowTarget, unfollowTopic } from '#app/commands/follows.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fmtDate } from '#app/components/outcomes-ui'
import { StatusBadge } from '#app/components/status-badge'
import { TopicTitle, MarkedText, ZhText } from '#app/components/zh-text'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { meetingLinksFor } from '#app/services/meetings.server'
import { requireRole, validateCsrf } from '#app/utils/auth.server'
import {
  getDb,
  getPoolMemberByUserId,
  listComplaintsOfResident,
  listMeetingsForParticipant,
  listPendingRatingsOfUser,
  listReplyDaysOfComplaints,
} from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { meetingWhen } from '#app/utils/meeting-when'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'
import { safeRedirect } from '#app/utils/safe-redirect'
import { markZh } from '#app/utils/zh-marks'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'nav.me') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/me'])
  const filed = listComplaintsOfResident(getDb(), user.id)
  // A report staff have answered says so here, as its tracking page does.
  const replied = listReplyDaysOfComplaints(
    getDb(),
    filed.map(c => c.id),
  )
  const mine = filed.map(c => ({ ...c, repliedAt: replied.get(c.id)?.toISOString() ?? null }))
  const { locale } = getPrefs(request)
  const linkTo = meetingLinksFor(request, 'room')
  const meetings = listMeetingsForParticipant(getDb(), user.id).map(m => ({
    id: m.id,
    href: linkTo(m.id),
    title: m.title,
    when: meetingWhen(m, locale),
    status: m.status,
  }))
  const toRate = listPendingRatingsOfUser(getDb(), user.id).map(r => ({ token: r.token, decision: r.decisionTitle, topic: r.topicTitle }))
  const inPool = Boolean(getPoolMemberByUserId(getDb(), user.id))
  return json({ name: user.displayName, mine, meetings, toRate, inPool, ...followedBy(getDb(), user.id, locale) })
}

const back = z.string().max(2000).optional()
const FollowSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('follow'), kind: z.enum(['category', 'place']), key: z.string().trim().min(1).max(120), redirectTo: back }),
  z.object({ intent: z.literal('unfollow'), kind: z.enum(['category', 'place']), key: z.string().trim().min(1).max(120), redirectTo: back }),
  z.object({ intent: z.literal('unfollow-topic'), topicId: z.coerce.number().int().positive(), redirectTo: back }),
])

/** Follow or unfollow a category, a place or a topic, then go back to the page the button was on. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/me'])
  const form = await request.formData()
  validateCsrf(request, form)
  const parsed = parseForm(form, FollowSchema)
  if (!parsed.ok) return parsed.response
  const v = parsed.value
  const ctx = { db: getDb(), actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const done = await runCommand(async () => {
    if (v.intent === 'follow') await followTarget(ctx, { kind: v.kind, key: v.key })
    else if (v.intent === 'unfollow') await unfollowTarget(ctx, { kind: v.kind, key: v.key })
    else await unfollowTopic(ctx, v.topicId)
  })
  if (!done.ok) return done.response
  // A Location header is ASCII: a category name in the query must be percent-encoded.
  const target = new URL(safeRedirect(v.redirectTo, '/me'), 'http://teahouse.invalid')
  return redirect(target.pathname + target.search + target.hash)
}

/** A community is followed as a place; the list calls it what it is. */
function followKindLabel(f: { kind: string; key: string }): MessageKey {
  if (f.kind === 'category') return 'me.follows.kind.category'
  return f.key.startsWith('community:') ? 'me.follows.kind.community' : 'me.follows.kind.place'
}

export default function MyComplaints() {
  const t = useT()
  const locale = useLocale()
  const { name, mine, meetings, toRate, inPool, follows, topics } = useLoaderData<typeof loader>()
  // An unfollowed line goes from the list: the keyboard moves to the next line's button (or, the list gone, its heading), not to the page's top.
  const followsList = useRef<HTMLUListElement>(null)
  const followsTitle = useRef<HTMLHeadingElement>(null)
  const unfollowedAt = useRef<number | null>(null)
  const followCount = follows.length + topics.length
  useEffect(() => {
    const at = unfollowedAt.current
    if (at === null) return
    unfollowedAt.current = null
    if (document.activeElement && document.activeElement !== document.body) return
    const buttons = followsList.current?.querySelectorAll<HTMLButtonElement>('button[type="submit"]') ?? []
    const next = buttons[Math.min(at, buttons.length - 1)]
    if (next) next.focus()
    else followsTitle.current?.focus()
  }, [followCount])
  const onUnfollow = (e: React.FormEvent<HTMLFormElement>) => {
    const items = [...(followsList.current?.children ?? [])]
    unfollowedAt.current = items.findIndex(li => li.contains(e.currentTarget))
  }
  return (
    <section>
      <h1>
        <MarkedText text={t('home.welcome', { name: markZh(name) })} />
      </h1>
      <p>
        <Link className="button primary" to="/complaints/new">
          {t('nav.submit')}
        </Link>{' '}
        <Link className="button" to="/join">
          {t(inPool ? 'join.linkMember' : 'join.link')}
        </Link>
      </p>
      {toRate.length ? (
        <section className="card stack" aria-labelledby="to-rate-title" data-testid="my-ratings">
          <h2 id="to-rate-title">{t('me.toRate.title')}</h2>
          <p className="hint">{t('me.toRate.lead')}</p>
          <ul className="list">
            {toRate.map(r => (
              <li key={r.token} className="row">
                <span style={{ flex: 1 }}>
                  <strong>
                    <ZhText>{r.decision}</ZhText>
                  </strong>
                  <span className="hint">
                    {' · '}
                    <TopicTitle title={r.topic} />
                  </span>
                </span>
                <Link className="button primary" to={`/rate/${r.token}`}>
                  {t('me.toRate.go')}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {meetings.length ? (
        <>
          <h2>{t('me.meetings')}</h2>
          <ul className="list" data-testid="my-meetings">
            {meetings.map(m => (
              <li key={m.id}>
                {m.href ? (
                  <Link to={m.href}>
                    <ZhText>{m.title}</ZhText>
                  </Link>
                ) : (
                  <ZhText>{m.title}</ZhText>
                )}{' '}
                <StatusBadge status={m.status} />
                <div className="hint">{m.when}</div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 ref={followsTitle} tabIndex={-1}>
        {t('me.follows.title')}
      </h2>
      {follows.length + topics.length === 0 ? (
        <p className="hint">{t('me.follows.empty')}</p>
      ) : (
        <ul className="list" data-testid="my-follows" ref={followsList}>
          {follows.map((f, i) => (
            <li key={`${f.kind}:${f.key}`} className="row">
              <span id={`follow-${i}`}>
                {t('common.labelled', { label: t(followKindLabel(f)), value: '' })}
                <ZhText>{f.name}</ZhText>
              </span>
              <Form method="post" onSubmit={onUnfollow}>
                <CsrfInput />
                <input type="hidden" name="intent" value="unfollow" />
                <input type="hidden" name="kind" value={f.kind} />
                <input type="hidden" name="key" value={f.key} />
                <button type="submit" id={`unfollow-${i}`} aria-labelledby={`unfollow-${i} follow-${i}`}>
                  {t('answers.follow.unfollow')}
                </button>
              </Form>
            </li>
          ))}
          {topics.map(topic => (
            <li key={`topic:${topic.id}`} className="row">
              <span id={`follow-topic-${topic.id}`}>
                {t('common.labelled', { label: t('me.follows.kind.topic'), value: '' })}
                <Link className="tap" to={`/public/topics/${topic.id}`}>
                  <TopicTitle title={topic.title} />
                </Link>
              </span>
              <Form method="post" onSubmit={onUnfollow}>
                <CsrfInput />
                <input type="hidden" name="intent" value="unfollow-topic" />
                <input type="hidden" name="topicId" value={topic.id} />
                <button type="submit" id={`unfollow-topic-${topic.id}`} aria-labelledby={`unfollow-topic-${topic.id} follow-topic-${topic.id}`}>
                  {t('answers.follow.unfollow')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('nav.me')}</h2>
      {mine.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ul className="list">
          {mine.map(c => (
            <li key={c.id}>
              <Link to={`/track/${c.trackingCode}`}>
                <ZhText>{c.subject}</ZhText>
              </Link>{' '}
              <StatusBadge status={c.status} audience="resident" />
              {c.repliedAt ? <div className="ok">{t('me.replied', { date: fmtDate(c.repliedAt, locale) })}</div> : null}
              <div className="hint">
                {c.trackingCode} · {fmtDate(c.receivedAt, locale)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
