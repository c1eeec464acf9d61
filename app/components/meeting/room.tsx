import { useState, type FormEvent, type ReactNode } from 'react'
import { HandIcon, ThumbDownIcon, ThumbUpIcon } from '#app/components/icons'
import { useT, type MessageKey } from '#app/i18n/index'
import type { Ballot, CommandPayload, CommandType } from '#meetings/commands'
import { consentPassed, tallyVote } from '#meetings/tally'
import { CONSENT_CHOICES, userKey, type MeetingState, type Statement, type Vote } from '#meetings/types'
import { notYetSpoken } from '#meetings/visibility'
import type { MeetingSession } from './meeting-session'
import { Countdown } from './countdown'
import { outcomeErrorKey } from './use-meeting'
import { MarkedText, ZhText } from '#app/components/zh-text'
import { markZh } from '#app/utils/zh-marks'
import { VoteChart } from './vote-chart'

export type AgendaView = { id: number; position: number; title: string; plannedMinutes: number }
export type MeetingView = { id: number; title: string; topicTitle: string; mode: string; startsAt: string; place: string | null; link: string | null; isPublic: boolean; speakerSeconds: number; agenda: AgendaView[] }
export type ParticipantView = { userId: number; role: string; name: string }
export type Me = { userId: number | null; role: string | null }
export type Run = <T extends CommandType>(type: T, payload: CommandPayload<T>) => Promise<boolean>

/** Send a command and surface a refusal in the user's language. */
export function useRun(session: MeetingSession | null) {
  const [error, setError] = useState<MessageKey | null>(null)
  const run: Run = async (type, payload) => {
    if (!session) return false
    const outcome = await session.send(type, payload)
    const key = outcomeErrorKey(outcome)
    setError(key)
    return outcome.ok
  }
  return { run, error, clearError: () => setError(null) }
}

