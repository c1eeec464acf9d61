import { useState } from 'react'
import { ZhText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'
import { VOTE_KINDS, type MeetingState, type VoteKind } from '#meetings/types'
import { forWhom } from './for-whom'
import type { MeetingView, ParticipantView, Run } from './view-types'

/** Meeting lifecycle, agenda and timers. */
export function AgendaControls({ meeting, s, run }: { meeting: MeetingView; s: MeetingState; run: Run }) {
  const t = useT()
  const current = meeting.agenda.find(a => a.id === s.currentItemId)
  return (
    <section className="card" aria-labelledby="ctl-h">
      <h2 id="ctl-h">{t('console.agenda')}</h2>
      <div className="row">
        {s.status === 'scheduled' ? (
          <button type="button" className="primary" onClick={() => run('meeting.start', {})}>
            {t('console.start')}
          </button>
        ) : null}
        {s.status === 'live' ? (
          <button
            type="button"
            onClick={() => {
              if (window.confirm(t('console.confirmEnd'))) void run('meeting.end', {})
            }}
          >
            {t('console.end')}
          </button>
        ) : null}
        {s.status === 'live' && current ? (
          s.timer ? (
            <button type="button" onClick={() => run('timer.stop', {})}>
              {t('console.timerStop')}
            </button>
          ) : (
            <button type="button" onClick={() => run('timer.start', { seconds: current.plannedMinutes * 60 })}>
              {t('console.timerStart')}
            </button>
          )
        ) : null}
      </div>
      <ol className="list">
        {meeting.agenda.map(a => (
          <li key={a.id} className="row" style={{ justifyContent: 'space-between' }}>
            <span>
              {a.position}. <ZhText>{a.title}</ZhText> <span className="hint">{t('meeting.minutesShort', { minutes: a.plannedMinutes })}</span>{' '}
              {a.id === s.currentItemId ? <strong className="badge">{t('console.current')}</strong> : null}
            </span>
            {s.status === 'live' && a.id !== s.currentItemId ? (
              <button type="button" onClick={() => run('agenda.set', { itemId: a.id })} aria-label={forWhom(t, t('console.setItem'), a.title)}>
                {t('console.setItem')}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  )
}

export function ProposalDraft({ s, run, picked, clearPicked }: { s: MeetingState; run: Run; picked: Set<number>; clearPicked: () => void }) {
  const t = useT()
  const [title, setTitle] = useState('')
  const [text, setText] = useState('')
  if (s.status !== 'live') return null
  return (
    <section className="card" aria-labelledby="draft-h">
      <h2 id="draft-h">{t('console.draftProposal')}</h2>
      <form
        className="stack"
        onSubmit={async e => {
          e.preventDefault()
          if (await run('proposal.draft', { title, text, fromSeqs: [...picked] })) {
            setTitle('')
            setText('')
            clearPicked()
          }
        }}
      >
        <label>
          {t('console.proposalTitle')}
          <input value={title} onChange={e => setTitle(e.target.value)} required maxLength={200} />
        </label>
        <label>
          {t('console.proposalText')}
          <textarea value={text} onChange={e => setText(e.target.value)} maxLength={4000} rows={3} style={{ minHeight: '4rem' }} />
        </label>
        <p className="hint">{t('console.pickStatements', { count: picked.size })}</p>
        <button type="submit" className="primary">
          {t('console.draftProposal')}
        </button>
      </form>
    </section>
  )
}

export function OpenVote({ s, run }: { s: MeetingState; run: Run }) {
  const t = useT()
  const [question, setQuestion] = useState('')
  const [kind, setKind] = useState<VoteKind>('single')
  const [options, setOptions] = useState('')
  const [anonymous, setAnonymous] = useState(false)
  const [hideResults, setHideResults] = useState(false)
  const [quorum, setQuorum] = useState(0)
  const [proposalSeq, setProposalSeq] = useState<number | ''>('')
  const [maxChoices, setMaxChoices] = useState(2)
  const [scoreMax, setScoreMax] = useState(5)
  if (s.status !== 'live') return null
  const opts = options
    .split('\n')
    .map(o => o.trim())
    .filter(Boolean)
  return (
    <section className="card" aria-labelledby="openvote-h">
      <h2 id="openvote-h">{t('console.openVote')}</h2>
      <form
        className="stack"
        onSubmit={async e => {
          e.preventDefault()
          const ok = await run('vote.open', {
            question,
            kind,
            options: kind === 'consent' ? [] : opts,
            anonymous,
            hideResults,
            quorum,
            ...(proposalSeq !== '' ? { proposalSeq } : {}),
            ...(kind === 'multiple' ? { maxChoices } : {}),
            ...(kind === 'score' ? { scoreMax } : {}),
          })
          // The next vote starts from a blank form: not silently tied to the same proposal, nor anonymous by leftover.
          if (ok) {
            setQuestion('')
            setOptions('')
            setKind('single')
            setAnonymous(false)
            setHideResults(false)
            setQuorum(0)
            setProposalSeq('')
          }
        }}
      >
        <label>
          {t('console.question')}
          <input value={question} onChange={e => setQuestion(e.target.value)} required maxLength={300} />
        </label>
        <label>
          {t('console.kind')}
          <select value={kind} onChange={e => setKind(e.target.value as VoteKind)}>
            {VOTE_KINDS.map(k => (
              <option key={k} value={k}>
                {t(`room.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {kind !== 'consent' ? (
          <label>
            {t('console.options')}
            <textarea value={options} onChange={e => setOptions(e.target.value)} rows={3} style={{ minHeight: '4rem' }} required />
          </label>
        ) : null}
        {kind === 'multiple' ? (
          <label>
            {t('console.maxChoices')}
            <input type="number" min={1} max={20} value={maxChoices} onChange={e => setMaxChoices(Number(e.target.value) || 1)} />
          </label>
        ) : null}
        {kind === 'score' ? (
          <label>
            {t('console.scoreMax')}
            <input type="number" min={1} max={10} value={scoreMax} onChange={e => setScoreMax(Number(e.target.value) || 5)} />
          </label>
        ) : null}
        <label>
          {t('console.forProposal')}
          <select value={proposalSeq} onChange={e => setProposalSeq(e.target.value === '' ? '' : Number(e.target.value))}>
            <option value="">{t('console.none')}</option>
            {s.proposals
              .filter(p => p.status === 'draft')
              .map(p => (
                <option key={p.seq} value={p.seq}>
                  {p.title}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('console.quorum')}
          <input type="number" min={0} max={10000} value={quorum} onChange={e => setQuorum(Math.max(0, Number(e.target.value) || 0))} />
        </label>
        <label className="choice" style={{ flexDirection: 'row', alignItems: 'center' }}>
          <input type="checkbox" checked={anonymous} onChange={e => setAnonymous(e.target.checked)} /> {t('console.anonymous')}
        </label>
        <label className="choice" style={{ flexDirection: 'row', alignItems: 'center' }}>
          <input type="checkbox" checked={hideResults} onChange={e => setHideResults(e.target.checked)} /> {t('console.hideResults')}
        </label>
        <button type="submit" className="primary">
          {t('console.openVote')}
        </button>
      </form>
    </section>
  )
}

export function ModerationLog({ s, participants }: { s: MeetingState; participants: ParticipantView[] }) {
  const t = useT()
  if (!s.moderation.length) return null
  const name = (id?: number) => participants.find(p => p.userId === id)?.name ?? `#${id}`
  return (
    <section className="card" aria-labelledby="mod-h">
      <h2 id="mod-h">{t('console.moderation')}</h2>
      <ul className="list">
        {s.moderation.map(m => (
          <li key={m.seq}>
            <span className="hint">#{m.seq}</span>{' '}
            {m.type === 'message.hide'
              ? t('common.labelled', { label: `${t('console.hide')} #${m.targetSeq}`, value: m.reason ?? '' })
              : m.type === 'mute'
                ? `${t('console.mute')} ${name(m.userId)}`
                : m.type === 'unmute'
                  ? `${t('console.unmute')} ${name(m.userId)}`
                  : `${t('console.remove')} ${name(m.userId)}`}
          </li>
        ))}
      </ul>
    </section>
  )
}
