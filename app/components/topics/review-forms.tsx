import { Form } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { ErrorList } from '#app/components/forms'
import { type MessageKey, useT } from '#app/i18n/index'
import { REJECT_REASONS } from '#db/enums'

/** How long a suggestion may be put aside before it comes back for review. */
export const SNOOZE_DAYS = { min: 1, max: 180 } as const

type Reviewed = { version: number; title: string; description: string; category: string; place: string | null }

/** One review action on the topic: posts with the version the reviewer saw, so a concurrent change is a conflict. */
function ReviewForm({ version, children }: { version: number; children: React.ReactNode }) {
  return (
    <Form method="post" className="stack card">
      <CsrfInput />
      <input type="hidden" name="expectedVersion" value={version} />
      {children}
    </Form>
  )
}

/**
 * The reviewer's decisions on an open suggestion: approve (with edits), reject
 * with a reason, snooze, or hand to another unit. Each form carries the version
 * the reviewer saw, so a change made meanwhile is reported instead of overwritten.
 */
export function ReviewForms({
  topic,
  targets,
  categories,
  busy,
  errors,
}: {
  topic: Reviewed
  targets: { id: number; name: string }[]
  categories: { value: string; label: string }[]
  busy: boolean
  errors: Record<string, string[]>
}) {
  const t = useT()
  return (
    <>
      <h2>{t('topics.action.approve')}</h2>
      <ReviewForm version={topic.version}>
        <label>
          {t('topics.field.title')}
          <input
            name="title"
            defaultValue={topic.title}
            required
            maxLength={120}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={errors.title ? 'approve-title-error' : undefined}
          />
          <ErrorList id="approve-title-error" errors={errors.title} />
        </label>
        <label>
          {t('topics.field.description')}
          <textarea name="description" defaultValue={topic.description} maxLength={5000} />
        </label>
        <div className="row">
          <label>
            {t('topics.category')}
            <select
              name="category"
              defaultValue={topic.category}
              aria-invalid={errors.category ? true : undefined}
              aria-describedby={errors.category ? 'approve-category-error' : undefined}
            >
              {/* A category from before the taxonomy changed stays selectable for its topic. */}
              {categories.some(c => c.value === topic.category) ? null : (
                <option value={topic.category} lang="zh-CN">
                  {topic.category}
                </option>
              )}
              {categories.map(c => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
            <ErrorList id="approve-category-error" errors={errors.category} />
          </label>
          <label>
            {t('topics.place')}
            <input name="place" defaultValue={topic.place ?? ''} maxLength={120} />
          </label>
        </div>
        <button type="submit" name="intent" value="approve" className="primary" disabled={busy}>
          {t('topics.action.approve')}
        </button>
      </ReviewForm>

      <div className="grid">
        <ReviewForm version={topic.version}>
          <label>
            {t('topics.field.reason')}
            <select name="reason" defaultValue="not_deliberation">
              {REJECT_REASONS.map(r => (
                <option key={r} value={r}>
                  {t(`topics.reason.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('topics.field.note')}
            <textarea name="note" maxLength={2000} />
          </label>
          <button type="submit" name="intent" value="reject" disabled={busy}>
            {t('topics.action.reject')}
          </button>
        </ReviewForm>
        <ReviewForm version={topic.version}>
          <label>
            {t('topics.field.snoozeDays')}
            <input
              name="days"
              type="number"
              min={SNOOZE_DAYS.min}
              max={SNOOZE_DAYS.max}
              defaultValue={7}
              aria-invalid={errors.days ? true : undefined}
              aria-describedby={errors.days ? 'snooze-days-error' : undefined}
            />
            <ErrorList id="snooze-days-error" errors={errors.days} />
          </label>
          <button type="submit" name="intent" value="snooze" disabled={busy}>
            {t('topics.action.snooze')}
          </button>
        </ReviewForm>
        <ReviewForm version={topic.version}>
          <label>
            {t('topics.field.unit')}
            <select name="unitId">
              {targets.map(u => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('topics.field.note')}
            <input name="note" maxLength={2000} />
          </label>
          <button type="submit" name="intent" value="reassign" disabled={busy}>
            {t('topics.action.reassign')}
          </button>
        </ReviewForm>
      </div>
    </>
  )
}
