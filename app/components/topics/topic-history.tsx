import { Fragment } from 'react'
import { TopicMention, type TopicMentioned } from '#app/components/topics/topic-mention'
import { ZhText } from '#app/components/zh-text'
import { isMessageKey, type MessageKey, useT } from '#app/i18n/index'

/** Steps that name other topics, by the sentence that names one and, for a step that may name several, the one that names them all. */
const NAMING: Partial<Record<string, { one: MessageKey; many?: MessageKey }>> = {
  split: { one: 'topics.event.splitInto' },
  'split-from': { one: 'topics.event.splitFrom' },
  merge: { one: 'topics.event.mergeInto' },
  'merge-target': { one: 'topics.event.mergedIn', many: 'topics.event.mergedInMany' },
}

// Stands for the list of titles in the translated sentence, so each title can be a link inside it.
const SLOT = '\uE011'

/** A step naming the other topics it concerns, each by its title, linked where the reader may open it. */
function StepNaming({ naming, topics }: { naming: { one: MessageKey; many?: MessageKey }; topics: TopicMentioned[] }) {
  const t = useT()
  if (topics.length === 1 || !naming.many) return <TopicMention message={naming.one} topic={topics[0]!} />
  const [before = '', after = ''] = t(naming.many, { titles: SLOT }).split(SLOT)
  return (
    <>
      {before}
      {topics.map((topic, i) => (
        <Fragment key={topic.id}>
          {i === 0 ? null : t(i === topics.length - 1 ? 'topics.event.titlesLastSeparator' : 'topics.event.titlesSeparator')}
          <TopicMention message="topics.event.quotedTitle" topic={topic} />
        </Fragment>
      ))}
      {after}
    </>
  )
}

/** The reason a rejection step recorded, when it is one of the list's. */
function rejectReasonOf(data: unknown): string | null {
  const reason = (data as { reason?: unknown } | null)?.reason
  return typeof reason === 'string' && isMessageKey(`topics.reason.${reason}`) ? reason : null
}

/** Every step the topic went through (engine, reviewers, pushes), oldest first. */
export function TopicHistory({
  history,
  date,
}: {
  history: { id: number; kind: string; note: string | null; createdAt: string; actor: string | null; data?: unknown; others?: TopicMentioned[] }[]
  date: (d: string | null) => string
}) {
  const t = useT()
  return (
    <>
      <h2>{t('topics.history')}</h2>
      <ol className="list">
        {history.map(e => (
          <li key={e.id}>
            {date(e.createdAt)} ·{' '}
            {e.others?.length && NAMING[e.kind] ? (
              <StepNaming naming={NAMING[e.kind]!} topics={e.others} />
            ) : isMessageKey(`topics.event.${e.kind}`) ? (
              t(`topics.event.${e.kind}` as MessageKey)
            ) : (
              e.kind
            )}
            {e.actor ? (
              <>
                {' · '}
                <ZhText>{e.actor}</ZhText>
              </>
            ) : null}
            {e.kind === 'reject' && rejectReasonOf(e.data) ? (
              <>
                {' · '}
                {t('topics.field.reason')}: {t(`topics.reason.${rejectReasonOf(e.data)}` as MessageKey)}
              </>
            ) : null}
            {e.note ? (
              <>
                {' · '}
                <ZhText>{e.note}</ZhText>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </>
  )
}
