import { useId, type CSSProperties, type Ref } from 'react'
import { ErrorList } from '#app/components/forms'
import { useT } from '#app/i18n/index'
import { formError } from '#app/utils/form-errors'
import type { FieldErrors } from './view-types'

/**
 * The required texts of a live-meeting form left empty (spaces only count as
 * empty), each with "please fill this in" in the reader's language; null when
 * all are filled. The forms check this before sending, instead of leaving the
 * browser to stop them with its own message in its own language.
 */
export function missingTexts(texts: Record<string, string>): FieldErrors | null {
  const out: FieldErrors = {}
  for (const [field, text] of Object.entries(texts)) if (!text.trim()) out[field] = [formError('error.required')]
  return Object.keys(out).length ? out : null
}

/**
 * A text field of the live meeting with its limit beside it ("12/300 字").
 * There is no maxLength: a browser would cut a pasted text at the limit
 * without a word. A longer text stays whole and is said to be too long beside
 * the field as it is typed, and the command refuses it (meetings/commands
 * TEXT_LIMITS). `errors`: a refusal's problems with this field.
 */
export function LimitedText({
  label,
  value,
  onChange,
  max,
  errors,
  multiline = false,
  required = false,
  rows,
  style,
  textareaRef,
}: {
  label: string
  value: string
  onChange: (value: string) => void
  max: number
  errors?: string[]
  multiline?: boolean
  required?: boolean
  rows?: number
  style?: CSSProperties
  textareaRef?: Ref<HTMLTextAreaElement>
}) {
  const t = useT()
  const id = useId()
  // Counted as the server counts: without the spaces around the text.
  const count = value.trim().length
  const shown = [...(count > max ? [formError('error.tooLong', { max })] : []), ...(errors ?? [])]
  const limitId = `${id}-limit`
  const errorId = `${id}-error`
  const control = {
    id,
    value,
    required,
    'aria-invalid': shown.length ? true : undefined,
    'aria-describedby': shown.length ? `${limitId} ${errorId}` : limitId,
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea ref={textareaRef} {...control} onChange={e => onChange(e.target.value)} rows={rows} style={style} />
      ) : (
        <input {...control} onChange={e => onChange(e.target.value)} style={style} />
      )}
      <p id={limitId} className={`hint${count > max ? ' error' : ''}`}>
        {t('room.textLimit', { count, max })}
      </p>
      <ErrorList id={errorId} errors={shown} />
    </div>
  )
}
