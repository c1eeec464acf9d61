import type { ReactNode } from 'react'

/**
 * A submit that asks once before an action that takes something away (a role, a
 * token): the button opens a short question with the real submit inside. A
 * disclosure, so it works without JavaScript and from the keyboard; put it inside the form.
 */
export function ConfirmSubmit({
  label,
  question,
  confirmLabel,
  summaryLabel,
}: {
  label: ReactNode
  question: ReactNode
  confirmLabel: ReactNode
  summaryLabel?: string
}) {
  return (
    <details className="confirm-submit">
      <summary className="button" aria-label={summaryLabel}>
        {label}
      </summary>
      <p role="note">{question}</p>
      <button type="submit" className="danger">
        {confirmLabel}
      </button>
    </details>
  )
}
