import { useRef, useState, type FormEvent, type ReactNode } from 'react'
import { ThumbDownIcon, ThumbUpIcon } from '#app/components/icons'
import { PublicText, ZhText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'
import { TEXT_LIMITS } from '#meetings/commands'
import { userKey, type MeetingState, type Statement } from '#meetings/types'
import { forWhom } from './for-whom'
import { LimitedText, missingTexts } from './limited-text'
import { PersonName, shownName } from './public-name'
import { useTabDraft } from './use-tab-draft'
import type { FieldErrors, Me, Run } from './view-types'

export function Statements({
  s,
  me,
  run,
  facilitate,
  picked,
  onPick,
}: {
  s: MeetingState
  me: Me
  run: Run
  facilitate: boolean
  picked?: Set<number>
  onPick?: (seq: number) => void
}) {
  const t = useT()
  const [text, setText] = useTabDraft('statement')
  const [replyTo, setReplyTo] = useState<Statement | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const box = useRef<HTMLTextAreaElement>(null)
  // The box is at the top of the list: replying takes the cursor there, so the reply is typed where it is sent from.
  const replyToStatement = (st: Statement) => {
    setReplyTo(st)
    box.current?.focus()
  }
  const canSpeak =
    s.status === 'live' && me.role != null && ['deliberator', 'facilitator', 'supervisor'].includes(me.role) && !(me.userId != null && s.muted[me.userId])
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const missing = missingTexts({ text })
    if (missing) return setErrors(missing)
    const ok = await run('statement.post', { text, ...(replyTo ? { replyTo: replyTo.seq } : {}) }, setErrors)
    if (ok) {
      setText('')
      setReplyTo(null)
    }
  }
  const top = s.statements.filter(st => st.replyTo == null)
  const replies = (seq: number) => s.statements.filter(st => st.replyTo === seq)
  const item = (st: Statement): ReactNode => (
    <li key={st.seq} className={`statement ${st.hidden ? 'hidden-msg' : ''}`} id={`st-${st.seq}`}>
      {st.hidden ? (
        <>
          <p>{t('room.hidden', { reason: st.hidden.reason })}</p>
          {/* Only the facilitator still receives the text: it stays readable in the console, marked as hidden. */}
          {facilitate && st.text ? (
            <p className="hint">
              <PersonName className="who" name={st.name} /> <span className="hint">#{st.no}</span>
              <br />
              <ZhText>{st.text}</ZhText>
            </p>
          ) : null}
        </>
      ) : (
        <StatementBody
          st={st}
          me={me}
          run={run}
          canReact={s.status === 'live' && (canSpeak || me.role === 'deliberator')}
          onReply={canSpeak ? () => replyToStatement(st) : undefined}
          facilitate={facilitate}
          picked={picked}
          onPick={onPick}
        />
      )}
      {replies(st.seq).length ? <ul className="list replies">{replies(st.seq).map(item)}</ul> : null}
    </li>
  )
  return (
    <section className="card" aria-labelledby="st-h">
      <h2 id="st-h">{t('room.statements')}</h2>
      {canSpeak ? (
        <form onSubmit={submit} className="stack" noValidate>
          {replyTo ? (
            <p className="hint">
              {t('room.replyTo', { name: shownName(t, replyTo.name) })}{' '}
              <button type="button" onClick={() => setReplyTo(null)}>
                {t('room.cancelReply')}
              </button>
            </p>
          ) : null}
          <LimitedText
            label={t('room.say')}
            value={text}
            onChange={setText}
            max={TEXT_LIMITS.statement}
            errors={errors.text}
            multiline
            required
            rows={3}
            style={{ minHeight: '4.5rem' }}
            textareaRef={box}
          />
          <button type="submit" className="primary">
            {t('room.send')}
          </button>
        </form>
      ) : null}
      {s.statements.length === 0 ? <p className="hint">{t('room.statementsEmpty')}</p> : null}
      {/* A log region, present before the first statement, reads out each statement as it arrives (and a hiding); counts changing are not read. */}
      <ul className="list" role="log" aria-live="polite" aria-relevant="additions" aria-labelledby="st-h">
        {[...top].reverse().map(item)}
      </ul>
    </section>
  )
}

function StatementBody({
  st,
  me,
  run,
  canReact,
  onReply,
  facilitate,
  picked,
  onPick,
}: {
  st: Statement
  me: Me
  run: Run
  canReact: boolean
  onReply?: () => void
  facilitate: boolean
  picked?: Set<number>
  onPick?: (seq: number) => void
}) {
  const t = useT()
  const [hiding, setHiding] = useState(false)
  const [reason, setReason] = useState('')
  const [hideErrors, setHideErrors] = useState<FieldErrors>({})
  const mine = me.userId != null ? st.reactions[userKey(me.userId)] : undefined
  const count = (v: 'agree' | 'disagree') => Object.values(st.reactions).filter(x => x === v).length
  const react = (v: 'agree' | 'disagree') => run('reaction.set', { statementSeq: st.seq, value: mine === v ? null : v })
  return (
    <>
      <p>
        <PersonName className="who" name={st.name} />{' '}
        <span className={`mark ${st.inRoom ? 'room' : ''}`}>{st.inRoom ? t('room.inRoomMark') : t('room.onlineMark')}</span>{' '}
        <span className="hint">#{st.no}</span>
        <br />
        <PublicText text={st.text} />
      </p>
      <div className="reactions">
        <button type="button" aria-pressed={mine === 'agree'} disabled={!canReact} onClick={() => react('agree')}>
          <ThumbUpIcon /> {t('room.agree')} {count('agree')}
        </button>
        <button type="button" aria-pressed={mine === 'disagree'} disabled={!canReact} onClick={() => react('disagree')}>
          <ThumbDownIcon /> {t('room.disagree')} {count('disagree')}
        </button>
        {onReply ? (
          <button type="button" onClick={onReply}>
            {t('room.reply')}
          </button>
        ) : null}
        {facilitate && onPick ? (
          <label className="choice" style={{ flexDirection: 'row', alignItems: 'center' }}>
            <input
              type="checkbox"
              checked={picked?.has(st.seq) ?? false}
              onChange={() => onPick(st.seq)}
              aria-label={forWhom(t, t('console.useStatement'), `${shownName(t, st.name)} #${st.no}`)}
            />{' '}
            {t('console.useStatement')}
          </label>
        ) : null}
        {facilitate ? (
          <button
            type="button"
            onClick={() => setHiding(h => !h)}
            aria-expanded={hiding}
            aria-label={forWhom(t, t('console.hide'), `${shownName(t, st.name)} #${st.no}`)}
          >
            {t('console.hide')}
          </button>
        ) : null}
      </div>
      {hiding ? (
        <form
          className="row"
          noValidate
          onSubmit={async e => {
            e.preventDefault()
            const missing = missingTexts({ reason })
            if (missing) return setHideErrors(missing)
            if (await run('message.hide', { targetSeq: st.seq, reason }, setHideErrors)) setHiding(false)
          }}
        >
          <LimitedText label={t('console.hideReason')} value={reason} onChange={setReason} max={TEXT_LIMITS.reason} errors={hideErrors.reason} required />
          <button type="submit">{t('console.hide')}</button>
        </form>
      ) : null}
    </>
  )
}
