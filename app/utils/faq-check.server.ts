import type { Submission } from '@conform-to/react'
import { json } from '@remix-run/node'
import { checkFaq } from '#app/commands/answers.server'
import type { CommandContext } from '#app/commands/context'
import { foundErrors } from '#app/components/answer-refused'
import { domainErrorStatus, runCommand } from '#app/utils/errors.server'

/**
 * Answers the FAQ check (`intent=check`, `FaqCheck`) on the editor or on an
 * entry's update page (`answerId`, the entry left out): what publishing or
 * saving would be refused for, said as the form says it, nothing saved and
 * what was typed kept. A published entry standing in the way is named as the
 * refusal names it (409), for the form to link it and offer the tick; personal
 * data is said beside each field that holds it, in the words of the refusal,
 * with a notice over the form (400 when nothing else was found). `checked`
 * either way; `error` only when an entry stands in the way.
 */
export async function answerFaqCheck(
  ctx: CommandContext,
  submission: Submission<unknown>,
  input: { question: string; reply: string; sourceIds: number[]; answerId?: number },
) {
  const values = submission.reply().initialValue
  const checked = await runCommand(() => checkFaq(ctx, input), { values })
  if (!checked.ok) return checked.response
  const { refusal, found } = checked.value
  if (!refusal && !found) return json({ checked: true as const, result: submission.reply() })
  const fieldErrors: Record<string, string[]> = found ? foundErrors(found) : {}
  const formErrors: string[] = []
  if (refusal) {
    const field = refusal.field ?? ''
    if (field) fieldErrors[field] = [refusal.messageKey, ...(fieldErrors[field] ?? [])]
    else formErrors.push(refusal.messageKey)
  }
  if (found) formErrors.push('answers.check.personalData')
  return json(
    {
      checked: true as const,
      values,
      error: refusal?.messageKey ?? null,
      params: refusal?.params ?? null,
      result: submission.reply({ formErrors, fieldErrors }),
    },
    { status: refusal ? domainErrorStatus(refusal.code) : 400 },
  )
}
