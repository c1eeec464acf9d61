import { HandIcon } from '#app/components/icons'
import { ZhText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'
import { userKey, type MeetingState } from '#meetings/types'
import { notYetSpoken } from '#meetings/visibility'
import { Countdown } from './countdown'
import { first, focusWhenGone } from './focus-next'
import { forWhom } from './for-whom'
import { PersonName, shownName } from './public-name'
import type { ParticipantView, Me, Run } from './view-types'

/** The speaker holding the floor, once the floor is given: their name is read out where the focus lands. */
const focusFloor = (pressed: HTMLElement) => focusWhenGone(pressed, () => document.getElementById('floor-now') ?? document.getElementById('floor-h'))

export function FloorAndQueue({ s, me, run, offset, facilitate }: { s: MeetingState; me: Me; run: Run; offset: number; facilitate: boolean }) {
  const t = useT()
  const myKey = me.userId != null ? userKey(me.userId) : null
  const pos = myKey ? s.queue.findIndex(h => h.key === myKey) : -1
  const canSpeak = s.status === 'live' && me.role != null && ['deliberator', 'facilitator', 'supervisor'].includes(me.role)
  const muted = me.userId != null && !!s.muted[me.userId]
  return (
    <section className="card" aria-labelledby="floor-h">
      <h2 id="floor-h" tabIndex={-1}>
        {t('room.floor')}
      </h2>
      {s.floor ? (
        <p id="floor-now" tabIndex={-1}>
          <PersonName strong className="floor-name" name={s.floor.name} /> {s.floor.inRoom ? <span className="mark room">{t('room.inRoomMark')}</span> : null}
          <br />
          {t('room.speakerTime')}: <Countdown at={s.floor.at} seconds={s.floor.seconds} offsetMs={offset} label={t('room.speakerTime')} />
          {facilitate ? (
            <>
              {' '}
              <button
                type="button"
                onClick={e => {
                  // The next hand waiting takes the focus, else the floor's heading.
                  const section = e.currentTarget.closest('section')
                  focusWhenGone(e.currentTarget, () => first(section, 'button[data-give-floor]') ?? document.getElementById('floor-h'))
                  void run('floor.end', {})
                }}
              >
                {t('console.endFloor')}
              </button>
            </>
          ) : null}
        </p>
      ) : (
        <p className="hint">{t('room.nobodySpeaking')}</p>
      )}
      {canSpeak && !facilitate ? (
        // Always there, so that being given the floor is read out as it happens.
        <p role="status" className={s.floor && s.floor.key === myKey ? 'ok' : 'visually-hidden'}>
          {s.floor && s.floor.key === myKey ? t('room.yourTurn') : ''}
        </p>
      ) : null}
      {canSpeak && !facilitate ? (
        muted ? (
          <p className="error">{t('room.muted')}</p>
        ) : pos >= 0 ? (
          <>
            <p role="status">{t('room.inQueue', { pos: pos + 1 })}</p>
            <button type="button" className="big-button" onClick={() => run('hand.lower', {})}>
              {t('room.lowerHand')}
            </button>
          </>
        ) : s.floor?.key !== myKey ? (
          <button type="button" className="primary big-button" onClick={() => run('hand.raise', {})}>
            <HandIcon /> {t('room.raiseHand')}
          </button>
        ) : null
      ) : null}
      <h3 id="queue-h" tabIndex={-1}>
        {t('room.queue')}
      </h3>
      {s.queue.length === 0 ? (
        <p className="hint">{t('room.queueEmpty')}</p>
      ) : (
        <ol className="list queue" aria-label={t('room.queue')}>
          {s.queue.map((h, i) => (
            <li key={h.key}>
              <span>
                <PersonName name={h.name} /> {h.inRoom ? <span className="mark room">{t('room.inRoomMark')}</span> : null}
              </span>
              {facilitate ? (
                <span className="row">
                  <button
                    type="button"
                    className="primary"
                    data-give-floor={h.key}
                    onClick={e => {
                      focusFloor(e.currentTarget)
                      void run('floor.give', { key: h.key })
                    }}
                    aria-label={forWhom(t, t('console.giveFloor'), shownName(t, h.name))}
                  >
                    {t('console.giveFloor')}
                  </button>
                  <button
                    type="button"
                    onClick={e => {
                      // The hand that moves up into its place takes the focus, else the queue's heading.
                      const section = e.currentTarget.closest('section')
                      const next = (s.queue[i + 1] ?? s.queue[i - 1])?.key
                      focusWhenGone(
                        e.currentTarget,
                        () => (next != null ? first(section, `button[data-give-floor="${CSS.escape(next)}"]`) : null) ?? document.getElementById('queue-h'),
                      )
                      void run('hand.lower', { key: h.key })
                    }}
                    aria-label={forWhom(t, t('console.lower'), shownName(t, h.name))}
                  >
                    {t('console.lower')}
                  </button>
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

export function Balance({ s, participants, run, facilitate }: { s: MeetingState; participants: ParticipantView[]; run: Run; facilitate: boolean }) {
  const t = useT()
  const people = participants
    .filter(p => p.role === 'deliberator')
    .map(p => ({ key: userKey(p.userId), userId: p.userId, name: p.name, inRoom: !!s.attendance[userKey(p.userId)]?.inRoom }))
  const silent = notYetSpoken(s, people)
  const anyone = people.length > 0 || Object.values(s.attendance).some(a => a.userId == null)
  return (
    <section className="card" aria-labelledby="balance-h">
      <h2 id="balance-h">{t('room.balance')}</h2>
      {silent.length === 0 ? (
        <p className="hint">{t(anyone ? 'room.balanceEmpty' : 'room.balanceNobody')}</p>
      ) : (
        <ul className="list people">
          {silent.map(p => (
            <li key={p.key}>
              <span>
                <ZhText>{p.name}</ZhText> {p.inRoom ? <span className="mark room">{t('room.inRoomMark')}</span> : null}
              </span>
              {facilitate && s.status === 'live' ? (
                <button
                  type="button"
                  onClick={e => {
                    focusFloor(e.currentTarget)
                    void run('floor.give', { key: p.key })
                  }}
                  aria-label={forWhom(t, t('console.giveFloor'), p.name)}
                >
                  {t('console.giveFloor')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
