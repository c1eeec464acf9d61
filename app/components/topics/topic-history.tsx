import { ZhText } from '#app/components/zh-text'
import { isMessageKey, type MessageKey, useT } from '#app/i18n/index'

/** Every step the topic went through (engine, reviewers, pushes), oldest first. */
export function TopicHistory({
  history,
  date,
}: {
  history: { id: number; kind: string; note: string | null; createdAt: string; actor: string | null }[]
  date: (d: string | null) => string
}) {
  const t = useT()
  return (
    <>
      <h2>{t('topics.history')}</h2>
      <ol className="list">
        {history.map(e => (
          <li key={e.id}>
            {date(e.createdAt)} · {isMessageKey(`topics.event.${e.kind}`) ? t(`topics.event.${e.kind}` as MessageKey) : e.kind}
            {e.actor ? (
              <>
                {' · '}
                <ZhText>{e.actor}</ZhText>
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
