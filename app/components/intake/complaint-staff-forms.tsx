import { Form } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { ErrorList } from '#app/components/forms'
import { ComplaintStatusOptions } from '#app/components/intake/complaint-status-options'
import { useT } from '#app/i18n/index'

/** What a worker in scope may do with a complaint: set its status with a note, or link it to the original it repeats. */
export function ComplaintStaffForms({ status, originalCode, errors }: { status: string; originalCode: string | null; errors: Record<string, string[]> }) {
  const t = useT()
  return (
    <div className="grid">
      <Form method="post" className="card stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="status" />
        <label htmlFor="status">
          {t('intake.detail.setStatus')}
          <select id="status" name="status" defaultValue={status}>
            <ComplaintStatusOptions />
          </select>
        </label>
        <label htmlFor="note">
          {t('intake.detail.statusNote')}
          <input
            id="note"
            name="note"
            maxLength={500}
            aria-invalid={errors.note ? true : undefined}
            aria-describedby={errors.note ? 'note-error' : undefined}
          />
        </label>
        <ErrorList id="note-error" errors={errors.note} />
        <button type="submit">{t('common.save')}</button>
      </Form>
      <Form method="post" className="card stack" noValidate>
        <CsrfInput />
        <label htmlFor="target">
          {t('intake.detail.duplicateTarget')}
          <input
            id="target"
            name="target"
            placeholder="TH-ABCDE-FGHJK"
            defaultValue={originalCode ?? ''}
            aria-invalid={errors.target ? true : undefined}
            aria-describedby={errors.target ? 'target-error' : undefined}
          />
        </label>
        <ErrorList id="target-error" errors={errors.target} />
        <div className="row">
          <button type="submit" name="intent" value="duplicate">
            {t('intake.detail.markDuplicate')}
          </button>
          {originalCode ? (
            <button type="submit" name="intent" value="clearDuplicate">
              {t('intake.detail.clearDuplicate')}
            </button>
          ) : null}
        </div>
      </Form>
    </div>
  )
}
