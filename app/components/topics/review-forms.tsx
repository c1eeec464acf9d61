import { Form } from '@remix-run/react'
import { ConfirmSubmit } from '#app/components/confirm-submit'
import { CsrfInput } from '#app/components/csrf'
import { ErrorList, useFixedFields } from '#app/components/forms'
import { MarkedText, topicTitleText } from '#app/components/zh-text'
import { type MessageKey, useLocale, useT } from '#app/i18n/index'
import { markZh } from '#app/utils/zh-marks'
import { REJECT_REASONS } from '#db/enums'

/** How long a suggestion may be put aside before it comes back for review. */
export const SNOOZE_DAYS = { min: 1, max: 180 } as const

/** The fields each review form shows its own problems beside; anything else is said at the top of the page. */
export const REVIEW_FIELDS: Partial<Record<string, readonly string[]>> = {
  approve: ['title', 'description', 'category', 'place'],
  reject: ['reason', 'note'],
  snooze: ['days'],
  reassign: ['unitId', 'note'],
  split: ['splitTitle', 'complaintIds'],
}

/** A review form the server refused: which one (its intent), what was typed in it, and the problems by field. */
export type RefusedForm = { intent: string; values: Record<string, unknown>; errors: Record<string, string[]> }

/** What one form shows after a post: the values typed and errors if it was the form refused, else nothing. */
export function refusedAs(refused: RefusedForm | null | undefined, intent: string, fixed?: { shown: (name: string) => boolean }) {
  const mine = refused?.intent === intent ? refused : null
  const errorsOf = (name: string) => (fixed && !fixed.shown(name) ? undefined : mine?.errors[name])
  return {
    /** The text typed in `name`, or `fallback` when this form was not the one sent. */
    value: (name: string, fallback: string) => {
      if (!mine) return fallback
      const v = mine.values[name]
      return typeof v === 'string' ? v : ''
    },
    /** The field's errors, unless it has been put right since (see useFixedFields). */
    errors: errorsOf,
    /** aria-invalid and aria-describedby for a control whose errors are listed under `errorId`. */
    aria: (name: string, errorId: string) => (errorsOf(name) ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {}),
  }
}

/** `descriptionDraft`: the description as the approve form offers it (see the topic page's loader). */
type Reviewed = { version: number; title: string; descriptionDraft: string; category: string; place: string | null }

/** One review action on the topic: posts with the version the reviewer saw, so a concurrent change is a conflict. */
function ReviewForm({ version, onChange, children }: { version: number; onChange?: React.FormEventHandler<HTMLFormElement>; children: React.ReactNode }) {
  return (
    <Form method="post" className="stack card" noValidate onChange={onChange}>
      <CsrfInput />
      <input type="hidden" name="expectedVersion" value={version} />
      {children}
    </Form>
  )
}

/**
 * The reviewer's decisions on an open suggestion: approve (with edits), reject
 * with a reason the reviewer chose (asked once before it is done), snooze, or
 * hand to another unit. Each form carries the version the reviewer saw, so a
 * change made meanwhile is reported instead of overwritten.
 * A refused form shows its problems beside its own fields and keeps what was typed.
 */
