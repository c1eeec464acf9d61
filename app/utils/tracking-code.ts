// Tracking codes (TH-XXXXX-XXXXX) as residents type them.

export const TRACKING_CODE = /^TH-[A-Z2-9]{5}-[A-Z2-9]{5}$/

/**
 * A tracking code as people type or read it out: full-width characters from a
 * Chinese keyboard, lower case, spaces or dashes anywhere, the TH- left off,
 * a zero for the letter O (codes have no zeros). Null when it cannot be a code.
 */
export function normalizeTrackingCode(typed: string): string | null {
  const compact = typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―－_.·]/g, '')
    .replace(/0/g, 'O')
    .replace(/^TH(?=[A-Z2-9]{10}$)/, '')
  if (!/^[A-Z2-9]{10}$/.test(compact)) return null
  const code = `TH-${compact.slice(0, 5)}-${compact.slice(5)}`
  return TRACKING_CODE.test(code) ? code : null
}
