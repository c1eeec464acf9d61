import { useFetcher } from '@remix-run/react'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { AnswerSuggestion } from '#app/components/answer-suggestions'
import { ErrorList, Field } from '#app/components/forms'
import { StatusBadge } from '#app/components/status-badge'
import { PublicText, ZhText } from '#app/components/zh-text'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import type { Suggestion } from '#app/services/intake.server'
import { isPlausiblePhone } from '#app/utils/phone'
import { COMPLAINT_MIN_LENGTH, COMPLAINT_TEXT_LIMITS } from '#db/enums'

export type CommunityOption = { id: number; nameZh: string; nameEn: string }
export type SuggestionData = {
  category: string | null
  /** Where the similar reports come from: the chosen community, or any (absent: any). */
  scope?: Suggestion['scope']
  /** One row per issue: `sameCount` near-identical reports, `trackingCode` the oldest of them (or the resident's own). */
  similar: Suggestion['similar']
  /** Published answers that may already answer the question (the resident form only). */
  answers?: AnswerSuggestion[]
}

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
const FIELD_LIMITS: Record<string, { max: number; min?: number }> = {
  placeText: { max: COMPLAINT_TEXT_LIMITS.place },
  subject: { max: COMPLAINT_TEXT_LIMITS.subject, min: COMPLAINT_MIN_LENGTH.subject },
  body: { max: COMPLAINT_TEXT_LIMITS.body, min: COMPLAINT_MIN_LENGTH.body },
  complainantName: { max: COMPLAINT_TEXT_LIMITS.name },
  complainantPhone: { max: COMPLAINT_TEXT_LIMITS.phone },
  complainantAddress: { max: COMPLAINT_TEXT_LIMITS.address },
}

/** A value the server would accept for this field, by the rules it checks them by (intake.server's ComplaintFieldsSchema). */
function acceptable(name: string, value: string) {
  const s = value.trim()
  if (name === 'community') return s === '' || /^\d+$/.test(s)
  const limits = FIELD_LIMITS[name]
  if (!limits || CONTROL.test(s) || [...s].length > limits.max) return false
  if (limits.min && [...s].length < limits.min) return false
  return name !== 'complainantPhone' || s === '' || isPlausiblePhone(s)
}

const NONE: ReadonlySet<string> = new Set()

/**
 * The complaint fields shared by the resident form and staff entry. Every
 * input has a label; errors (i18n keys from `fieldErrors`) are tied to their
 * input with aria-describedby. With JavaScript, a field's error goes as soon
 * as it holds a value that would be accepted, until the next answer brings
 * new errors (pass the same `errors` object for one answer); without, the
 * errors stay as the server sent them.
 */
