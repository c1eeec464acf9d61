import { isMessageKey, useT } from '#app/i18n/index'

/**
 * A status as a labelled badge; the label comes from the catalog
 * (`status.<code>`). Residents get their own wording where staff words
 * would mean nothing to them (`resident.status.<code>`).
 */
export function StatusBadge({ status, audience = 'staff' }: { status: string; audience?: 'staff' | 'resident' }) {
  const t = useT()
  const residentKey = `resident.status.${status}`
  const key = audience === 'resident' && isMessageKey(residentKey) ? residentKey : `status.${status}`
  return <span className={`badge status-${status}`}>{isMessageKey(key) ? t(key) : status}</span>
}
