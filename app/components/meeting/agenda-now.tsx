import { ZhText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'
import type { MeetingState } from '#meetings/types'
import { Countdown } from './countdown'
import type { MeetingView } from './view-types'

export function AgendaNow({ meeting, s, offset }: { meeting: MeetingView; s: MeetingState; offset: number }) {
  const t = useT()
  const item = meeting.agenda.find(a => a.id === s.currentItemId)
  return (
    <section className="card" aria-labelledby="now-h">
      <h2 id="now-h">{t('room.currentItem')}</h2>
      {s.status === 'scheduled' ? <p>{t('room.notStarted')}</p> : null}
      {s.status === 'ended' ? <p>{t('room.ended')}</p> : null}
      {/* Once the meeting is over there is no current item: the last one stays in the minutes. */}
      {s.status === 'ended' ? null : (
        <p className="now-item" id="now-item" tabIndex={-1}>
          <strong>
            {item ? (
              <>
                {item.position}. <ZhText>{item.title}</ZhText>
              </>
            ) : (
              t('room.noItem')
            )}
          </strong>
          {item ? <span className="hint"> · {t('meeting.minutesShort', { minutes: item.plannedMinutes })}</span> : null}
        </p>
      )}
      {s.timer && s.status !== 'ended' ? (
        <p>
          {t('room.timer')}: <Countdown at={s.timer.at} seconds={s.timer.seconds} offsetMs={offset} label={t('room.timer')} />
        </p>
      ) : null}
    </section>
  )
}
