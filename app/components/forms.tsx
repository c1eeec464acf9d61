import type { SubmissionResult } from '@conform-to/react'
import { useNavigation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { ZhMarkedText } from '#app/components/zh-text'
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
        <li key={text}>
          <ZhMarkedText text={text} />
        </li>
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
 * button pressed, the field Enter was pressed in, or nowhere): a reader who has
 * moved on keeps their place.
 */
export function useFocusRefusedField() {
  const navigation = useNavigation()
  const submitted = useRef(false)
  // The field Enter was pressed in, if the form was sent that way.
  const sentFrom = useRef<Element | null>(null)
  useEffect(() => {
    if (navigation.state === 'submitting' && !submitted.current) ((submitted.current = true), (sentFrom.current = document.activeElement))
    if (navigation.state !== 'idle' || !submitted.current) return
    submitted.current = false
    const active = document.activeElement
    // Sent by its button, or by Enter in a field that was not refused and is still where the keyboard is.
    const untouched =
      !active ||
      active === document.body ||
      active.matches('button, input[type="submit"]') ||
      (active === sentFrom.current && active.matches('input, select, textarea') && active.getAttribute('aria-invalid') !== 'true')
    sentFrom.current = null
    if (!untouched) return
    const scope = active?.closest('form') ?? document
    scope.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [navigation.state])
}

/**
 * A form sent from one page that comes back on another (a complaint filed, then its tracking page; a login)
 * leaves the keyboard nowhere: the button it was on is gone, and a screen reader says nothing of the result.
 * The keyboard goes to what the new page says about it (its notice), else to its heading, so the result is
 * read once and Tab carries on from there. A page that places the keyboard itself, or a form whose button
 * stays, is left as it is.
 */
export function useFocusAfterSubmit() {
  const navigation = useNavigation()
  const submitted = useRef(false)
  useEffect(() => {
    if (navigation.state === 'submitting') submitted.current = true
    if (navigation.state !== 'idle' || !submitted.current) return
    submitted.current = false
    const active = document.activeElement
    if (active && active !== document.body) return
    const main = document.getElementById('main')
    if (!main) return
    const shown = (el: HTMLElement) => el.getClientRects().length > 0 && !!el.textContent?.trim()
    const notice = [...main.querySelectorAll<HTMLElement>('[role="status"], [role="alert"]')].find(shown)
    const target = notice ?? main.querySelector<HTMLElement>('h1') ?? main
    if (!target.matches('a[href], button, input, select, textarea, summary, [tabindex]')) target.tabIndex = -1
    target.focus()
  }, [navigation.state])
}

const NOTHING_FIXED: ReadonlySet<string> = new Set()

/** A control put right: a choice made, a box ticked, or a value its own rules (required, length, range) accept. */
function looksFixed(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement) {
  if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
    const group = el.form?.querySelectorAll<HTMLInputElement>(`input[name="${CSS.escape(el.name)}"]`) ?? [el]
    return [...group].some(box => box.checked)
  }
  return el.value.trim() !== '' && el.checkValidity()
}

/**
 * Field errors that go as soon as the field is put right, rather than staying
 * red until the form is sent again: pass the refusal they came with (a new
 * refusal shows its errors afresh) and put `onChange` on the form. Typing,
 * choosing from a menu and ticking boxes or radios all reach it. `shown(name)`
 * says whether `name`'s errors still stand.
 */
export function useFixedFields(refusal: unknown) {
  const [fixed, setFixed] = useState<{ refusal: unknown; names: ReadonlySet<string> }>({ refusal, names: NOTHING_FIXED })
  const names = fixed.refusal === refusal ? fixed.names : NOTHING_FIXED
  const onChange = (e: React.FormEvent<HTMLFormElement>) => {
    const el = e.target
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) || !el.name) return
    if (names.has(el.name) || !looksFixed(el)) return
    setFixed({ refusal, names: new Set([...names, el.name]) })
  }
  return { shown: (name: string) => !names.has(name), onChange }
}
