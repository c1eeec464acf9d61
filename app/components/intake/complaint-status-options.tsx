import { type MessageKey, useT } from '#app/i18n/index'
import { COMPLAINT_STATUSES } from '#db/enums'

/** The complaint statuses as <option>s, in workflow order, for a status select. */
export function ComplaintStatusOptions() {
  const t = useT()
  return (
    <>
      {COMPLAINT_STATUSES.map(s => (
        <option key={s} value={s}>
          {t(`status.${s}` as MessageKey)}
        </option>
      ))}
    </>
  )
}
