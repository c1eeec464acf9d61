import { useState } from 'react'
import { useT } from '#app/i18n/index'
import { TEXT_LIMITS } from '#meetings/commands'
import type { MeetingState } from '#meetings/types'
import { LimitedText, missingTexts } from './limited-text'
import type { FieldErrors, Run } from './view-types'
import { BallotForm } from './votes'

/** The recorder's panel: hands, statements, check-ins and ballots for people in the room. */
export function RecorderPanel({ s, run }: { s: MeetingState; run: Run }) {
  const t = useT()
  const [name, setName] = useState('')
  const [text, setText] = useState('')
  const [voteSeq, setVoteSeq] = useState<number | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const open = s.votes.filter(v => v.status === 'open')
  const vote = open.find(v => v.seq === voteSeq) ?? open[0]
  const n = name.trim()
  return (
    <section className="card" aria-labelledby="rec-h">
      <h2 id="rec-h">{t('recorder.title')}</h2>
      <p className="hint">{t('recorder.hint')}</p>
      <LimitedText label={t('recorder.name')} value={name} onChange={setName} max={TEXT_LIMITS.inRoomName} errors={errors.inRoomName} />
      <div className="row">
        <button type="button" disabled={!n} onClick={() => run('attendance.checkin', { inRoomName: n }, setErrors)}>
          {t('recorder.checkin')}
        </button>
        <button type="button" disabled={!n || s.status !== 'live'} onClick={() => run('hand.raise', { inRoomName: n }, setErrors)}>
          {t('recorder.hand')}
        </button>
      </div>
      <form
        className="stack"
        noValidate
        onSubmit={async e => {
          e.preventDefault()
          const missing = missingTexts({ inRoomName: n, text })
          if (missing) return setErrors(missing)
          if (await run('statement.post', { text, inRoomName: n }, setErrors)) setText('')
        }}
      >
        <LimitedText
          label={t('recorder.statement')}
          value={text}
          onChange={setText}
          max={TEXT_LIMITS.statement}
          errors={errors.text}
          multiline
          required
          rows={2}
          style={{ minHeight: '3rem' }}
        />
        <button type="submit" disabled={!n || s.status !== 'live'}>
          {t('recorder.say')}
        </button>
      </form>
      {vote ? (
        <>
          {open.length > 1 ? (
            <label>
              {t('room.votes')}
              <select value={vote.seq} onChange={e => setVoteSeq(Number(e.target.value))}>
                {open.map(v => (
                  <option key={v.seq} value={v.seq}>
                    {v.question}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <BallotForm
            key={`${vote.seq}-${n}`}
            v={vote}
            submitLabel={t('recorder.vote')}
            onCast={(ballot, onFieldErrors) => (n ? run('vote.cast', { voteSeq: vote.seq, ballot, inRoomName: n }, onFieldErrors) : Promise.resolve(false))}
          />
        </>
      ) : null}
    </section>
  )
}
