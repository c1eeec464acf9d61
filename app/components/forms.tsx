import type { SubmissionResult } from '@conform-to/react'
import { useNavigation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
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

/**
 * A form sent back with a field refused: the keyboard goes to the first field
 * marked invalid (its message is read with it) rather than staying on the
 * button, which would leave a keyboard or screen-reader user to hunt for what
 * went wrong. Only when the focus is still where the submission left it (the
 * button pressed, or nowhere): a reader who has moved on keeps their place.
 */
export function useFocusRefusedField() {
  const navigation = useNavigation()
  const submitted = useRef(false)
  useEffect(() => {
    if (navigation.state === 'submitting') submitted.current = true
    if (navigation.state !== 'idle' || !submitted.current) return
    submitted.current = false
    const active = document.activeElement
    const untouched = !active || active === document.body || active.matches('button, input[type="submit"]')
    if (!untouched) return
    const scope = active?.closest('form') ?? document
    scope.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [navigation.state])
}
