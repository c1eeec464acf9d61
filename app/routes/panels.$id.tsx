import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react'
import { getDb, getUnit, invitationOpensAccount, listPanelMembers, meetingForPanel, panelSeatChains, topicStreetId, verifyPanelDraw } from '#app/utils/db.server'
import { requireRole } from '#app/utils/auth.server'
import { PAGE_ROLES } from '#app/utils/access'
import { memberContact } from '#app/utils/pool-scope.server'
import { beijingTime, inviteUrl, qrDataUrl, requireManagedPanel, smsText } from '#app/utils/panels.server'
import { getPrefs } from '#app/utils/prefs.server'
import { seatLabel } from '#app/utils/panel-text'
import { makeT, useLocale, useT, type MessageKey } from '#app/i18n/index'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { useSocketEvent } from '#app/utils/socket'
import { GeneralErrorBoundary } from '#app/components/error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/topics'])
  const { panel, topic } = requireManagedPanel(user, Number(params.id))
  const db = getDb()
  const { locale } = getPrefs(request)
  const t = makeT(locale)
  const url = new URL(request.url)
  const meeting = meetingForPanel(db, panel)
  const street = getUnit(db, topicStreetId(db, topic.unitId))
  const org = street?.nameZh ?? ''
  const rows = listPanelMembers(db, panel.id)
  const byId = new Map(rows.map(r => [r.row.id, r]))
  const view = async (id: number) => {
    const r = byId.get(id)!
    const contact = r.name == null ? null : memberContact(user, { name: r.name, phone: r.phone, communityId: r.communityId })
    const unit = r.communityId ? getUnit(db, r.communityId) : undefined
    // The worker delivers the link (SMS, QR) only to members without an account of their own and
    // only while it is unanswered; members with an account get it as an in-app notice, shown here as sent.
    const deliverable = r.row.status === 'invited' && !!r.row.inviteToken && r.row.deliberatorId != null && invitationOpensAccount(db, { id: r.row.deliberatorId, userId: r.userId })
    const link = deliverable ? inviteUrl(url.origin, r.row.inviteToken!) : null
    const open = deliverable && link
    return {
      id: r.row.id,
      kind: r.row.kind,
      status: r.row.status,
      left: r.name == null,
      name: contact?.name ?? null,
      phone: contact?.phone ?? null,
      community: unit ? (locale === 'zh' ? unit.nameZh : unit.nameEn) : '',
      reasons: r.row.reasons.join(locale === 'zh' ? '；' : '; '),
      declineReason: r.row.declineReason,
      respondedAt: r.row.respondedAt,
      accessibility: r.accessibilityNeeds,
      hasAccount: r.userId != null,
      notified: r.row.status === 'invited' && !deliverable,
      link,
      sms: open ? smsText({ org, name: contact?.name ?? null, topic: topic.title, meeting, url: link }) : null,
      qr: open ? await qrDataUrl(link) : null,
    }
  }
  const chains = panelSeatChains(rows.map(r => r.row))
  const seats = await Promise.all(
    chains.map(async (chain, i) => ({ number: i + 1, seat: seatLabel(t, chain[0].seat), people: await Promise.all(chain.map(r => view(r.id))) })),
  )
  const waitlist = await Promise.all(rows.filter(r => r.row.kind === 'alternate' && r.row.status === 'waitlisted').map(r => view(r.row.id)))
  const count = (s: string[]) => rows.filter(r => s.includes(r.row.status)).length
  const vacant = chains.filter(c => c[c.length - 1].status === 'declined').length
  const verify = url.searchParams.get('verify') ? await verifyPanelDraw(db, panel.id) : null
  return json({
    panel: { id: panel.id, seats: panel.seats, seed: panel.seed, algorithm: panel.algorithm, createdAt: panel.createdAt, fairnessRatio: panel.drawn?.fairnessRatio ?? null, now: (panel.request as { now?: string }).now ?? null },
    topic: { id: topic.id, title: topic.title },
    meeting: meeting ? { id: meeting.id, title: meeting.title, startsAt: beijingTime(meeting.startsAt), place: meeting.place } : null,
    seats,
    waitlist,
    counts: { accepted: count(['accepted']), invited: count(['invited']), declined: count(['declined', 'replaced']), vacant, waitlisted: waitlist.length },
    verify,
  })
}

function StatusLine({ status }: { status: string }) {
  const t = useT()
  return <span className={`badge status-${status}`}>{t(`panels.status.${status}` as MessageKey)}</span>
}

