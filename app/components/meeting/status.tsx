// The state of the connection and the room, in a line or a toast.
import { useT, type MessageKey } from '#app/i18n/index'
import { formErrorText } from '#app/utils/form-errors'
import type { MeetingState } from '#meetings/types'
import type { MeetingSession } from './meeting-session'

export function ConnectionBadge({ session, connected }: { session: MeetingSession | null; connected: boolean }) {
  const t = useT()
  // A refused entry is explained by RoomError; it is not "connecting".
  if (session?.error) return null
  if (!session || !session.joined) return <span className="conn">{t('room.connecting')}</span>
  return (
    <>
      <span className={`conn ${connected ? 'up' : 'down'}`} title={t(connected ? 'room.connected' : 'room.disconnected')}>
        <span aria-hidden="true">{connected ? '●' : '○'}</span>
        <span className="visually-hidden">{t(connected ? 'room.connected' : 'room.disconnected')}</span>
      </span>
      {!connected ? (
        <span role="status" className="error">
          {t('room.offline')}
        </span>
      ) : null}
      {session.pendingCount > 0 ? <span className="hint">{t('room.pending', { count: session.pendingCount })}</span> : null}
    </>
  )
}

export function RoomError({ session }: { session: MeetingSession | null }) {
  const t = useT()
  if (!session?.error) return null
  const key: MessageKey =
    session.error === 'unauthorized' ? 'room.error.unauthorized' : session.error === 'not-found' ? 'room.error.notFound' : 'room.error.noEntry'
  return (
    <p role="alert" className="error">
      {t(key)}
    </p>
  )
}

export function PresenceLine({ session, s }: { session: MeetingSession; s: MeetingState }) {
  const t = useT()
  const inRoom = Object.values(s.attendance).filter(a => a.inRoom).length
  return (
    <span className="hint">
      {t('room.online', { count: session.online.size })} · {t('room.inRoom', { count: inRoom })}
      {session.anonymous ? ` · ${t('room.watchers', { count: session.anonymous })}` : ''}
    </span>
  )
}

/** A refusal: a catalog key, or one packed with the limit it names (see formError). */
export function ErrorToast({ error, onClose }: { error: string | null; onClose: () => void }) {
  const t = useT()
  if (!error) return null
  return (
    <div className="toast error-toast" role="alert">
      {formErrorText(t, error)}{' '}
      <button type="button" onClick={onClose} aria-label={t('room.dismissError')}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  )
}
