import type { SerializeFrom } from '@remix-run/node'
import { Form, Link, useNavigation } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { ErrorList } from '#app/components/forms'
import { ProgressMeter, WorkOrderStatus, fmtDate, fmtDateTime } from '#app/components/outcomes-ui'
import { ZhText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import type { loader } from '#app/routes/_outcomes+/orders.$id'
import { chinaDay } from '#app/utils/dates'
import { readFormError } from '#app/utils/form-errors'

export type WorkOrderPageData = SerializeFrom<typeof loader>

/** A status code's name in the page's locale (statuses are data). */
export function useStatusName(statuses: WorkOrderPageData['statuses']) {
  const locale = useLocale()
  return (code: string | null) => {
    const s = statuses.find(x => x.code === code)
    return s ? localName(s, locale) : (code ?? '')
  }
}

/** The order itself: status, department, due date, place, the problem and the decision it carries out. */
export function WorkOrderFacts({ data }: { data: WorkOrderPageData }) {
  const t = useT()
  const locale = useLocale()
  const { order, statuses } = data
  return (
    <div className="card stack">
      <p>
        <WorkOrderStatus code={order.status} overdue={data.overdue} statuses={statuses} /> <ProgressMeter value={order.progress} />
      </p>
      <dl className="facts">
        <div>
          <dt>{t('orders.department')}</dt>
          <dd>{locale === 'zh' ? data.department.zh : data.department.en}</dd>
        </div>
        <div>
          <dt>{t('outcome.order.priority')}</dt>
          <dd>{t(`outcome.priority.${order.priority}`)}</dd>
        </div>
        <div>
          <dt>{t('orders.due')}</dt>
          <dd>{fmtDate(order.dueAt, locale)}</dd>
        </div>
        <div>
          <dt>{t('outcome.order.place')}</dt>
          <dd>{(order.place ?? data.topic.place) ? <ZhText>{order.place ?? data.topic.place}</ZhText> : '—'}</dd>
        </div>
      </dl>
      <h2>{t('outcome.order.problem')}</h2>
      <p style={{ whiteSpace: 'pre-wrap' }} lang="zh-CN">
        {order.problem}
      </p>
      <LastEdit data={data} />
      <h2>{t('outcome.order.decision')}</h2>
      <p>
        {data.canOpenDecision ? (
          <Link to={`/decisions/${data.decision.id}`} lang="zh-CN">
            {data.decision.title}
          </Link>
        ) : (
          <strong lang="zh-CN">{data.decision.title}</strong>
        )}
        {data.decision.description ? (
          <span className="hint">
            {' — '}
            <ZhText>{data.decision.description}</ZhText>
          </span>
        ) : null}
      </p>
      <p className="hint">{t('outcome.order.privacy')}</p>
    </div>
  )
}

/** Which unit edited an order's text, in the page's language. */
function useEditorName() {
  const t = useT()
  const locale = useLocale()
  return (unit: { zh: string; en: string } | null) => (unit ? (locale === 'zh' ? unit.zh : unit.en) : t('outcome.order.editedByAdmin'))
}

/** Says that the order's text is not the one it was issued with: when it was last edited, and by which unit. */
function LastEdit({ data }: { data: WorkOrderPageData }) {
  const t = useT()
  const locale = useLocale()
  const editor = useEditorName()
  const last = data.edits.at(-1)
  if (!last) return null
  return (
    <p className="hint" data-testid="order-edited">
      {t('outcome.order.edited', { at: fmtDateTime(last.createdAt, locale), unit: editor(last.unit) })}
    </p>
  )
}

/** Moves the order to one of the statuses the workflow allows from here, with an optional note. */
export function WorkOrderTransitions({ data, fieldErrors }: { data: WorkOrderPageData; fieldErrors: Record<string, string[]> }) {
  const t = useT()
  const nav = useNavigation()
  const statusName = useStatusName(data.statuses)
  const { order } = data
  if (!data.transitions.length) return null
  return (
    <div className="card stack">
      <h2>{t('outcome.order.actions')}</h2>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="transition" />
        <input type="hidden" name="version" value={order.version} />
        <label>
          {/* The reason is asked for only where sending the order back is one of the choices. */}
          {t(data.transitions.includes('returned') ? 'outcome.order.noteReturn' : 'outcome.order.note')}
          <textarea
            name="note"
            rows={2}
            maxLength={2000}
            aria-invalid={!!fieldErrors.note || undefined}
            aria-describedby={fieldErrors.note ? 'transition-note-error' : undefined}
          />
        </label>
        <ErrorList id="transition-note-error" errors={fieldErrors.note} />
        {data.transitions.includes('awaiting_verification') ? <p className="hint">{t('outcome.order.handInHint')}</p> : null}
        <div className="row">
          {data.transitions.map(to => (
            <button
              key={to}
              type="submit"
              name="to"
              value={to}
              className={to === 'verified' || to === 'accepted' || to === 'closed' ? 'primary' : undefined}
              disabled={nav.state !== 'idle'}
            >
              {t('outcome.order.moveTo', { status: statusName(to) })}
            </button>
          ))}
        </div>
      </Form>
    </div>
  )
}

/** The department's progress update: a note, a percentage and photos. */
export function WorkOrderUpdateForm({
  data,
  values,
  fieldErrors,
}: {
  data: WorkOrderPageData
  values: { note: string; progress: string; lowerConfirmed: boolean }
  fieldErrors: Record<string, string[]>
}) {
  const t = useT()
  const nav = useNavigation()
  if (!data.canUpdate) return null
  // Asked for once a lower share came back refused, and kept ticked while the form is sent back for anything else.
  const lowering = (fieldErrors.progress ?? []).some(e => readFormError(e).key === 'outcome.error.progressLowered') || values.lowerConfirmed
  return (
    <div className="card stack">
      <h2>{t('outcome.order.postUpdate')}</h2>
      {/* Remounted after each saved progress update, so the form starts empty again and nothing invites a double submit.
          Keyed on the number of updates, not the order's version: a status change also bumps the version, and
          remounting then would throw away a note, progress and photos typed while the change was saving. */}
      <Form method="post" encType="multipart/form-data" className="stack" noValidate key={data.updateCount}>
        <CsrfInput />
        <input type="hidden" name="intent" value="update" />
        <label>
          {t('outcome.order.updateText')}
          <textarea
            name="note"
            rows={3}
            maxLength={2000}
            required
            defaultValue={values.note}
            aria-invalid={!!fieldErrors.note || undefined}
            aria-describedby={fieldErrors.note ? 'note-error' : undefined}
          />
        </label>
        <ErrorList id="note-error" errors={fieldErrors.note} />
        {data.handedIn ? (
          <p className="hint">{t('outcome.order.progressHandedIn')}</p>
        ) : (
          <>
            <label>
              {t('outcome.order.updateProgress')}
              <input
                name="progress"
                type="number"
                min={0}
                max={95}
                inputMode="numeric"
                defaultValue={values.progress}
                aria-invalid={!!fieldErrors.progress || undefined}
                aria-describedby={fieldErrors.progress ? 'progress-error progress-hint' : 'progress-hint'}
              />
            </label>
            <p id="progress-hint" className="hint">
              {t('outcome.order.progressNow', { progress: data.order.progress })}
              {data.progressStartsWork ? <> {t('outcome.order.progressStarts')}</> : null}
            </p>
            <ErrorList id="progress-error" errors={fieldErrors.progress} />
            {lowering ? (
              <label className="row">
                <input type="checkbox" name="lowerConfirmed" defaultChecked={values.lowerConfirmed} /> {t('outcome.order.lowerConfirm')}
              </label>
            ) : null}
          </>
        )}
        <label>
          {t('outcome.order.photos')}
          <input name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="photos-hint" />
        </label>
        <p id="photos-hint" className="hint">
          {t('outcome.order.photosHint')}
        </p>
        <ErrorList id="photos-error" errors={fieldErrors.photos} />
        <button type="submit" className="primary" disabled={nav.state !== 'idle'}>
          {t('outcome.order.postUpdate')}
        </button>
      </Form>
    </div>
  )
}

/** A new deadline for the order, with the reason the department will read. */
export function WorkOrderDeadlineForm({
  data,
  values,
  fieldErrors,
}: {
  data: WorkOrderPageData
  /** What was typed, when this form was the one sent back. */
  values: { dueAt: string; reason: string } | null
  fieldErrors: Record<string, string[]>
}) {
  const t = useT()
  const nav = useNavigation()
  if (!data.canChangeDeadline) return null
  const today = chinaDay(Date.now())
  const current = chinaDay(data.order.dueAt)
  // A deadline already over is no default for the new one.
  const defaultDue = values ? values.dueAt : current >= today ? current : ''
  return (
    <div className="card stack">
      <h2>{t('outcome.order.deadline.title')}</h2>
      {/* Remounted once a change is saved, so the reason starts empty again; keyed on the changes made, not the
          version, which other actions on the order also move. */}
      <Form method="post" className="stack" noValidate key={data.events.filter(e => e.kind === 'deadline').length}>
        <CsrfInput />
        <input type="hidden" name="intent" value="deadline" />
        <input type="hidden" name="version" value={data.order.version} />
        <label>
          {t('outcome.order.deadline.newDue')}
          <input
            name="dueAt"
            type="date"
            min={today}
            required
            defaultValue={defaultDue}
            aria-invalid={!!fieldErrors.dueAt || undefined}
            aria-describedby={fieldErrors.dueAt ? 'dueAt-error' : undefined}
          />
        </label>
        <ErrorList id="dueAt-error" errors={fieldErrors.dueAt} />
        <label>
          {t('outcome.order.deadline.reason')}
          <textarea
            name="reason"
            rows={2}
            maxLength={200}
            required
            defaultValue={values?.reason ?? ''}
            aria-invalid={!!fieldErrors.reason || undefined}
            aria-describedby={fieldErrors.reason ? 'reason-error deadline-hint' : 'deadline-hint'}
          />
        </label>
        <p id="deadline-hint" className="hint">
          {t('outcome.order.deadline.hint')}
        </p>
        <ErrorList id="reason-error" errors={fieldErrors.reason} />
        <button type="submit" disabled={nav.state !== 'idle'}>
          {t('outcome.order.deadline.submit')}
        </button>
      </Form>
    </div>
  )
}

/**
 * The issuing unit's form for the order's text (title, problem, place), saved
 * at the version the page was read at. Closed until asked for, open when it
 * was the form sent back (what was typed is kept).
 */
export function WorkOrderEditForm({
  data,
  values,
  fieldErrors,
}: {
  data: WorkOrderPageData
  /** What was typed, when this form was the one sent back. */
  values: { title: string; problem: string; place: string } | null
  fieldErrors: Record<string, string[]>
}) {
  const t = useT()
  const nav = useNavigation()
  if (!data.canEditText) return null
  const { order } = data
  const v = values ?? { title: order.title, problem: order.problem, place: order.place ?? '' }
  const field = (name: 'title' | 'problem' | 'place') => ({
    name,
    'aria-invalid': !!fieldErrors[name] || undefined,
    'aria-describedby': fieldErrors[name] ? `edit-${name}-error` : undefined,
  })
  return (
    // Remounted once an edit is saved, so the form closes and shows the saved text.
    <details className="card stack" open={values != null} key={data.edits.length}>
      <summary>
        <h2 style={{ display: 'inline' }}>{t('outcome.order.edit.title')}</h2>
      </summary>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="edit" />
        <input type="hidden" name="version" value={order.version} />
        <label>
          {t('outcome.order.title')}
          <input maxLength={200} required defaultValue={v.title} {...field('title')} />
        </label>
        <ErrorList id="edit-title-error" errors={fieldErrors.title} />
        <label>
          {t('outcome.order.problem')}
          <textarea rows={4} maxLength={5000} required defaultValue={v.problem} {...field('problem')} />
        </label>
        <p className="hint">{t('outcome.order.privacyHint')}</p>
        <ErrorList id="edit-problem-error" errors={fieldErrors.problem} />
        <label>
          {t('outcome.order.place')}
          <input maxLength={200} defaultValue={v.place} {...field('place')} />
        </label>
        <ErrorList id="edit-place-error" errors={fieldErrors.place} />
        <p className="hint">{t('outcome.order.edit.hint')}</p>
        <ErrorList id="edit-error" errors={fieldErrors['']} />
        <button type="submit" className="primary" disabled={nav.state !== 'idle'}>
          {t('outcome.order.edit.submit')}
        </button>
      </Form>
    </details>
  )
}

/** One edit of the order's text in its history: which unit, and the text before and after (kept for staff to read). */
function EditEntry({ edit }: { edit: WorkOrderPageData['edits'][number] }) {
  const t = useT()
  const editor = useEditorName()
  const text = (x: { title: string; problem: string; place: string | null }) => (
    <dl className="facts">
      <div>
        <dt>{t('outcome.order.title')}</dt>
        <dd lang="zh-CN">{x.title}</dd>
      </div>
      <div>
        <dt>{t('outcome.order.problem')}</dt>
        <dd lang="zh-CN" style={{ whiteSpace: 'pre-wrap' }}>
          {x.problem}
        </dd>
      </div>
      <div>
        <dt>{t('outcome.order.place')}</dt>
        <dd lang="zh-CN">{x.place ?? '—'}</dd>
      </div>
    </dl>
  )
  return (
    <>
      <p>{t('outcome.history.edited', { unit: editor(edit.unit) })}</p>
      <details>
        <summary>{t('outcome.history.editedBefore')}</summary>
        {text(edit.before)}
      </details>
      <details>
        <summary>{t('outcome.history.editedAfter')}</summary>
        {text(edit.after)}
      </details>
    </>
  )
}

/** Every status change, progress update, deadline change and edit of the text, newest first, with their photos. */
export function WorkOrderHistory({ data }: { data: WorkOrderPageData }) {
  const t = useT()
  const locale = useLocale()
  const statusName = useStatusName(data.statuses)
  const { order } = data
  return (
    <div className="card">
      <h2>{t('outcome.order.history')}</h2>
      <ol className="list">
        {newestFirst(data).map(entry => {
          if (entry.kind === 'edit')
            return (
              <li key={`edit-${entry.edit.id}`}>
                <div className="hint">{fmtDateTime(entry.edit.createdAt, locale)}</div>
                <EditEntry edit={entry.edit} />
              </li>
            )
          const e = entry.event
          return (
            <li key={e.id}>
              <div className="hint">{fmtDateTime(e.createdAt, locale)}</div>
              {e.kind === 'transition' ? (
                <p>
                  {e.fromStatus
                    ? t('outcome.history.transition', { from: statusName(e.fromStatus), to: statusName(e.toStatus) })
                    : t('outcome.history.created')}
                </p>
              ) : e.kind === 'deadline' ? (
                <p>{t('outcome.history.deadline', { from: fmtDate(e.fromDueAt, locale), to: fmtDate(e.toDueAt, locale) })}</p>
              ) : e.loweredFrom != null ? (
                <p>{t('outcome.history.progressLowered', { from: e.loweredFrom, to: e.progress ?? 0 })}</p>
              ) : (
                <p>{t('outcome.history.progress', { progress: e.progress ?? 0 })}</p>
              )}
              {e.reopenedByRating != null ? <p>{t('outcome.history.reopenedByRating', { rating: e.reopenedByRating })}</p> : null}
              {e.overdueLifted ? <p>{t('outcome.history.overdueLifted')}</p> : null}
              {e.note ? (
                <p style={{ whiteSpace: 'pre-wrap' }} lang="zh-CN">
                  {e.note}
                </p>
              ) : null}
              {e.byStaff ? null : <p className="hint">{t('outcome.history.system')}</p>}
              {e.photos.length ? (
                <ul className="row photo-list" aria-label={t('outcome.order.photos')}>
                  {e.photos.map(p => (
                    <li key={p.id}>
                      <a href={`/orders/${order.id}/photo/${p.id}`}>
                        <img
                          src={`/orders/${order.id}/photo/${p.id}`}
                          alt={t('outcome.order.photoAlt', { name: p.name })}
                          width={120}
                          height={90}
                          style={{ objectFit: 'cover' }}
                          loading="lazy"
                        />
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          )
        })}
      </ol>
    </div>
  )
}

type HistoryEntry =
  { kind: 'event'; at: number; event: WorkOrderPageData['events'][number] } | { kind: 'edit'; at: number; edit: WorkOrderPageData['edits'][number] }

/** The order's history lines and the edits of its text in one list, newest first (an edit after a line of the same moment). */
function newestFirst(data: WorkOrderPageData): HistoryEntry[] {
  const entries: HistoryEntry[] = [
    ...data.events.map(event => ({ kind: 'event' as const, at: new Date(event.createdAt).getTime(), event })),
    ...data.edits.map(edit => ({ kind: 'edit' as const, at: new Date(edit.createdAt).getTime(), edit })),
  ]
  // A stable sort keeps each list's own order among entries of the same moment.
  return entries.sort((x, y) => x.at - y.at).reverse()
}
