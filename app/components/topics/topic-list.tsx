import { Form, Link } from '@remix-run/react'
import { Fragment, useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { CsrfInput } from '#app/components/csrf'
import { ErrorList } from '#app/components/forms'
import { Sparkline } from '#app/components/sparkline'
import { MarkedText, TopicTitle, ZhText, topicTitleText } from '#app/components/zh-text'
import { isMessageKey, useLocale, useT, type MessageKey } from '#app/i18n/index'
import { markZh } from '#app/utils/zh-marks'

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

/** A merge the server refused or asks about: what was ticked, the target chosen, and the problems by field (`ids`, `target`). */
export type MergeRefusal = { ids: number[]; target: number | null; errors: Record<string, string[]> }

/**
 * The topic a merge goes into unless the reviewer chooses another: the hottest
 * of those ticked (the highest of them in the list), then the one with more
 * complaints, then the earlier one — never the order they were ticked in.
 */
export function hottestOf<T extends { id: number; heat: number; complaintCount: number }>(topics: readonly T[], ids: readonly number[]): T | undefined {
  return topics
    .filter(tp => ids.includes(tp.id))
    .reduce<T | undefined>((best, tp) => {
      if (!best) return tp
      if (tp.heat !== best.heat) return tp.heat > best.heat ? tp : best
      if (tp.complaintCount !== best.complaintCount) return tp.complaintCount > best.complaintCount ? tp : best
      return tp.id < best.id ? tp : best
    }, undefined)
}

const noSubscription = () => () => {}
/** False while the server renders and the browser hydrates the page, true once it runs in the browser. */
const useHydrated = () =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  )

/**
 * Topics hottest first, each with its heat trend and where and when its
 * complaints come from. Open suggestions can be ticked and merged into one of
 * the ticked ones (the hottest unless another is chosen); the merge is asked
 * about before it is done. Every row carries the version the reviewer saw.
 */
export function TopicList({
  topics,
  mergeable,
  date,
  refused,
}: {
  topics: TopicListItem[]
  mergeable: boolean
  date: (d: string | null) => string
  refused?: MergeRefusal | null
}) {
  const t = useT()
  const locale = useLocale()
  const [ticked, setTicked] = useState<number[]>(() => refused?.ids ?? [])
  const [chosen, setChosen] = useState<number | null>(() => refused?.target ?? null)
  const hydrated = useHydrated()
  const form = useRef<HTMLFormElement>(null)
  // Boxes ticked before the page's script ran (a slow phone) count as ticked.
  useEffect(() => {
    const early = [...(form.current?.querySelectorAll<HTMLInputElement>('input[name="ids"]:checked') ?? [])].map(i => Number(i.value))
    if (early.length) setTicked(ids => [...ids, ...early.filter(id => !ids.includes(id))])
  }, [])
  const tick = (id: number, on: boolean) => setTicked(ids => (on ? [...ids.filter(x => x !== id), id] : ids.filter(x => x !== id)))
  // With JavaScript only ticked topics can be the target; without it every topic is offered after
  // "the hottest of those ticked", which the server resolves, and the server checks the choice.
  const offered = hydrated ? topics.filter(tp => ticked.includes(tp.id)) : topics
  const target = offered.some(tp => tp.id === chosen) ? chosen : hydrated ? (hottestOf(offered, ticked)?.id ?? null) : null
  const idsError = refused?.errors.ids
  const targetError = refused?.errors.target
  return (
    <Form method="post" ref={form} noValidate>
      <CsrfInput />
      <ul className="list" data-testid="topic-list">
        {topics.map(tp => (
          <li key={tp.id} data-topic-id={tp.id}>
            <div className="row topic-row">
              {mergeable ? (
                <label className="inline-form">
                  <input type="checkbox" name="ids" value={tp.id} checked={ticked.includes(tp.id)} onChange={e => tick(tp.id, e.target.checked)} />{' '}
                  <span className="visually-hidden">
                    <MarkedText text={t('topics.selectNamed', { title: markZh(topicTitleText(tp.title, locale)) })} />
                  </span>
                </label>
              ) : null}
              <input type="hidden" name={`version-${tp.id}`} value={tp.version} />
              <div className="row topic-heading">
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
                {t('topics.field.reason')}:{' '}
                {isMessageKey(`topics.reason.${tp.rejection.reason}`) ? t(`topics.reason.${tp.rejection.reason}` as MessageKey) : tp.rejection.reason}
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
          <ErrorList id="merge-ids-error" errors={idsError} />
          <label>
            {t('topics.mergeInto')}
            <select
              name="target"
              value={target ?? ''}
              onChange={e => setChosen(e.target.value ? Number(e.target.value) : null)}
              disabled={!offered.length}
              {...(targetError ? { 'aria-invalid': true, 'aria-describedby': 'merge-target-error' } : {})}
            >
              {hydrated ? null : <option value="">{t('topics.merge.hottestTicked')}</option>}
              {offered.length ? (
                offered.map(tp => (
                  <option key={tp.id} value={tp.id} lang="zh-CN">
                    {topicTitleText(tp.title, locale)}
                  </option>
                ))
              ) : (
                <option value="">{t('topics.merge.tickFirst')}</option>
              )}
            </select>
            <ErrorList id="merge-target-error" errors={targetError} />
          </label>
          <button type="submit" name="intent" value="merge">
            {t('topics.merge')}
          </button>
        </fieldset>
      ) : null}
    </Form>
  )
}
