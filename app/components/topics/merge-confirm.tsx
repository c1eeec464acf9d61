import { Form, Link, useLocation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { CsrfInput } from '#app/components/csrf'
import { MarkedText, topicTitleText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { markZh } from '#app/utils/zh-marks'

/**
 * A merge asked about before it is done: the topics ticked (in the order
 * ticked), the one they go into, and the version of each the reviewer saw.
 */
export type MergeProposal = {
  ids: number[]
  target: { id: number; title: string }
  others: { id: number; title: string }[]
  versions: Record<string, number>
}

/**
 * The question a merge asks before it is done, naming which topics go into
 * which and that the target keeps its title and place. Its own form sends
 * exactly what it names; cancelling leaves everything as it was.
 */
export function MergeConfirm({ proposal }: { proposal: MergeProposal }) {
  const t = useT()
  const locale = useLocale()
  const { pathname, search } = useLocation()
  const heading = useRef<HTMLHeadingElement>(null)
  // Asked after a press further down the page: the question is where the reader goes next.
  useEffect(() => heading.current?.focus(), [proposal])
  const quoted = (title: string) => t('topics.event.quotedTitle', { title: markZh(topicTitleText(title, locale)) })
  const others = proposal.others
    .map((o, i) =>
      i === 0
        ? quoted(o.title)
        : `${t(i === proposal.others.length - 1 ? 'topics.event.titlesLastSeparator' : 'topics.event.titlesSeparator')}${quoted(o.title)}`,
    )
    .join('')
  return (
    <section className="card stack" aria-labelledby="merge-confirm-title" data-testid="merge-confirm">
      <h2 id="merge-confirm-title" ref={heading} tabIndex={-1}>
        {t('topics.merge.confirmTitle')}
      </h2>
      <p role="note">
        <MarkedText text={t('topics.merge.confirmQuestion', { others, target: markZh(topicTitleText(proposal.target.title, locale)) })} />
      </p>
      <p className="hint">{t('topics.merge.confirmHint', { field: t('topics.mergeInto'), button: t('topics.merge') })}</p>
      <Form method="post" className="row" noValidate>
        <CsrfInput />
        {proposal.ids.map(id => (
          <input key={id} type="hidden" name="ids" value={id} />
        ))}
        <input type="hidden" name="target" value={proposal.target.id} />
        {proposal.ids.map(id =>
          proposal.versions[id] === undefined ? null : <input key={id} type="hidden" name={`version-${id}`} value={proposal.versions[id]} />,
        )}
        <button type="submit" name="intent" value="confirm-merge" className="danger">
          {t('topics.merge.confirm')}
        </button>
        <Link className="button" to={`${pathname}${search}`}>
          {t('topics.merge.cancel')}
        </Link>
      </Form>
    </section>
  )
}
