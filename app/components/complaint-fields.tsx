import type { AnswerSuggestion } from '#app/components/answer-suggestions'
import { useFetcher } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { StatusBadge } from '#app/components/status-badge'
import { localName } from '#app/i18n/local-name'

export type CommunityOption = { id: number; nameZh: string; nameEn: string }
export type SuggestionData = {
  category: string | null
  /** One row per issue: `sameCount` near-identical reports, `trackingCode` the oldest of them. */
  similar: { trackingCode: string; subject: string; placeText: string | null; status: string; supportersCount: number; receivedAt: string; sameCount: number }[]
  /** Published answers that may already answer the question (the resident form only). */
  answers?: AnswerSuggestion[]
}

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <span id={id} className="field-error">
      {error}
    </span>
  ) : null
}

/**
 * The complaint fields shared by the resident form and staff entry. Every
 * input has a label; errors are tied to their input with aria-describedby.
 */
export function ComplaintFields({
  communities,
  values,
  errors,
  showContact = true,
  onTextChange,
  afterSubject,
}: {
  communities: CommunityOption[]
  values: Record<string, string>
  errors: Record<string, string>
  showContact?: boolean
  onTextChange?: (form: HTMLFormElement) => void
  /** Shown right under the subject, where the resident is looking while typing it. */
  afterSubject?: React.ReactNode
}) {
  const t = useT()
  const locale = useLocale()
  const field = (name: string) => ({
    name,
    id: `f-${name}`,
    defaultValue: values[name] ?? '',
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `e-${name}` : undefined,
    onInput: onTextChange ? (e: React.FormEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => onTextChange(e.currentTarget.form!) : undefined,
  })
  return (
    <>
      <label htmlFor="f-community">
        {t('intake.field.community')}
        <select {...field('community')} onChange={onTextChange ? e => onTextChange(e.currentTarget.form!) : undefined}>
          <option value="">{t('intake.field.community.unknown')}</option>
          {communities.map(c => (
            <option key={c.id} value={c.id}>
              {localName(c, locale)}
            </option>
          ))}
        </select>
        <FieldError id="e-community" error={errors.community} />
      </label>
      <label htmlFor="f-placeText">
        {t('intake.field.place')}
        <input {...field('placeText')} maxLength={200} placeholder={t('intake.field.place.hint')} />
        <FieldError id="e-placeText" error={errors.placeText} />
      </label>
      <label htmlFor="f-subject">
        {t('intake.field.subject')}
        <input {...field('subject')} required maxLength={200} autoComplete="off" />
        <FieldError id="e-subject" error={errors.subject} />
      </label>
      {afterSubject}
      <label htmlFor="f-body">
        {t('intake.field.body')}
        <textarea {...field('body')} required maxLength={20000} rows={6} />
        <FieldError id="e-body" error={errors.body} />
      </label>
      {showContact ? (
        <>
          <label htmlFor="f-complainantName">
            {t('intake.field.name')}
            <input {...field('complainantName')} maxLength={100} autoComplete="name" />
            <FieldError id="e-complainantName" error={errors.complainantName} />
          </label>
          <label htmlFor="f-complainantPhone">
            {t('intake.field.phone')}
            <input {...field('complainantPhone')} type="tel" inputMode="tel" maxLength={40} autoComplete="tel" />
            <FieldError id="e-complainantPhone" error={errors.complainantPhone} />
          </label>
          <label htmlFor="f-complainantAddress">
            {t('intake.field.address')}
            <input {...field('complainantAddress')} maxLength={300} autoComplete="street-address" />
            <FieldError id="e-complainantAddress" error={errors.complainantAddress} />
          </label>
          <p className="hint">{t('intake.privacy')}</p>
        </>
      ) : null}
      <label htmlFor="f-photos">
        {t('intake.field.photos')}
        <input id="f-photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple />
      </label>
      <input type="hidden" name="lat" value={values.lat ?? ''} />
      <input type="hidden" name="lng" value={values.lng ?? ''} />
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
  return { data: fetcher.data ?? initial ?? null, onTextChange, busy: fetcher.state !== 'idle' }
}

/** The suggestion panel: category and similar complaints, each with a "me too" button. */
export function SuggestionPanel({ data, supportForm }: { data: SuggestionData | null; supportForm?: string }) {
  const t = useT()
  if (!data || (!data.category && data.similar.length === 0)) return <div aria-live="polite" />
  return (
    <div className="card stack" aria-live="polite" data-testid="suggestions">
      {data.category ? <p>{t('intake.suggest.category', { category: data.category })}</p> : null}
      {data.similar.length ? (
        <>
          <h2>{t('intake.suggest.similar')}</h2>
          <p className="hint">{t('intake.suggest.similarHint')}</p>
          <ul className="list">
            {data.similar.map(s => (
              <li key={s.trackingCode} className="row" data-testid="similar-row">
                <span style={{ flex: 1 }}>
                  <a href={`/track/${s.trackingCode}`}>{s.subject}</a>
                  {s.placeText ? <span className="hint"> · {s.placeText}</span> : null} <StatusBadge status={s.status} />{' '}
                  <span className="hint">{t('intake.suggest.supporters', { count: s.supportersCount })}</span>
                  {s.sameCount > 1 ? <span className="hint"> · {t('intake.suggest.sameCount', { count: s.sameCount })}</span> : null}
                </span>
                {supportForm ? (
                  <button type="submit" form={supportForm} name="trackingCode" value={s.trackingCode}>
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