export default function PanelStatus() {
  const t = useT()
  const locale = useLocale()
  const { panel, topic, meeting, seats, waitlist, counts, verify } = useLoaderData<typeof loader>()
  const [search] = useSearchParams()
  const revalidator = useRevalidator()
  // Answers arrive as notifications to the worker: refresh the page when one comes in.
  useSocketEvent('notification:new', n => {
    if (n.kind === 'panel' && revalidator.state === 'idle') revalidator.revalidate()
  })
  const date = (d: string | null) => fmtDateTime(d, locale)
  return (
    <section>
      <p>
        <Link to={`/topics/${topic.id}/panel`}>← {topic.title}</Link>
      </p>
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
          <dd>
            <code>{panel.algorithm}</code>
          </dd>
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
        {t('panels.counts', counts)}
      </p>

      <h2>{t('panels.seats')}</h2>
      <ol className="list" data-testid="panel-seats">
        {seats.map(s => (
          <li key={s.number} data-testid={`seat-${s.number}`}>
            <strong>
              {t('panels.seatNumber', { n: s.number })} · {s.seat}
            </strong>
            {s.people.map((p, j) => (
              <div key={p.id} className="card stack" data-testid={`panel-member-${p.id}`} data-status={p.status}>
                <div>
                  {j > 0 ? <span className="badge">{t('panels.replacement')}</span> : null} <strong>{p.left ? t('panels.left') : p.name}</strong>{' '}
                  <span className="hint">
                    {p.community} {p.phone ?? ''}
                  </span>{' '}
                  <StatusLine status={p.status} />
                </div>
                {p.reasons ? <div className="hint">{p.reasons}</div> : null}
                {p.accessibility ? <div className="hint">{t('panels.accessibility', { needs: p.accessibility })}</div> : null}
                {p.declineReason ? <div>{t('panels.declineReason', { reason: p.declineReason })}</div> : null}
                {p.respondedAt ? <div className="hint">{t('panels.respondedAt', { time: date(p.respondedAt) })}</div> : null}
                {p.sms ? (
                  <details>
                    <summary>{t('panels.invitation')}</summary>
                    <label>
                      {t('panels.sms')}
                      <textarea readOnly value={p.sms} rows={4} data-testid="sms-text" />
                    </label>
                    <p>
                      <a href={p.link!} data-testid="invite-link">
                        {t('panels.inviteLink')}
                      </a>
                      {p.hasAccount ? <span className="hint"> · {t('panels.notified')}</span> : null}
                    </p>
                    {p.qr ? <img src={p.qr} alt={t('panels.qrAlt', { name: p.name ?? '' })} width={180} height={180} /> : null}
                  </details>
                ) : p.notified ? (
                  <p className="hint" data-testid="invite-sent">
                    {t('panels.notified')}
                  </p>
                ) : null}
              </div>
            ))}
            {s.people[s.people.length - 1].status === 'declined' ? (
              <p className="error" data-testid="seat-vacant">
                {t('panels.vacant')}
              </p>
            ) : null}
          </li>
        ))}
      </ol>

      <h2>{t('panels.waitlist')}</h2>
      {waitlist.length ? (
        <ol className="list" data-testid="panel-waitlist">
          {waitlist.map(p => (
            <li key={p.id}>
              {p.left ? t('panels.left') : p.name} <span className="hint">{p.community}</span>
              {p.reasons ? <div className="hint">{p.reasons}</div> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('common.none')}</p>
      )}

      <h2>{t('panels.verify')}</h2>
      <p className="hint">{t('panels.verifyHint')}</p>
      <Form method="get" className="row">
        <button type="submit" name="verify" value="1">
          {t('panels.verifyRun')}
        </button>
        <a className="button" href={`/panels/${panel.id}/request.json`} download>
          {t('panels.downloadRequest')}
        </a>
      </Form>
      {verify ? (
        verify.reproduced ? (
          <p role="status" className="ok" data-testid="verify-result">
            {t('panels.verifyOk', { seats: panel.seats })}
          </p>
        ) : (
          <p role="alert" className="error" data-testid="verify-result">
            {t('panels.verifyFail', { panel: verify.panelMatches ? t('common.yes') : t('common.no'), alternates: verify.alternatesMatch ? t('common.yes') : t('common.no'), error: verify.error ?? '' })}
          </p>
        )
      ) : null}
      <p className="hint">
        {t('panels.verifyCli')} <code>npm run --silent panel -- select &lt; request.json</code>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
