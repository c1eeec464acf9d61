import { Link } from '@remix-run/react'
import { DataTable, type Column } from '#app/components/data-table'
import { PublicText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'

type Usage = { id: number; kind: 'reply' | 'faq'; question: string; views: number; helpful: number; notHelpful: number; inquiriesAvoided: number }
type Unanswered = { question: string; count: number; complaintIds: number[] }
export type AnswerFiguresData = {
  published: number
  inquiriesAvoided: number
  helpful: number
  notHelpful: number
  views: number
  usage: Usage[]
  unanswered: Unanswered[]
}

const rate = (helpful: number, notHelpful: number) => (helpful + notHelpful ? `${Math.round((100 * helpful) / (helpful + notHelpful))}%` : '—')

/** The answers library on the street dashboard: totals, the most viewed answers with their helpful rates, and what residents ask that nothing answers yet. */
export function AnswerFigures({ figures: d }: { figures: AnswerFiguresData }) {
  const t = useT()
  const usageColumns: Column<Usage>[] = [
    {
      key: 'question',
      header: t('answers.question'),
      rowHeader: true,
      cell: a => (
        <>
          {a.kind === 'faq' ? `${t('answers.faq')} · ` : ''}
          <Link to={`/answers/${a.id}`}>
            <PublicText text={a.question} />
          </Link>
        </>
      ),
    },
    { key: 'views', header: t('answers.figures.viewsCol'), numeric: true, cell: a => a.views },
    { key: 'helpful', header: t('answers.figures.helpfulCol'), numeric: true, cell: a => a.helpful },
    { key: 'notHelpful', header: t('answers.figures.notHelpfulCol'), numeric: true, cell: a => a.notHelpful },
    { key: 'rate', header: t('answers.figures.helpfulRate'), numeric: true, cell: a => rate(a.helpful, a.notHelpful) },
  ]
  return (
    <section className="card stack" aria-labelledby="answers-figures">
      <h2 id="answers-figures">{t('answers.figures.title')}</h2>
      {/* Views and votes are running totals on each answer: they have no date to filter by. */}
      <p className="hint">{t('answers.figures.allTime')}</p>
      <dl className="facts">
        <div>
          <dt>{t('answers.figures.published')}</dt>
          <dd>{d.published}</dd>
        </div>
        <div>
          <dt>{t('answers.figures.avoided')}</dt>
          <dd>{d.inquiriesAvoided}</dd>
        </div>
        <div>
          <dt>{t('answers.figures.helpfulRate')}</dt>
          <dd>{rate(d.helpful, d.notHelpful)}</dd>
        </div>
        <div>
          <dt>{t('answers.figures.views')}</dt>
          <dd>{d.views}</dd>
        </div>
      </dl>
      <h3 id="answers-usage">{t('answers.figures.usage')}</h3>
      {/* Cards on phones: each answer's figures are named by their column, with nothing to scroll sideways. */}
      <DataTable
        caption={t('answers.figures.usage')}
        captionHidden
        stackOnPhone
        className="answer-usage"
        testId="answers-usage"
        columns={usageColumns}
        rows={d.usage}
        rowKey={a => a.id}
        empty={<p className="hint">{t('common.none')}</p>}
      />
      <h3 id="answers-unanswered">{t('answers.figures.unanswered')}</h3>
      <p className="hint">{t('answers.figures.unansweredHint')}</p>
      {d.unanswered.length ? (
        <ol aria-labelledby="answers-unanswered" data-testid="answers-unanswered">
          {d.unanswered.map(q => (
            <li key={q.complaintIds[0]}>
              <Link to={`/complaints/${q.complaintIds[0]}`}>
                <PublicText text={q.question} />
              </Link>{' '}
              <span className="hint">{t('answers.figures.asked', { count: q.count })}</span> ·{' '}
              <Link to={`/answers/review?q=${encodeURIComponent(q.question)}#faq`}>{t('answers.figures.writeFaq')}</Link>
            </li>
          ))}
        </ol>
      ) : (
        <p className="hint">{t('common.none')}</p>
      )}
    </section>
  )
}
