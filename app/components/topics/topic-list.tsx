import { Form, Link } from '@remix-run/react'
import { Fragment } from 'react'
import { CsrfInput } from '#app/components/csrf'
import { Sparkline } from '#app/components/sparkline'
import { TopicTitle, ZhText, topicTitleText } from '#app/components/zh-text'
import { isMessageKey, useLocale, useT, type MessageKey } from '#app/i18n/index'

export type TopicListItem = {
  id: number
  title: string
  version: number
  heat: number
  heatHistory: unknown
  pushed: boolean
  historical: boolean
  unit: string
  place: string | null
  category: string
  complaintCount: number
  fromTime: string | null
  toTime: string | null
  keywords: string[]
  /** Why a rejected topic was rejected. */
  rejection?: { reason: string; note: string | null } | null
}

/**
 * What a topic row says under its title: unit, place (when it has one),
 * category (or that it has none), complaints and dates.
 */
export function topicFacts(tp: TopicListItem, t: ReturnType<typeof useT>, date: (d: string | null) => string): string[] {
  return [
    tp.unit,
    ...(tp.place ? [tp.place] : []),
    tp.category || t('topics.uncategorised'),
    t('topics.complaintCount', { count: tp.complaintCount }),
    `${date(tp.fromTime)}–${date(tp.toTime)}`,
  ]
}

/**
 * Topics hottest first, each with its heat trend and where and when its
 * complaints come from. Open suggestions can be ticked and merged into one;
 * every row carries the version the reviewer saw.
 */
export function TopicList({ topics, mergeable, date }: { topics: TopicListItem[]; mergeable: boolean; date: (d: string | null) => string }) {
  const t = useT()
  const locale = useLocale()
  return (
    <Form method="post">
      <CsrfInput />
      <ul className="list" data-testid="topic-list">
        {topics.map(tp => (
          <li key={tp.id} data-topic-id={tp.id}>
            <div className="row">
              {mergeable ? (
                <label className="inline-form">
                  <input type="checkbox" name="ids" value={tp.id} /> <span className="visually-hidden">{t('topics.select')}</span>
                </label>
              ) : null}
              <input type="hidden" name={`version-${tp.id}`} value={tp.version} />
              <Link to={`/topics/${tp.id}`}>
                <strong>
                  <TopicTitle title={tp.title} />
                </strong>
              </Link>
              <span className={`badge${tp.pushed ? ' hot' : ''}`}>
                {t('topics.heat')} {tp.heat.toFixed(1)}
              </span>
              <Sparkline points={tp.heatHistory as [string, number][]} label={t('topics.trend')} />
              {tp.historical ? (
                <span className="badge" title={t('topics.historicalHint')}>
                  {t('topics.historical')}
                </span>
              ) : null}
            </div>
            <div className="hint">
              {topicFacts(tp, t, date).map((fact, i) => (
                <Fragment key={i}>
                  {i ? ' · ' : null}
                  {i === 1 && tp.place ? <ZhText>{fact}</ZhText> : fact}
                </Fragment>
              ))}
            </div>
            {tp.rejection ? (
              <div className="hint" data-testid="reject-reason">
                {t('topics.field.reason')}: {isMessageKey(`topics.reason.${tp.rejection.reason}`) ? t(`topics.reason.${tp.rejection.reason}` as MessageKey) : tp.rejection.reason}
                {tp.rejection.note ? (
                  <>
                    {' · '}
                    <ZhText>{tp.rejection.note}</ZhText>
                  </>
                ) : null}
              </div>
            ) : null}
            {tp.keywords.length ? (
              <div className="hint">
                {t('topics.keywords')}: <ZhText>{tp.keywords.join('、')}</ZhText>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {mergeable && topics.length > 1 ? (
        <fieldset className="row card">
          <legend>{t('topics.merge')}</legend>
          <label>
            {t('topics.mergeInto')}
            <select name="target">
              {topics.map(tp => (
                <option key={tp.id} value={tp.id} lang="zh-CN">
                  #{tp.id} {topicTitleText(tp.title, locale)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" name="intent" value="merge">
            {t('topics.merge')}
          </button>
        </fieldset>
      ) : null}
    </Form>
  )
}
