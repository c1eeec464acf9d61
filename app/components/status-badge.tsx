import { isMessageKey, useT } from '#app/i18n/index'

/** A status as a labelled badge; the label comes from the catalog (`status.<code>`). */
export function StatusBadge({ status }: { status: string }) {
  const t = useT()
  const key = `status.${status}`
  return <span className={`badge status-${status}`}>{isMessageKey(key) ? t(key) : status}</span>
}
