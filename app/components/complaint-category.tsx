import { Form, Link } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { StatusBadge } from '#app/components/status-badge'
import { TopicTitle } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'

export type ComplaintTopicLink = { id: number; title: string; status: string; canOpen: boolean }
export type CategoryOption = { id: string; label: string; depth: number }

/**
 * The complaint's topics (linked for those who may review them) and, for
 * workers, a form to correct its category.
 */
export function ComplaintCategoryPanel({
  category,
  topics,
  options,
  current,
  canEdit,
}: {
  category: string | null
  topics: ComplaintTopicLink[]
  options: CategoryOption[]
  current: string
  canEdit: boolean
}) {
  const t = useT()
  return (
    <section className="card stack" aria-labelledby="category-h">
      <h2 id="category-h">{t('correction.title')}</h2>
      <dl>
        <dt>{t('correction.category')}</dt>
        <dd data-testid="complaint-category">{category ?? t('common.none')}</dd>
        <dt>{t('correction.topics')}</dt>
        <dd>
          {topics.length ? (
            <ul className="list" data-testid="complaint-topics">
              {topics.map(topic => (
                <li key={topic.id}>
                  {topic.canOpen ? (
                    <Link to={`/topics/${topic.id}`}>
                      <TopicTitle title={topic.title} />
                    </Link>
                  ) : (
                    <TopicTitle title={topic.title} />
                  )}{' '}
                  <StatusBadge status={topic.status} />
                </li>
              ))}
            </ul>
          ) : (
            <span className="hint">{t('correction.noTopics')}</span>
          )}
        </dd>
      </dl>
      {canEdit ? (
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="intent" value="category" />
          <label htmlFor="category-node">
            {t('correction.field')}
            <select id="category-node" name="nodeId" defaultValue={current} key={current}>
              {current ? null : <option value="">—</option>}
              {options.map(o => (
                <option key={o.id} value={o.id}>
                  {'\u3000'.repeat(o.depth)}
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <p className="hint">{t('correction.hint')}</p>
          <button type="submit">{t('correction.submit')}</button>
        </Form>
      ) : null}
    </section>
  )
}
