import type { SubmissionResult } from '@conform-to/react'
import { useT } from '#app/i18n/index'
import { formErrorText } from '#app/utils/form-errors'

/** Field errors from a `parseForm` / `domainErrorResponse` result, keyed by field name ('' = the whole form). */
export function fieldErrors(result: SubmissionResult<string[]> | null | undefined): Record<string, string[]> {
  const error = result?.error
  if (!error) return {}
  const out: Record<string, string[]> = {}
  for (const [name, messages] of Object.entries(error)) if (messages?.length) out[name] = messages
  return out
}

/** A field's errors (message keys, with any limit they name), translated, each once; renders nothing when there are none. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const t = useT()
  if (!errors?.length) return null
  const texts = [...new Set(errors.map(e => formErrorText(t, e)))]
  return (
    <ul id={id} className="field-error" role="alert">
      {texts.map(text => (
        <li key={text}>{text}</li>
      ))}
    </ul>
  )
}

/**
 * A labelled input with its errors wired for screen readers (aria-invalid,
 * aria-describedby). `children` replaces the default <input> (a select, a
 * textarea) and receives the same ids through `inputProps`.
 */
export function Field({
  label,
  name,
  errors,
  hint,
  inputProps,
  children,
}: {
  label: React.ReactNode
  name: string
  errors?: string[] | null
  hint?: React.ReactNode
  inputProps?: React.InputHTMLAttributes<HTMLInputElement>
  children?: (props: { id: string; name: string; 'aria-invalid': boolean | undefined; 'aria-describedby': string | undefined }) => React.ReactNode
}) {
  const id = inputProps?.id ?? `field-${name}`
  const errorId = errors?.length ? `${id}-error` : undefined
  const hintId = hint ? `${id}-hint` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  const shared = { id, name, 'aria-invalid': errors?.length ? true : undefined, 'aria-describedby': describedBy }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children ? children(shared) : <input {...inputProps} {...shared} />}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}