export function ConnectionBadge({ session, connected }: { session: MeetingSession | null; connected: boolean }) {
  const t = useT()
  if (!session || !session.joined) return <span className="conn">{t('room.connecting')}</span>
  return (
    <>
      <span className={`conn ${connected ? 'up' : 'down'}`}>{connected ? '●' : '○'}</span>
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
  const key: MessageKey = session.error === 'unauthorized' ? 'room.error.unauthorized' : session.error === 'not-found' ? 'room.error.notFound' : 'room.error.noEntry'
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

export function AgendaNow({ meeting, s, offset }: { meeting: MeetingView; s: MeetingState; offset: number }) {
  const t = useT()
  const item = meeting.agenda.find(a => a.id === s.currentItemId)
  return (
    <section className="card" aria-labelledby="now-h">
      <h2 id="now-h">{t('room.currentItem')}</h2>
      {s.status === 'scheduled' ? <p>{t('room.notStarted')}</p> : null}
      {s.status === 'ended' ? <p>{t('room.ended')}</p> : null}
      <p className="now-item">
        <strong>{item ? `${item.position}. ${item.title}` : t('room.noItem')}</strong>
        {item ? <span className="hint"> · {t('meeting.minutesShort', { minutes: item.plannedMinutes })}</span> : null}
      </p>
      {s.timer ? (
        <p>
          {t('room.timer')}: <Countdown at={s.timer.at} seconds={s.timer.seconds} offsetMs={offset} label={t('room.timer')} />
        </p>
      ) : null}
    </section>
  )
}

export function FloorAndQueue({ s, me, run, offset, facilitate }: { s: MeetingState; me: Me; run: Run; offset: number; facilitate: boolean }) {
  const t = useT()
  const myKey = me.userId != null ? userKey(me.userId) : null
  const pos = myKey ? s.queue.findIndex(h => h.key === myKey) : -1
  const canSpeak = s.status === 'live' && me.role != null && ['deliberator', 'facilitator', 'supervisor'].includes(me.role)
  const muted = me.userId != null && !!s.muted[me.userId]
  return (
    <section className="card" aria-labelledby="floor-h">
      <h2 id="floor-h">{t('room.floor')}</h2>
      {s.floor ? (
        <p>
          <strong className="floor-name" lang="zh-CN">
            {s.floor.name}
          </strong> {s.floor.inRoom ? <span className="mark room">{t('room.inRoomMark')}</span> : null}
          <br />
          {t('room.speakerTime')}: <Countdown at={s.floor.at} seconds={s.floor.seconds} offsetMs={offset} label={t('room.speakerTime')} />
          {facilitate ? (
            <>
              {' '}
              <button type="button" onClick={() => run('floor.end', {})}>
                {t('console.endFloor')}
              </button>
            </>
          ) : null}
        </p>
      ) : (
        <p className="hint">{t('room.nobodySpeaking')}</p>
      )}
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
      <h3>{t('room.queue')}</h3>
      {s.queue.length === 0 ? (
        <p className="hint">{t('room.queueEmpty')}</p>
      ) : (
        <ol className="list queue" aria-label={t('room.queue')}>
          {s.queue.map(h => (
            <li key={h.key}>
              <span>
                <ZhText>{h.name}</ZhText> {h.inRoom ? <span className="mark room">{t('room.inRoomMark')}</span> : null}
              </span>
              {facilitate ? (
                <span className="row">
                  <button type="button" className="primary" onClick={() => run('floor.give', { key: h.key })}>
                    {t('console.giveFloor')}
                  </button>
                  <button type="button" onClick={() => run('hand.lower', { key: h.key })}>
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
  const people = participants.filter(p => p.role === 'deliberator').map(p => ({ key: userKey(p.userId), userId: p.userId, name: p.name, inRoom: !!s.attendance[userKey(p.userId)]?.inRoom }))
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
                <button type="button" onClick={() => run('floor.give', { key: p.key })}>
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
  const [text, setText] = useState('')
  const [replyTo, setReplyTo] = useState<Statement | null>(null)
  const canSpeak = s.status === 'live' && me.role != null && ['deliberator', 'facilitator', 'supervisor'].includes(me.role) && !(me.userId != null && s.muted[me.userId])
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!text.trim()) return
    const ok = await run('statement.post', { text, ...(replyTo ? { replyTo: replyTo.seq } : {}) })
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
        <p>{t('room.hidden', { reason: st.hidden.reason })}</p>
      ) : (
        <StatementBody st={st} me={me} run={run} canReact={canSpeak || me.role === 'deliberator'} onReply={canSpeak ? () => setReplyTo(st) : undefined} facilitate={facilitate} picked={picked} onPick={onPick} />
      )}
      {replies(st.seq).length ? <ul className="list replies">{replies(st.seq).map(item)}</ul> : null}
    </li>
  )
  return (
    <section className="card" aria-labelledby="st-h">
      <h2 id="st-h">{t('room.statements')}</h2>
      {canSpeak ? (
        <form onSubmit={submit} className="stack">
          {replyTo ? (
            <p className="hint">
              {t('room.replyTo', { name: replyTo.name })}{' '}
              <button type="button" onClick={() => setReplyTo(null)}>
                {t('room.cancelReply')}
              </button>
            </p>
          ) : null}
          <label>
            {t('room.say')}
            <textarea value={text} onChange={e => setText(e.target.value)} maxLength={2000} rows={3} style={{ minHeight: '4.5rem' }} />
          </label>
          <button type="submit" className="primary">
            {t('room.send')}
          </button>
        </form>
      ) : null}
      {s.statements.length === 0 ? <p className="hint">{t('room.statementsEmpty')}</p> : <ul className="list">{[...top].reverse().map(item)}</ul>}
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
  const mine = me.userId != null ? st.reactions[userKey(me.userId)] : undefined
  const count = (v: 'agree' | 'disagree') => Object.values(st.reactions).filter(x => x === v).length
  const react = (v: 'agree' | 'disagree') => run('reaction.set', { statementSeq: st.seq, value: mine === v ? null : v })
  return (
    <>
      <p>
        <span className="who" lang="zh-CN">
          {st.name}
        </span> <span className={`mark ${st.inRoom ? 'room' : ''}`}>{st.inRoom ? t('room.inRoomMark') : t('room.onlineMark')}</span> <span className="hint">#{st.seq}</span>
        <br />
        <ZhText>{st.text}</ZhText>
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
            <input type="checkbox" checked={picked?.has(st.seq) ?? false} onChange={() => onPick(st.seq)} /> {t('console.useStatement')}
          </label>
        ) : null}
        {facilitate ? (
          <button type="button" onClick={() => setHiding(h => !h)}>
            {t('console.hide')}
          </button>
        ) : null}
      </div>
      {hiding ? (
        <form
          className="row"
          onSubmit={async e => {
            e.preventDefault()
            if (await run('message.hide', { targetSeq: st.seq, reason })) setHiding(false)
          }}
        >
          <label>
            {t('console.hideReason')}
            <input value={reason} onChange={e => setReason(e.target.value)} required maxLength={500} />
          </label>
          <button type="submit">{t('console.hide')}</button>
        </form>
      ) : null}
    </>
  )
}

export function Proposals({ s, run, facilitate }: { s: MeetingState; run: Run; facilitate: boolean }) {
  const t = useT()
  return (
    <section className="card" aria-labelledby="pr-h">
      <h2 id="pr-h">{t('room.proposals')}</h2>
      {s.proposals.length === 0 ? (
        <p className="hint">{t('room.proposalsEmpty')}</p>
      ) : (
        <ul className="list">
          {s.proposals.map(p => {
            const lastVote = s.votes.filter(v => v.proposalSeq === p.seq && v.status === 'closed').at(-1)
            return (
              <li key={p.seq}>
                <strong lang="zh-CN">{p.title}</strong> <span className={`badge status-${p.status}`}>{p.status === 'draft' ? t('status.draft') : p.status === 'adopted' ? t('room.proposal.adopted') : t('room.proposal.rejected')}</span>
                {p.text ? <p lang="zh-CN">{p.text}</p> : null}
                {p.fromSeqs.length ? <p className="hint">{t('room.fromStatements', { seqs: p.fromSeqs.join(', #') })}</p> : null}
                {facilitate && p.status === 'draft' && s.status === 'live' ? (
                  <span className="row">
                    <button type="button" className="primary" onClick={() => run('proposal.decide', { proposalSeq: p.seq, outcome: 'adopted', ...(lastVote ? { voteSeq: lastVote.seq } : {}) })}>
                      {t('console.adopt')}
                    </button>
                    <button type="button" onClick={() => run('proposal.decide', { proposalSeq: p.seq, outcome: 'rejected', ...(lastVote ? { voteSeq: lastVote.seq } : {}) })}>
                      {t('console.reject')}
                    </button>
                  </span>
                ) : null}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

const optionLabels = (v: Vote, t: ReturnType<typeof useT>) => (v.kind === 'consent' ? CONSENT_CHOICES.map(c => t(`room.consent.${c}`)) : v.options)

export function VoteResultsView({ v, large = false }: { v: Vote; large?: boolean }) {
  const t = useT()
  const r = v.results ?? (v.hideResults ? null : tallyVote(v))
  if (!r) return <p className="hint">{t('room.resultsHidden')}</p>
  const labels = optionLabels(v, t)
  const metric = v.kind === 'score' ? t('room.average') : v.kind === 'ranked' ? t('room.borda') : t('room.count')
  return (
    <div className="stack">
      <p>
        {t('room.ballots', { count: r.ballots, online: r.online, inRoom: r.inRoom })}
        {r.quorum ? ` · ${t('room.quorum', { quorum: r.quorum })}` : ''}
        {!r.quorumMet ? <strong className="error"> · {t('room.quorumNotMet')}</strong> : null}
      </p>
      {v.status === 'closed' ? <VoteChart labels={labels} values={r.perOption} label={`${v.question} · ${metric}`} large={large} integer={v.kind !== 'score'} /> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('room.option')}</th>
              <th scope="col">{metric}</th>
            </tr>
          </thead>
          <tbody>
            {labels.map((l, i) => (
              <tr key={i}>
                {/* Consent choices are the app's words; other options are what the facilitator wrote. */}
                <td lang={v.kind === 'consent' ? undefined : 'zh-CN'}>{l}</td>
                <td>{r.perOption[i]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {v.kind === 'consent' && v.status === 'closed' ? <p className="result-line">{consentPassed(r) ? t('room.consentPassed') : t('room.consentBlocked')}</p> : null}
      {v.kind !== 'consent' && v.status === 'closed' ? <p className="result-line">{r.leader != null ? <MarkedText text={t('room.leader', { option: markZh(labels[r.leader]!) })} /> : t('room.tie')}</p> : null}
      {r.objections?.length ? (
        <>
          <h4>{t('room.objections')}</h4>
          <ul>
            {r.objections.map((o, i) => (
              <li key={i}>
                {o.name ? t('common.labelled', { label: o.name, value: o.reason }) : o.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  )
}

/** The ballot for one vote, for every kind; `onCast` gets a validated ballot. */
export function BallotForm({ v, onCast, submitLabel }: { v: Vote; onCast: (b: Ballot) => Promise<boolean>; submitLabel: string }) {
  const t = useT()
  const [choice, setChoice] = useState<number | null>(null)
  const [choices, setChoices] = useState<number[]>([])
  const [consent, setConsent] = useState<(typeof CONSENT_CHOICES)[number] | null>(null)
  const [reason, setReason] = useState('')
  const [scores, setScores] = useState<number[]>(() => v.options.map(() => 0))
  const [ranking, setRanking] = useState<(number | null)[]>(() => v.options.map(() => null))
  const ballot = (): Ballot | null => {
    switch (v.kind) {
      case 'single':
        return choice == null ? null : { choice }
      case 'multiple':
        return choices.length ? { choices } : null
      case 'consent':
        return consent ? { consent, ...(reason.trim() ? { reason } : {}) } : null
      case 'score':
        return { scores }
      case 'ranked': {
        const r = ranking.filter((x): x is number => x != null)
        return r.length && new Set(r).size === r.length ? { ranking: r } : null
      }
    }
  }
  const b = ballot()
  const name = `vote-${v.seq}`
  return (
    <form
      className="ballot stack"
      onSubmit={async e => {
        e.preventDefault()
        if (b) await onCast(b)
      }}
    >
      <fieldset>
        <legend>{v.question}</legend>
        {v.kind === 'single'
          ? v.options.map((o, i) => (
              <label key={i} className="choice">
                <input type="radio" name={name} checked={choice === i} onChange={() => setChoice(i)} /> {o}
              </label>
            ))
          : null}
        {v.kind === 'multiple' ? (
          <>
            <p className="hint">{t('room.chooseUpTo', { max: v.maxChoices })}</p>
            {v.options.map((o, i) => (
              <label key={i} className="choice">
                <input
                  type="checkbox"
                  checked={choices.includes(i)}
                  disabled={!choices.includes(i) && choices.length >= v.maxChoices}
                  onChange={() => setChoices(c => (c.includes(i) ? c.filter(x => x !== i) : [...c, i]))}
                />{' '}
                {o}
              </label>
            ))}
          </>
        ) : null}
        {v.kind === 'consent' ? (
          <>
            {CONSENT_CHOICES.map(c => (
              <label key={c} className="choice">
                <input type="radio" name={name} checked={consent === c} onChange={() => setConsent(c)} /> {t(`room.consent.${c}`)}
              </label>
            ))}
            {consent === 'object' ? (
              <label>
                {t('room.reason')}
                <textarea value={reason} onChange={e => setReason(e.target.value)} required maxLength={500} rows={2} style={{ minHeight: '3rem' }} />
              </label>
            ) : null}
          </>
        ) : null}
        {v.kind === 'score'
          ? v.options.map((o, i) => (
              <label key={i}>
                {t('room.score', { option: o, max: v.scoreMax })}
                <input type="number" min={0} max={v.scoreMax} value={scores[i]} onChange={e => setScores(s => s.map((x, j) => (j === i ? Math.max(0, Math.min(v.scoreMax, Number(e.target.value) || 0)) : x)))} />
              </label>
            ))
          : null}
        {v.kind === 'ranked' ? (
          <>
            <p className="hint">{t('room.rankHint')}</p>
            {v.options.map((_, place) => (
              <label key={place}>
                {t('room.rank', { place: place + 1 })}
                <select value={ranking[place] ?? ''} onChange={e => setRanking(r => r.map((x, j) => (j === place ? (e.target.value === '' ? null : Number(e.target.value)) : x)))}>
                  <option value="">—</option>
                  {v.options.map((o, i) => (
                    <option key={i} value={i}>
                      {o}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </>
        ) : null}
      </fieldset>
      <button type="submit" className="primary" disabled={!b || (v.kind === 'consent' && consent === 'object' && !reason.trim())}>
        {submitLabel}
      </button>
    </form>
  )
}

export function Votes({ s, me, run, voted, facilitate }: { s: MeetingState; me: Me; run: Run; voted: Set<number>; facilitate: boolean }) {
  const t = useT()
  if (!s.votes.length) return null
  const canVote = me.role === 'deliberator' && s.status === 'live'
  return (
    <section className="card" aria-labelledby="votes-h">
      <h2 id="votes-h">{t('room.votes')}</h2>
      <ul className="list">
        {[...s.votes].reverse().map(v => (
          <li key={v.seq} className="stack" data-vote={v.seq}>
            <p>
              <strong lang="zh-CN">{v.question}</strong> <span className="badge">{t(`room.kind.${v.kind}`)}</span> {v.anonymous ? <span className="badge">{t('room.anonymous')}</span> : null}{' '}
              <span className="badge">{v.status === 'open' ? t('room.voteOpen') : t('room.voteClosed')}</span>
            </p>
            {v.status === 'open' && canVote && !voted.has(v.seq) ? (
              <BallotForm v={v} submitLabel={t('room.vote')} onCast={ballot => run('vote.cast', { voteSeq: v.seq, ballot })} />
            ) : null}
            {v.status === 'open' && voted.has(v.seq) ? <p role="status">{t('room.voted')}</p> : null}
            <VoteResultsView v={v} />
            {facilitate && v.status === 'open' ? (
              <button type="button" onClick={() => run('vote.close', { voteSeq: v.seq })}>
                {t('console.closeVote')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

export function People({ s, participants, session, run, facilitate, me }: { s: MeetingState; participants: ParticipantView[]; session: MeetingSession; run: Run; facilitate: boolean; me: Me }) {
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
                <span className={`dot ${att?.inRoom ? 'room' : online ? 'on' : ''}`} aria-hidden="true" /> <ZhText>{p.name}</ZhText> <span className="hint">{t(`meeting.role.${p.role}` as 'meeting.role.observer')}</span>{' '}
                {att?.inRoom ? <span className="mark room">{t('room.inRoomMark')}</span> : online ? <span className="mark">{t('room.onlineMark')}</span> : null}
                {s.removed[p.userId] ? <span className="badge"> {t('console.removed')}</span> : null}
              </span>
              {facilitate && p.userId !== me.userId && !s.removed[p.userId] && s.status === 'live' ? (
                <span className="row">
                  <button type="button" onClick={() => run('participant.mute', { userId: p.userId, muted: !s.muted[p.userId] })}>
                    {s.muted[p.userId] ? t('console.unmute') : t('console.mute')}
                  </button>
                  <button type="button" onClick={() => run('participant.remove', { userId: p.userId })}>
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

/** The recorder's panel: hands, statements, check-ins and ballots for people in the room. */
export function RecorderPanel({ s, run }: { s: MeetingState; run: Run }) {
  const t = useT()
  const [name, setName] = useState('')
  const [text, setText] = useState('')
  const [voteSeq, setVoteSeq] = useState<number | null>(null)
  const open = s.votes.filter(v => v.status === 'open')
  const vote = open.find(v => v.seq === voteSeq) ?? open[0]
  const n = name.trim()
  return (
    <section className="card" aria-labelledby="rec-h">
      <h2 id="rec-h">{t('recorder.title')}</h2>
      <p className="hint">{t('recorder.hint')}</p>
      <label>
        {t('recorder.name')}
        <input value={name} onChange={e => setName(e.target.value)} maxLength={40} />
      </label>
      <div className="row">
        <button type="button" disabled={!n} onClick={() => run('attendance.checkin', { inRoomName: n })}>
          {t('recorder.checkin')}
        </button>
        <button type="button" disabled={!n || s.status !== 'live'} onClick={() => run('hand.raise', { inRoomName: n })}>
          {t('recorder.hand')}
        </button>
      </div>
      <form
        className="stack"
        onSubmit={async e => {
          e.preventDefault()
          if (n && text.trim() && (await run('statement.post', { text, inRoomName: n }))) setText('')
        }}
      >
        <label>
          {t('room.say')}
          <textarea value={text} onChange={e => setText(e.target.value)} rows={2} style={{ minHeight: '3rem' }} maxLength={2000} />
        </label>
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
          <BallotForm key={`${vote.seq}-${n}`} v={vote} submitLabel={t('recorder.vote')} onCast={ballot => (n ? run('vote.cast', { voteSeq: vote.seq, ballot, inRoomName: n }) : Promise.resolve(false))} />
        </>
      ) : null}
    </section>
  )
}

export function ErrorToast({ error, onClose }: { error: MessageKey | null; onClose: () => void }) {
  const t = useT()
  if (!error) return null
  return (
    <div className="toast error-toast" role="alert">
      {t(error)}{' '}
      <button type="button" onClick={onClose} aria-label="×">
        ×
      </button>
    </div>
  )
}
