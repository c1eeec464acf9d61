import { TopicMention, type TopicMentioned } from '#app/components/topics/topic-mention'
import { ZhText } from '#app/components/zh-text'
import { isMessageKey, type MessageKey, useT } from '#app/i18n/index'

/** Steps that name another topic, by the sentence that names it. */
const NAMING: Partial<Record<string, MessageKey>> = { split: 'topics.event.splitInto', 'split-from': 'topics.event.splitFrom' }

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
  history: { id: number; kind: string; note: string | null; createdAt: string; actor: string | null; data?: unknown; other?: TopicMentioned | null }[]
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
            {e.other && NAMING[e.kind] ? (
              <TopicMention message={NAMING[e.kind]!} topic={e.other} />
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