export function ComplaintFields({
  communities,
  values,
  errors,
  showContact = true,
  onBehalf = false,
  onTextChange,
  afterSubject,
  afterBody,
}: {
  communities: CommunityOption[]
  values: Record<string, unknown>
  errors: Record<string, string[]>
  showContact?: boolean
  /** Staff typing in a report for the resident who made it (a call, a letter): the contact fields name the resident, not the reader, and the browser does not fill in the staff member's own details. */
  onBehalf?: boolean
  onTextChange?: (form: HTMLFormElement) => void
  /** Shown right under the subject, where the resident is looking while typing it. */
  afterSubject?: React.ReactNode
  /** Shown right under the body. */
  afterBody?: React.ReactNode
}) {
  const t = useT()
  const locale = useLocale()
  const value = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '')
  // Fields put right since these errors came: state kept for this `errors` object only.
  const [fixed, setFixed] = useState<{ errors: Record<string, string[]>; names: ReadonlySet<string> }>({ errors, names: NONE })
  const cleared = fixed.errors === errors ? fixed.names : NONE
  const shown = (name: string) => (cleared.has(name) ? undefined : errors[name])
  const onInput = (e: React.FormEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
    const { name, value, form } = e.currentTarget
    if (errors[name]?.length && !cleared.has(name) && acceptable(name, value)) setFixed({ errors, names: new Set([...cleared, name]) })
    if (onTextChange && form) onTextChange(form)
  }
  const text = (name: string, label: React.ReactNode, attrs: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field label={label} name={name} errors={shown(name)} inputProps={{ id: `f-${name}` }}>
      {shared => <input {...shared} {...attrs} defaultValue={value(name)} onInput={onInput} />}
    </Field>
  )
  return (
    <>
      <Field label={t('intake.field.community')} name="community" errors={shown('community')} inputProps={{ id: 'f-community' }}>
        {shared => (
          <select {...shared} defaultValue={value('community')} onChange={onInput}>
            <option value="">{t('intake.field.community.unknown')}</option>
            {communities.map(c => (
              <option key={c.id} value={c.id}>
                {localName(c, locale)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {text('placeText', t('intake.field.place'), { maxLength: COMPLAINT_TEXT_LIMITS.place, placeholder: t('intake.field.place.hint') })}
      {text('subject', t('intake.field.subject'), { required: true, maxLength: COMPLAINT_TEXT_LIMITS.subject, autoComplete: 'off' })}
      {afterSubject}
      <Field label={t('intake.field.body')} name="body" errors={shown('body')} inputProps={{ id: 'f-body' }}>
        {shared => <textarea {...shared} defaultValue={value('body')} onInput={onInput} required maxLength={COMPLAINT_TEXT_LIMITS.body} rows={6} />}
      </Field>
      {afterBody}
      {showContact ? (
        <>
          {text('complainantName', t(onBehalf ? 'intake.entry.field.name' : 'intake.field.name'), {
            maxLength: COMPLAINT_TEXT_LIMITS.name,
            autoComplete: onBehalf ? 'off' : 'name',
          })}
          {text('complainantPhone', t('intake.field.phone'), {
            type: 'tel',
            inputMode: 'tel',
            maxLength: COMPLAINT_TEXT_LIMITS.phone,
            autoComplete: onBehalf ? 'off' : 'tel',
          })}
          {text('complainantAddress', t('intake.field.address'), {
            maxLength: COMPLAINT_TEXT_LIMITS.address,
            autoComplete: onBehalf ? 'off' : 'street-address',
          })}
          <p className="hint">{t(onBehalf ? 'intake.entry.privacy' : 'intake.privacy')}</p>
        </>
      ) : null}
      <label htmlFor="f-photos">
        {t('intake.field.photos')}
        <input id="f-photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple />
      </label>
      <input type="hidden" name="lat" value={value('lat')} />
      <input type="hidden" name="lng" value={value('lng')} />
      <ErrorList errors={errors.lat ?? errors.lng} />
    </>
  )
}

/** Debounced "similar issues" + category suggestion while the resident types. */
export function useSuggestions(initial?: SuggestionData | null) {
  const fetcher = useFetcher<SuggestionData>()
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const [last, setLast] = useState('')
  useEffect(() => () => clearTimeout(timer.current), [])
  const onTextChange = (form: HTMLFormElement) => {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      const fd = new FormData(form)
      const params = new URLSearchParams()
      for (const k of ['subject', 'body', 'placeText', 'community']) params.set(k, String(fd.get(k) ?? '').slice(0, 600))
      const q = params.toString()
      if (q === last) return
      setLast(q)
      fetcher.load(`/resources/complaint-suggest?${q}`)
    }, 400)
  }
  useKeepFocusedInPlace(fetcher.data)
  return { data: fetcher.data ?? initial ?? null, onTextChange, busy: fetcher.state !== 'idle' }
}

// Layout effects do nothing on the server (and React warns there).
const useBrowserLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect

/**
 * Suggestions arriving above the field being typed in (the body, under the subject's suggestions) would
 * push it down, out of view on a phone; the browser's own scroll anchoring does nothing at the top of the
 * page. When `content` changes, the page scrolls by as much as the focused field moved, before it is painted.
 */
function useKeepFocusedInPlace(content: unknown) {
  const last = useRef<{ el: Element; top: number } | null>(null)
  const remember = () => {
    const el = document.activeElement
    last.current = el && el !== document.body ? { el, top: el.getBoundingClientRect().top } : null
  }
  useEffect(() => {
    const events = ['scroll', 'focusin', 'input'] as const
    for (const e of events) document.addEventListener(e, remember, { passive: true, capture: true })
    return () => {
      for (const e of events) document.removeEventListener(e, remember, { capture: true })
    }
  }, [])
  useBrowserLayoutEffect(() => {
    const was = last.current
    if (was && document.activeElement === was.el) {
      const moved = was.el.getBoundingClientRect().top - was.top
      if (moved) window.scrollBy(0, moved)
    }
    remember()
  }, [content])
}

/**
 * The suggestion panel on the resident form: category and similar complaints,
 * each with a "me too" button, in residents' words; the resident's own report
 * is named as hers instead. The buttons submit the form they sit in
 * (`support` = tracking code), so what is typed travels along.
 */
export function SuggestionPanel({ data, supportButtons = false }: { data: SuggestionData | null; supportButtons?: boolean }) {
  const t = useT()
  const locale = useLocale()
  if (!data || (!data.category && data.similar.length === 0)) return <div aria-live="polite" />
  // No community chosen: the reports may come from several, and each says which.
  const anywhere = data.scope !== 'community'
  return (
    <div className="card stack" aria-live="polite" data-testid="suggestions">
      {data.category ? <p>{t('intake.suggest.category', { category: data.category })}</p> : null}
      {data.similar.length ? (
        <>
          <h2>{t(anywhere ? 'intake.suggest.similarAnywhere' : 'intake.suggest.similar')}</h2>
          <p className="hint">{t('intake.suggest.similarHint')}</p>
          <ul className="list">
            {data.similar.map(s => (
              <li key={s.trackingCode} className="row similar-row" data-testid="similar-row">
                <span className="similar-text">
                  {/* A new window, like the answers' "read more": reading it does not leave the report being written. */}
                  <a href={`/track/${s.trackingCode}`} target="_blank" rel="noreferrer">
                    <PublicText text={s.subject} />
                  </a>
                  {s.placeText ? (
                    <span className="hint">
                      {' · '}
                      <PublicText text={s.placeText} />
                    </span>
                  ) : null}
                  {anywhere && s.community ? <span className="hint"> · {localName(s.community, locale)}</span> : null}
                  <span className="similar-status">
                    <StatusBadge status={s.status} audience="resident" />{' '}
                    <span className="hint">{t('intake.suggest.supporters', { count: s.supportersCount })}</span>
                    {s.sameCount > 1 ? <span className="hint"> · {t('intake.suggest.sameCount', { count: s.sameCount })}</span> : null}
                  </span>
                  {s.topic ? (
                    <span className="similar-topic">
                      {t('intake.suggest.inTopic')}{' '}
                      <a href={`/public/topics/${s.topic.id}`} target="_blank" rel="noreferrer">
                        <ZhText>{s.topic.title}</ZhText>
                      </a>
                    </span>
                  ) : null}
                </span>
                {supportButtons && s.own ? (
                  <span className="supported-mark" data-testid="own-mark">
                    {t('intake.ownMark')}
                  </span>
                ) : supportButtons && s.supported ? (
                  <span className="supported-mark">{t('intake.supportedMark')}</span>
                ) : supportButtons ? (
                  <button type="submit" name="support" value={s.trackingCode} formNoValidate>
                    {t('intake.support')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="hint">{t('intake.suggest.none')}</p>
      )}
    </div>
  )
}

export function ProblemList({ problems }: { problems: { key: string; params?: Record<string, string | number> }[] }) {
  const t = useT()
  if (!problems.length) return null
  return (
    <ul className="error" role="alert">
      {problems.map((p, i) => (
        <li key={i}>{t(p.key as MessageKey, p.params)}</li>
      ))}
    </ul>
  )
}
