import { useCallback, useEffect, useRef, useState } from 'react'
import { DataTable } from '#app/components/data-table'
import { ErrorList } from '#app/components/forms'
import { MarkedText, PublicText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'
import { markZh } from '#app/utils/zh-marks'
import { TEXT_LIMITS, type Ballot } from '#meetings/commands'
import { consentPassed, tallyVote } from '#meetings/tally'
import { CONSENT_CHOICES, userKey, type MeetingState, type Vote } from '#meetings/types'
import { forWhom } from './for-whom'
import { LimitedText, missingTexts } from './limited-text'
import { shownName } from './public-name'
import type { FieldErrors, Me, Run } from './view-types'
import { VoteChart } from './vote-chart'

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
      {v.status === 'closed' ? (
        <VoteChart labels={labels} values={r.perOption} label={`${v.question} · ${metric}`} large={large} integer={v.kind !== 'score'} />
      ) : null}
      {/* Read on phones in the room: each option becomes a card with its figure. */}
      <DataTable
        caption={<MarkedText text={t('room.resultsOf', { question: markZh(v.question) })} />}
        captionHidden
        stackOnPhone
        rows={labels.map((label, i) => ({ i, label, value: r.perOption[i] }))}
        rowKey={row => row.i}
        columns={[
          {
            key: 'option',
            header: t('room.option'),
            rowHeader: true,
            // Consent choices are the app's words; other options are what the facilitator wrote.
            cell: row => (v.kind === 'consent' ? row.label : <PublicText text={row.label} />),
          },
          { key: 'value', header: metric, numeric: true, cell: row => row.value },
        ]}
      />
      {v.kind === 'consent' && v.status === 'closed' ? (
        <p className="result-line">{consentPassed(r) ? t('room.consentPassed') : t('room.consentBlocked')}</p>
      ) : null}
      {v.kind !== 'consent' && v.status === 'closed' ? (
        <p className="result-line">{r.leader != null ? <MarkedText text={t('room.leader', { option: markZh(labels[r.leader]!) })} /> : t('room.tie')}</p>
      ) : null}
      {r.objections?.length ? (
        <>
          <h4>{t('room.objections')}</h4>
          <ul>
            {r.objections.map((o, i) => (
              <li key={i}>{o.name ? t('common.labelled', { label: shownName(t, o.name), value: o.reason }) : o.reason}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  )
}

/** The ballot for one vote, for every kind; `onCast` gets a validated ballot, and what to call with a refusal's problems by field. */
export function BallotForm({
  v,
  onCast,
  submitLabel,
}: {
  v: Vote
  onCast: (b: Ballot, onFieldErrors: (errors: FieldErrors) => void) => Promise<boolean>
  submitLabel: string
}) {
  const t = useT()
  const [errors, setErrors] = useState<FieldErrors>({})
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
  /** Why the ballot cannot be sent yet, by the field that says so; null when it can. */
  const incomplete = (): FieldErrors | null => {
    if (v.kind === 'consent' && consent === 'object') return missingTexts({ ballot: reason })
    if (b) return null
    const ranked = ranking.filter((x): x is number => x != null)
    return { choice: [v.kind === 'ranked' && new Set(ranked).size < ranked.length ? 'room.error.rankTwice' : 'room.error.chooseFirst'] }
  }
  const name = `vote-${v.seq}`
  const choiceErrorId = `${name}-error`
  // One ballot at a time: while it is on its way (or waiting for the network), a second tap would only be refused.
  const [sending, setSending] = useState(false)
  return (
    <form
      className="ballot stack"
      noValidate
      onSubmit={async e => {
        e.preventDefault()
        if (sending) return
        const problems = incomplete()
        if (problems || !b) return setErrors(problems ?? {})
        setErrors({})
        setSending(true)
        try {
          await onCast(b, setErrors)
        } finally {
          setSending(false)
        }
      }}
    >
      <fieldset aria-describedby={errors.choice && !b ? choiceErrorId : undefined}>
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
              <LimitedText
                label={t('room.reason')}
                value={reason}
                onChange={setReason}
                max={TEXT_LIMITS.reason}
                errors={errors.ballot}
                multiline
                required
                rows={2}
                style={{ minHeight: '3rem' }}
              />
            ) : null}
          </>
        ) : null}
        {v.kind === 'score'
          ? v.options.map((o, i) => (
              <label key={i}>
                {t('room.score', { option: o, max: v.scoreMax })}
                <input
                  type="number"
                  min={0}
                  max={v.scoreMax}
                  value={scores[i]}
                  onChange={e => setScores(s => s.map((x, j) => (j === i ? Math.max(0, Math.min(v.scoreMax, Number(e.target.value) || 0)) : x)))}
                />
              </label>
            ))
          : null}
        {v.kind === 'ranked' ? (
          <>
            <p className="hint">{t('room.rankHint')}</p>
            {v.options.map((_, place) => (
              <label key={place}>
                {t('room.rank', { place: place + 1 })}
                <select
                  value={ranking[place] ?? ''}
                  onChange={e => setRanking(r => r.map((x, j) => (j === place ? (e.target.value === '' ? null : Number(e.target.value)) : x)))}
                >
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
        {/* Gone once the ballot is complete. */}
        <ErrorList id={choiceErrorId} errors={b ? undefined : errors.choice} />
      </fieldset>
      <button type="submit" className="primary" disabled={sending}>
        {submitLabel}
      </button>
      {sending ? <p role="status">{t('room.ballotSending')}</p> : null}
    </form>
  )
}

/**
 * Said once this person's ballot for a vote is in. The ballot that had the
 * keyboard is gone: right after voting (`focus`), the keyboard moves here and
 * the confirmation is read out, rather than falling to the top of the page.
 */
function VotedNote({ focus, onFocused }: { focus: boolean; onFocused: () => void }) {
  const t = useT()
  const ref = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (!focus) return
    ref.current?.focus()
    onFocused()
  }, [focus, onFocused])
  return (
    <p role="status" tabIndex={-1} ref={ref}>
      {t('room.voted')}
    </p>
  )
}

export function Votes({ s, me, run, voted, facilitate }: { s: MeetingState; me: Me; run: Run; voted: Set<number>; facilitate: boolean }) {
  const t = useT()
  // The vote whose ballot this person just sent: its confirmation takes the keyboard when it shows.
  const [justVoted, setJustVoted] = useState<number | null>(null)
  const focused = useCallback(() => setJustVoted(null), [])
  if (!s.votes.length) return null
  const canVote = me.role === 'deliberator' && s.status === 'live'
  // A ballot cast in another tab or on another phone of theirs is in the log (by name unless the vote is secret).
  const hasVoted = (v: Vote) => voted.has(v.seq) || (me.userId != null && !!v.ballots[userKey(me.userId)])
  return (
    <section className="card" aria-labelledby="votes-h">
      <h2 id="votes-h">{t('room.votes')}</h2>
      <ul className="list">
        {[...s.votes].reverse().map(v => (
          <li key={v.seq} className="stack" data-vote={v.seq}>
            <p>
              <strong>
                <PublicText text={v.question} />
              </strong>{' '}
              <span className="badge">{t(`room.kind.${v.kind}`)}</span> {v.anonymous ? <span className="badge">{t('room.anonymous')}</span> : null}{' '}
              <span className="badge">{v.status === 'open' ? t('room.voteOpen') : t('room.voteClosed')}</span>
            </p>
            {v.status === 'open' && canVote && !hasVoted(v) ? (
              <BallotForm
                v={v}
                submitLabel={t('room.vote')}
                onCast={async (ballot, onFieldErrors) => {
                  const ok = await run('vote.cast', { voteSeq: v.seq, ballot }, onFieldErrors)
                  if (ok) setJustVoted(v.seq)
                  return ok
                }}
              />
            ) : null}
            {v.status === 'open' && hasVoted(v) ? <VotedNote focus={justVoted === v.seq} onFocused={focused} /> : null}
            <VoteResultsView v={v} />
            {facilitate && v.status === 'open' ? (
              <button type="button" onClick={() => run('vote.close', { voteSeq: v.seq })} aria-label={forWhom(t, t('console.closeVote'), v.question)}>
                {t('console.closeVote')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

/**
 * The latest vote on the big screen. While results stay hidden the room still
 * sees how many have voted; otherwise the results carry that count already.
 */
export function ProjectorVote({ vote }: { vote: Vote }) {
  const t = useT()
  const ballots = Object.values(vote.ballots)
  return (
    <section>
      <h2>
        <PublicText text={vote.question} /> · {vote.status === 'open' ? t('room.voteOpen') : t('room.voteClosed')}
      </h2>
      {vote.status === 'open' && !vote.results && vote.hideResults ? (
        <p>{t('room.ballots', { count: ballots.length, online: ballots.filter(b => !b.inRoom).length, inRoom: ballots.filter(b => b.inRoom).length })}</p>
      ) : null}
      <VoteResultsView v={vote} large />
    </section>
  )
}
