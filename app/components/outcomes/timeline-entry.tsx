import { Link } from '@remix-run/react'
import { fmtDate } from '#app/components/outcomes-ui'
import { MarkedText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import type { FormattedEntry } from '#app/services/timeline'

/** One line of a public timeline; `linkTopic` names the topic with a link where the list mixes topics. */
export function TimelineEntry({ entry, linkTopic = false }: { entry: FormattedEntry; linkTopic?: boolean }) {
  const t = useT()
  const locale = useLocale()
  return (
    <li data-type={entry.type}>
      <div className="hint">
        <time dateTime={entry.at}>{fmtDate(entry.at, locale)}</time> · <span className="badge">{t(`outcome.tl.type.${entry.type}`)}</span>
        {linkTopic ? (
          <>
            {' · '}
            <Link className="tap" to={entry.path}>
              <MarkedText text={entry.topic} />
            </Link>
          </>
        ) : null}
      </div>
      <strong>
        <MarkedText text={entry.title} />
      </strong>
      {entry.summary ? (
        <p>
          <MarkedText text={entry.summary} />
        </p>
      ) : null}
    </li>
  )
}
