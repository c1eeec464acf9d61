import type { SerializeFrom } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import type { loader } from '#app/routes/_panels+/panels.$id'

type PanelPageData = SerializeFrom<typeof loader>

function StatusLine({ status }: { status: string }) {
  const t = useT()
  return <span className={`badge status-${status}`}>{t(`panels.status.${status}` as MessageKey)}</span>
}

/** Each seat with the person drawn for it and the replacements after a decline: answers, invitation delivery, resend. */
export function PanelSeats({ seats }: { seats: PanelPageData['seats'] }) {
  const t = useT()
  const locale = useLocale()
  const date = (d: string | null) => fmtDateTime(d, locale)
  return (
    <>
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
                  <p className={p.sms.status === 'failed' ? 'error' : 'hint'} data-testid="invite-delivery" data-delivery={p.sms.status}>
                    {p.sms.status === 'sent'
                      ? t('panels.sms.sent', { time: date(p.sms.sentAt) })
                      : p.sms.status === 'queued'
                        ? t('panels.sms.queued')
                        : p.sms.noPhone
                          ? t('panels.sms.noPhone')
                          : t('panels.sms.failed')}
                    {p.hasAccount && p.status === 'invited' ? ` · ${t('panels.notified')}` : null}
                  </p>
                ) : p.hasAccount && p.status === 'invited' ? (
                  <p className="hint" data-testid="invite-delivery" data-delivery="notice">
                    {t('panels.notified')}
                  </p>
                ) : null}
                {p.canResend ? (
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="memberId" value={p.id} />
                    <button type="submit" name="intent" value="resend">
                      {t('panels.sms.resend')}
                    </button>
                  </Form>
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
    </>
  )
}

/** The alternates in draw order, who replace a seat's person after a decline. */
export function PanelWaitlist({ waitlist }: { waitlist: PanelPageData['waitlist'] }) {
  const t = useT()
  return (
    <>
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
    </>
  )
}

/** Re-runs the draw from its stored request and says whether the same panel comes out. */
export function PanelVerify({ panel, verify }: { panel: PanelPageData['panel']; verify: PanelPageData['verify'] }) {
  const t = useT()
  return (
    <>
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
            {t('panels.verifyFail', {
              panel: verify.panelMatches ? t('common.yes') : t('common.no'),
              alternates: verify.alternatesMatch ? t('common.yes') : t('common.no'),
              error: verify.error ?? '',
            })}
          </p>
        )
      ) : null}
      <p className="hint">
        {t('panels.verifyCli')} <code>npm run --silent panel -- select &lt; request.json</code>
      </p>
    </>
  )
}
