import { ZhText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'
import { userKey, type MeetingState } from '#meetings/types'
import { forWhom } from './for-whom'
import type { MeetingSession } from './meeting-session'
import { PresenceLine } from './status'
import type { ParticipantView, Me, Run } from './view-types'

export function People({
  s,
  participants,
  session,
  run,
  facilitate,
  me,
}: {
  s: MeetingState
  participants: ParticipantView[]
  session: MeetingSession
  run: Run
  facilitate: boolean
  me: Me
}) {
  const t = useT()
  const inRoomGuests = Object.values(s.attendance).filter(a => a.userId == null)
  return (
    <section className="card" aria-labelledby="people-h">
      <h2 id="people-h">{t('meeting.participants')}</h2>
      <PresenceLine session={session} s={s} />
      <ul className="list people">
        {participants.map(p => {
          const att = s.attendance[userKey(p.userId)]
          const online = session.online.has(p.userId)
          return (
            <li key={p.userId}>
              <span>
                <span className={`dot ${att?.inRoom ? 'room' : online ? 'on' : ''}`} aria-hidden="true" /> <ZhText>{p.name}</ZhText>{' '}
                <span className="hint">{t(`meeting.role.${p.role}` as 'meeting.role.observer')}</span>{' '}
                {att?.inRoom ? <span className="mark room">{t('room.inRoomMark')}</span> : online ? <span className="mark">{t('room.onlineMark')}</span> : null}
                {s.removed[p.userId] ? <span className="badge"> {t('console.removed')}</span> : null}
              </span>
              {facilitate && p.userId !== me.userId && !s.removed[p.userId] && s.status === 'live' ? (
                <span className="row">
                  <button
                    type="button"
                    onClick={() => run('participant.mute', { userId: p.userId, muted: !s.muted[p.userId] })}
                    aria-label={forWhom(t, s.muted[p.userId] ? t('console.unmute') : t('console.mute'), p.name)}
                  >
                    {s.muted[p.userId] ? t('console.unmute') : t('console.mute')}
                  </button>
                  <button type="button" onClick={() => run('participant.remove', { userId: p.userId })} aria-label={forWhom(t, t('console.remove'), p.name)}>
                    {t('console.remove')}
                  </button>
                </span>
              ) : null}
            </li>
          )
        })}
        {inRoomGuests.map(g => (
          <li key={g.key}>
            <span>
              <span className="dot room" aria-hidden="true" /> <ZhText>{g.name}</ZhText> <span className="mark room">{t('room.inRoomMark')}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
