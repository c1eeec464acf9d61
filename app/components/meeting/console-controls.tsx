import { useRef, useState } from 'react'
import { ErrorList } from '#app/components/forms'
import { ZhText } from '#app/components/zh-text'
import { useLocale, useT, type Locale, type TFunction } from '#app/i18n/index'
import { formatDateTime } from '#app/utils/dates'
import { TEXT_LIMITS } from '#meetings/commands'
import { VOTE_KINDS, type MeetingState, type VoteKind } from '#meetings/types'
import { first, focusWhenGone } from './focus-next'
import { forWhom } from './for-whom'
import { LimitedText, missingTexts } from './limited-text'
import type { FieldErrors, MeetingView, ParticipantView, Run } from './view-types'

/** Starting sooner than this before the planned time is asked about first (a slip of the finger on the wrong meeting). */
const EARLY_START_MS = 3600_000

/** What to ask before starting a meeting planned for more than an hour after `now`, or null when it may simply start. */
export function earlyStartQuestion(t: TFunction, locale: Locale, startsAt: string, now: number): string | null {
  if (Date.parse(startsAt) - now <= EARLY_START_MS) return null
  return t('console.confirmEarlyStart', { when: formatDateTime(startsAt, locale) })
}

/** Meeting lifecycle, agenda and timers; `offset`: the server's clock minus this device's. */
export function AgendaControls({ meeting, s, run, offset = 0 }: { meeting: MeetingView; s: MeetingState; run: Run; offset?: number }) {
  const t = useT()
  const locale = useLocale()
  const current = meeting.agenda.find(a => a.id === s.currentItemId)
  const section = useRef<HTMLElement>(null)
  return (
    <section className="card" aria-labelledby="ctl-h" ref={section}>
      <h2 id="ctl-h" tabIndex={-1}>
        {t('console.agenda')}
      </h2>
      <div className="row">
        {s.status === 'scheduled' ? (
          <button
            type="button"
            className="primary"
            onClick={e => {
              const question = earlyStartQuestion(t, locale, meeting.startsAt, Date.now() + offset)
              if (question && !window.confirm(question)) return
              // Once started, the keyboard goes on to the first agenda item to open.
              focusWhenGone(e.currentTarget, () => first(section.current, 'button[data-agenda-set]') ?? first(section.current, 'h2'))
              void run('meeting.start', {})
            }}
          >
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
              <button
                type="button"
                data-agenda-set={a.id}
                onClick={e => {
                  // The item now under way, as the room sees it, takes the focus.
                  focusWhenGone(e.currentTarget, () => document.getElementById('now-item') ?? first(section.current, 'h2'))
                  void run('agenda.set', { itemId: a.id })
                }}
                aria-label={forWhom(t, t('console.setItem'), a.title)}
              >
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
  const [errors, setErrors] = useState<FieldErrors>({})
  if (s.status !== 'live') return null
  return (
    <section className="card" aria-labelledby="draft-h">
      <h2 id="draft-h">{t('console.draftProposal')}</h2>
      <form
        className="stack"
        noValidate
        onSubmit={async e => {
          e.preventDefault()
          const missing = missingTexts({ title })
          if (missing) return setErrors(missing)
          if (await run('proposal.draft', { title, text, fromSeqs: [...picked] }, setErrors)) {
            setTitle('')
            setText('')
            clearPicked()
          }
        }}
      >
        <LimitedText label={t('console.proposalTitle')} value={title} onChange={setTitle} max={TEXT_LIMITS.proposalTitle} errors={errors.title} required />
        <LimitedText
          label={t('console.proposalText')}
          value={text}
          onChange={setText}
          max={TEXT_LIMITS.proposalText}
          errors={errors.text}
          multiline
          rows={3}
          style={{ minHeight: '4rem' }}
        />
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
  const [errors, setErrors] = useState<FieldErrors>({})
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
        noValidate
        onSubmit={async e => {
          e.preventDefault()
          // Empty texts and too few options are said beside their fields, before anything is sent.
          const missing = { ...missingTexts({ question }), ...(kind !== 'consent' && opts.length < 2 ? { options: ['room.error.options'] } : {}) }
          if (Object.keys(missing).length) return setErrors(missing)
          const ok = await run(
            'vote.open',
            {
              question,
              kind,
              options: kind === 'consent' ? [] : opts,
              anonymous,
              hideResults,
              quorum,
              ...(proposalSeq !== '' ? { proposalSeq } : {}),
              ...(kind === 'multiple' ? { maxChoices } : {}),
              ...(kind === 'score' ? { scoreMax } : {}),
            },
            setErrors,
          )
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
        <LimitedText label={t('console.question')} value={question} onChange={setQuestion} max={TEXT_LIMITS.question} errors={errors.question} required />
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
          <div className="field">
            <label htmlFor="vote-options">{t('console.options')}</label>
            <textarea
              id="vote-options"
              value={options}
              onChange={e => setOptions(e.target.value)}
              rows={3}
              style={{ minHeight: '4rem' }}
              required
              aria-describedby={errors.options ? 'vote-options-limit vote-options-error' : 'vote-options-limit'}
              aria-invalid={errors.options ? true : undefined}
            />
            <p id="vote-options-limit" className="hint">
              {t('console.optionsLimit', { max: TEXT_LIMITS.option, count: TEXT_LIMITS.options })}
            </p>
            <ErrorList id="vote-options-error" errors={errors.options} />
          </div>
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
            {m.type === 'message.hide'
              ? t('common.labelled', {
                  label: `${t('console.hide')} #${(m.targetSeq != null && s.statementBySeq[m.targetSeq]?.no) || '?'}`,
                  value: m.reason ?? '',
                })
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