export function ReviewForms({
  topic,
  targets,
  categories,
  busy,
  refused,
}: {
  topic: Reviewed
  targets: { id: number; name: string }[]
  categories: { value: string; label: string }[]
  busy: boolean
  refused: RefusedForm | null
}) {
  const t = useT()
  const locale = useLocale()
  // A refused field's message and red border go once it is put right (a reason chosen, a title typed).
  const fixed = useFixedFields(refused)
  const approve = refusedAs(refused, 'approve', fixed)
  const reject = refusedAs(refused, 'reject', fixed)
  const snooze = refusedAs(refused, 'snooze', fixed)
  const reassign = refusedAs(refused, 'reassign', fixed)
  const category = approve.value('category', topic.category)
  return (
    <>
      <h2>{t('topics.action.approve')}</h2>
      <ReviewForm version={topic.version} onChange={fixed.onChange}>
        <label>
          {t('topics.field.title')}
          <input name="title" defaultValue={approve.value('title', topic.title)} required maxLength={120} {...approve.aria('title', 'approve-title-error')} />
          <ErrorList id="approve-title-error" errors={approve.errors('title')} />
        </label>
        <label>
          {t('topics.field.description')}
          <textarea
            name="description"
            defaultValue={approve.value('description', topic.descriptionDraft)}
            maxLength={5000}
            {...approve.aria('description', 'approve-description-error')}
          />
          <ErrorList id="approve-description-error" errors={approve.errors('description')} />
        </label>
        <div className="row">
          <label>
            {t('topics.category')}
            <select name="category" defaultValue={category} {...approve.aria('category', 'approve-category-error')}>
              {/* A category from before the taxonomy changed stays selectable for its topic. */}
              {categories.some(c => c.value === category) ? null : (
                <option value={category} lang="zh-CN">
                  {category}
                </option>
              )}
              {categories.map(c => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
            <ErrorList id="approve-category-error" errors={approve.errors('category')} />
          </label>
          <label>
            {t('topics.place')}
            <input name="place" defaultValue={approve.value('place', topic.place ?? '')} maxLength={120} {...approve.aria('place', 'approve-place-error')} />
            <ErrorList id="approve-place-error" errors={approve.errors('place')} />
          </label>
        </div>
        <button type="submit" name="intent" value="approve" className="primary" disabled={busy}>
          {t('topics.action.approve')}
        </button>
      </ReviewForm>

      <div className="grid">
        <ReviewForm version={topic.version} onChange={fixed.onChange}>
          <label>
            {t('topics.field.reason')}
            <select name="reason" required defaultValue={reject.value('reason', '')} {...reject.aria('reason', 'reject-reason-error')}>
              <option value="" disabled>
                {t('topics.reject.choose')}
              </option>
              {REJECT_REASONS.map(r => (
                <option key={r} value={r}>
                  {t(`topics.reason.${r}` as MessageKey)}
                </option>
              ))}
            </select>
            <ErrorList id="reject-reason-error" errors={reject.errors('reason')} />
          </label>
          <label>
            {t('topics.field.note')}
            <textarea name="note" defaultValue={reject.value('note', '')} maxLength={2000} {...reject.aria('note', 'reject-note-error')} />
            <ErrorList id="reject-note-error" errors={reject.errors('note')} />
          </label>
          <input type="hidden" name="intent" value="reject" />
          <ConfirmSubmit
            label={t('topics.action.reject')}
            question={<MarkedText text={t('topics.reject.question', { title: markZh(topicTitleText(topic.title, locale)) })} />}
            confirmLabel={t('topics.reject.confirm')}
          />
        </ReviewForm>
        <ReviewForm version={topic.version} onChange={fixed.onChange}>
          <label>
            {t('topics.field.snoozeDays')}
            <input
              name="days"
              type="number"
              min={SNOOZE_DAYS.min}
              max={SNOOZE_DAYS.max}
              defaultValue={snooze.value('days', '7')}
              {...snooze.aria('days', 'snooze-days-error')}
            />
            <ErrorList id="snooze-days-error" errors={snooze.errors('days')} />
          </label>
          <button type="submit" name="intent" value="snooze" disabled={busy}>
            {t('topics.action.snooze')}
          </button>
        </ReviewForm>
        <ReviewForm version={topic.version} onChange={fixed.onChange}>
          <label>
            {t('topics.field.unit')}
            {/* No unit is chosen for the worker: a topic goes only where they pick. */}
            <select name="unitId" required defaultValue={reassign.value('unitId', '')} {...reassign.aria('unitId', 'reassign-unit-error')}>
              <option value="" disabled>
                {t('topics.reassign.choose')}
              </option>
              {targets.map(u => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
            <ErrorList id="reassign-unit-error" errors={reassign.errors('unitId')} />
          </label>
          <label>
            {t('topics.field.note')}
            <input name="note" defaultValue={reassign.value('note', '')} maxLength={2000} {...reassign.aria('note', 'reassign-note-error')} />
            <ErrorList id="reassign-note-error" errors={reassign.errors('note')} />
          </label>
          <button type="submit" name="intent" value="reassign" disabled={busy}>
            {t('topics.action.reassign')}
          </button>
        </ReviewForm>
      </div>
    </>
  )
}
