import { parseWithZod } from '@conform-to/zod'
import { json } from '@remix-run/node'
import type { z } from 'zod'
import { formErrorMap } from './form-errors'

/**
 * The one validation path for form posts: Conform parses the FormData against
 * the route's zod schema (nested names, checkboxes, repeated fields, numbers).
 * A failed parse is a 400 with `result` (Conform's `submission.reply()`: field
 * errors as i18n message keys plus the submitted values), which the page
 * passes to `useForm({ lastResult })` or reads with `fieldErrors`; forms
 * therefore work without JavaScript and keep what the user typed. A rule the
 * schema states without a message of its own gets one that names its limit
 * (`formErrorMap`).
 */
export function parseForm<Schema extends z.ZodTypeAny>(formData: FormData, schema: Schema) {
  const submission = parseWithZod(formData, { schema, errorMap: formErrorMap })
  if (submission.status !== 'success') {
    return { ok: false as const, submission, response: json({ result: submission.reply() }, { status: 400 }) }
  }
  return { ok: true as const, submission, value: submission.value as z.output<Schema> }
}
