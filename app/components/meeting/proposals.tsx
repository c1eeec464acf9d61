import { PublicText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'
import type { MeetingState } from '#meetings/types'
import type { Run } from './view-types'

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
            // Decided once the vote on it is over: until then the buttons say why they wait.
            const voting = s.votes.some(v => v.proposalSeq === p.seq && v.status === 'open')
            const why = voting ? `decide-wait-${p.seq}` : undefined
            return (
              <li key={p.seq}>
                <strong>
                  <PublicText text={p.title} />
                </strong>{' '}
                <span className={`badge status-${p.status}`}>
                  {p.status === 'draft' ? t('status.draft') : p.status === 'adopted' ? t('room.proposal.adopted') : t('room.proposal.rejected')}
                </span>
                {p.text ? (
                  <p>
                    <PublicText text={p.text} />
                  </p>
                ) : null}
                {p.fromSeqs.length ? (
                  <p className="hint">{t('room.fromStatements', { nos: p.fromSeqs.map(seq => s.statementBySeq[seq]?.no ?? '?').join(', #') })}</p>
                ) : null}
                {facilitate && p.status === 'draft' && s.status === 'live' ? (
                  <span className="row">
                    <button
                      type="button"
                      className="primary"
                      disabled={voting}
                      aria-describedby={why}
                      onClick={() => run('proposal.decide', { proposalSeq: p.seq, outcome: 'adopted', ...(lastVote ? { voteSeq: lastVote.seq } : {}) })}
                    >
                      {t('console.adopt')}
                    </button>
                    <button
                      type="button"
                      disabled={voting}
                      aria-describedby={why}
                      onClick={() => run('proposal.decide', { proposalSeq: p.seq, outcome: 'rejected', ...(lastVote ? { voteSeq: lastVote.seq } : {}) })}
                    >
                      {t('console.reject')}
                    </button>
                    {why ? (
                      <span id={why} className="hint">
                        {t('console.decideAfterVote')}
                      </span>
                    ) : null}
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
