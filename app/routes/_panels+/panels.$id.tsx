import { type ActionFunctionArgs, type LoaderFunctionArgs, json, redirect, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { BackLink } from '#app/components/back-link'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { PanelComposition } from '#app/components/panel/composition'
import { PanelSeats, PanelVerify, PanelWaitlist } from '#app/components/panel/panel-status'
import { TopicTitle } from '#app/components/zh-text'
import { makeT, useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { sendResidentMessages } from '#app/services/sms/messages.server'
import { requireRole, validateCsrf } from '#app/utils/auth.server'
import {
  currentComposition,
  deliveryStatusFor,
  getDb,
  getUnit,
  listPanelMembers,
  meetingForPanel,
  panelMemberReasons,
  panelSeatChains,
  requeueMessage,
  verifyPanelDraw,
} from '#app/utils/db.server'
import { pageTitle } from '#app/utils/meta'
import { algorithmLabel, reasonsText, seatLabel } from '#app/utils/panel-text'
import { beijingTime, reasonNames, requireManagedPanel } from '#app/utils/panels.server'
import { PAGE_ROLES } from '#app/utils/permissions'
import { memberContact } from '#app/utils/pool-scope.server'
import { getPrefs } from '#app/utils/prefs.server'
import { useSocketEvent } from '#app/utils/socket'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'panels.title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/topics'])
  const { panel, topic } = requireManagedPanel(user, Number(params.id))
  const db = getDb()
  const { locale } = getPrefs(request)
  const t = makeT(locale)
  const url = new URL(request.url)
  const meeting = meetingForPanel(db, panel)
  // Once the meeting is over an unanswered invitation waits for nothing: it was not answered.
  const over = meeting?.status === 'ended'
  const rows = listPanelMembers(db, panel.id)
  const byId = new Map(rows.map(r => [r.row.id, r]))
  const names = reasonNames(db, locale)
  const delivery = deliveryStatusFor(
    db,
    'panel_member',
    rows.map(r => r.row.id),
  )
  // Invitations go to members by SMS from the system (and in-app to those with an account):
  // staff see whether each was sent, never the link, the text or, outside their scope, the phone.
  const view = (id: number) => {
    const r = byId.get(id)!
    const contact = r.name == null ? null : memberContact(user, { name: r.name, phone: r.phone, communityId: r.communityId })
    const unit = r.communityId ? getUnit(db, r.communityId) : undefined
    const sms = delivery.get(r.row.id)
    return {
      id: r.row.id,
      kind: r.row.kind,
      status: over && r.row.status === 'invited' ? 'noReply' : r.row.status,
      left: r.name == null,
      name: contact?.name ?? null,
      phone: contact && !contact.masked ? contact.phone : null,
      community: localName(unit, locale),
      reasons: reasonsText(t, panelMemberReasons(panel, r.row), names),
      declineReason: r.row.declineReason,
      respondedAt: r.row.respondedAt,
      accessibility: r.accessibilityNeeds,
      hasAccount: r.userId != null,
      sms: sms ? { status: sms.status, noPhone: sms.noPhone, sentAt: sms.sentAt } : null,
      canResend: !over && r.row.status === 'invited' && sms?.status === 'failed' && !sms.noPhone,
    }
  }
  const chains = panelSeatChains(rows.map(r => r.row))
  const seats = chains.map((chain, i) => ({ number: i + 1, seat: seatLabel(t, chain[0].seat), people: chain.map(r => view(r.id)) }))
  const waitlist = rows.filter(r => r.row.kind === 'alternate' && r.row.status === 'waitlisted').map(r => view(r.row.id))
  const count = (s: string[]) => rows.filter(r => s.includes(r.row.status)).length
  const vacant = chains.filter(c => c[c.length - 1].status === 'declined').length
  const verify = url.searchParams.get('verify') ? await verifyPanelDraw(db, panel.id) : null
  return json({
    panel: {
      id: panel.id,
      seats: panel.seats,
      seed: panel.seed,
      algorithm: algorithmLabel(t, panel.algorithm),
      createdAt: panel.createdAt,
      fairnessRatio: panel.drawn?.fairnessRatio ?? null,
      now: (panel.request as { now?: string }).now ?? null,
    },
    topic: { id: topic.id, title: topic.title },
    meeting: meeting ? { id: meeting.id, title: meeting.title, startsAt: beijingTime(meeting.startsAt, locale), place: meeting.place } : null,
    seats,
    waitlist,
    composition: currentComposition(
      panel,
      rows.map(r => r.row),
    ),
    counts: { accepted: count(['accepted']), invited: count(['invited']), declined: count(['declined', 'replaced']), vacant, waitlisted: waitlist.length },
    over,
    verify,
  })
}

const ResendSchema = z.object({ intent: z.literal('resend'), memberId: z.coerce.number().int().positive() })

/** Send a failed invitation again (through the provider, as the first time). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/topics'])
  const { panel } = requireManagedPanel(user, Number(params.id))
  const form = await request.formData()
  validateCsrf(request, form)
  const parsed = ResendSchema.safeParse(Object.fromEntries(form))
  if (!parsed.success) throw new Response('Bad request', { status: 400 })
  const db = getDb()
  const member = listPanelMembers(db, panel.id).find(r => r.row.id === parsed.data.memberId)
  if (!member || member.row.status !== 'invited') throw new Response('Not found', { status: 404 })
  requeueMessage(db, { subjectType: 'panel_member', subjectId: member.row.id }, { kind: 'user', id: user.id })
  await sendResidentMessages(db, { request })
  return redirect(`/panels/${panel.id}`, 303)
}

export default function PanelStatus() {
  const t = useT()
  const locale = useLocale()
  const { panel, topic, meeting, seats, waitlist, composition, counts, over, verify } = useLoaderData<typeof loader>()
  const [search] = useSearchParams()
  const revalidator = useRevalidator()
  // Answers arrive as notifications to the worker: refresh the page when one comes in.
  useSocketEvent('notification:new', n => {
    if (n.kind === 'panel' && revalidator.state === 'idle') revalidator.revalidate()
  })
  const date = (d: string | null) => fmtDateTime(d, locale)
  return (
    <section>
      <BackLink to={`/topics/${topic.id}/panel`}>
        <TopicTitle title={topic.title} />
      </BackLink>
      <h1>{t('panels.title', { id: panel.id })}</h1>
      <p>{topic.title}</p>
      {search.get('saved') ? (
        <p role="status" className="ok">
          {t('panels.saved')}
        </p>
      ) : null}
      <dl className="grid card">
        <div>
          <dt>{t('panels.seed')}</dt>
          <dd>
            <code data-testid="panel-seed">{panel.seed}</code>
          </dd>
        </div>
        <div>
          <dt>{t('panels.algorithmLabel')}</dt>
          <dd>{panel.algorithm}</dd>
        </div>
        <div>
          <dt>{t('panels.drawnAt')}</dt>
          <dd>{date(panel.createdAt)}</dd>
        </div>
        <div>
          <dt>{t('panels.meeting')}</dt>
          <dd>{meeting ? `${meeting.title} · ${meeting.startsAt}${meeting.place ? ` · ${meeting.place}` : ''}` : t('panels.noMeeting')}</dd>
        </div>
      </dl>
      <p role="status" data-testid="panel-counts">
        {t(over ? 'panels.countsOver' : 'panels.counts', counts)}
      </p>
      <PanelComposition lines={composition} seats={panel.seats} hint={t('panel.composition.now')} />

      <PanelSeats seats={seats} />
      <PanelWaitlist waitlist={waitlist} />
      <PanelVerify panel={panel} verify={verify} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
