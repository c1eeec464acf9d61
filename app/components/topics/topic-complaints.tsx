import { Form, Link } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { ErrorList, useFixedFields } from '#app/components/forms'
import { Highlighted } from '#app/components/highlight'
import { type RefusedForm, refusedAs } from '#app/components/topics/review-forms'
import { MarkedText, ZhText } from '#app/components/zh-text'
import { type MessageKey, useT } from '#app/i18n/index'
import { markZh } from '#app/utils/zh-marks'

export type TopicComplaint = {
  id: number
  subject: string
  body: string
  channel: string
  receivedAt: string
  communityName: string | null
  complainantName: string | null
  canOpen: boolean
}

/**
 * The complaints grouped in a topic, their matching words highlighted. While the
 * topic is open the reviewer may tick some and split them into a new suggestion.
 */
export function TopicComplaints({
  topic,
  complaints,
  terms,
  subProblems,
  historical,
  open,
  busy,
  refused,
  date,
}: {
  topic: { version: number; title: string }
  complaints: TopicComplaint[]
  terms: string[]
  subProblems: { label: string; count: number }[]
  historical: boolean
  open: boolean
  busy: boolean
  /** The split, when the server refused it. */
  refused: RefusedForm | null
  date: (d: string | null) => string
}) {
  const t = useT()
  const fixed = useFixedFields(refused)
  const split = refusedAs(refused, 'split', fixed)
  const picked =
    refused?.intent === 'split'
      ? [refused.values.complaintIds]
          .flat()
          .filter(id => id != null)
          .map(String)
      : []
  return (
    <>
      <h2>{t('topics.complaints')}</h2>
      {historical ? <p className="hint">{t('topics.historicalHint')}</p> : null}
      {subProblems.length > 1 ? (
        <p className="hint" data-testid="topic-subproblems">
          {t('topics.subProblems')}: {subProblems.map(p => `${p.label}（${p.count}）`).join('、')}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate onChange={fixed.onChange}>
        <CsrfInput />
        <input type="hidden" name="expectedVersion" value={topic.version} />
        <ul className="list" data-testid="topic-complaints">
          {complaints.map(c => (
            <li key={c.id}>
              {open ? (
                <label className="inline-form">
                  <input
                    type="checkbox"
                    name="complaintIds"
                    value={c.id}
                    defaultChecked={picked.includes(String(c.id))}
                    {...split.aria('complaintIds', 'split-complaints-error')}
                  />
                  <span className="visually-hidden">
                    <MarkedText text={t('topics.field.splitPickNamed', { subject: markZh(c.subject) })} />
                  </span>
                </label>
              ) : null}{' '}
              {c.canOpen ? (
                <Link to={`/complaints/${c.id}`} lang="zh-CN">
                  <Highlighted text={c.subject} terms={terms} />
                </Link>
              ) : (
                <ZhText>
                  <Highlighted text={c.subject} terms={terms} />
                </ZhText>
              )}
              <div lang="zh-CN">
                <Highlighted text={c.body} terms={terms} />
              </div>
              {/* A name the reviewer may not see, or a community not known, is left out with its separator. */}
              <div className="hint">
                {t(`channel.${c.channel}` as MessageKey)} · {date(c.receivedAt)}
                {c.communityName ? ` · ${c.communityName}` : null}
                {c.complainantName ? (
                  <>
                    {' · '}
                    <ZhText>{c.complainantName}</ZhText>
                  </>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
        {open && complaints.length > 1 ? (
          <div className="row card">
            <label>
              {t('topics.field.splitTitle')}
              <input
                name="splitTitle"
                defaultValue={split.value('splitTitle', topic.title)}
                maxLength={120}
                required
                {...split.aria('splitTitle', 'split-title-error')}
              />
              <ErrorList id="split-title-error" errors={split.errors('splitTitle')} />
            </label>
            <button type="submit" name="intent" value="split" disabled={busy}>
              {t('topics.action.split')}
            </button>
            <ErrorList id="split-complaints-error" errors={split.errors('complaintIds')} />
          </div>
        ) : null}
      </Form>
    </>
  )
}
