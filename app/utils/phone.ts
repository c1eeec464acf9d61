// Phone numbers as residents type them, checked the same way on every form.

const PHONE_CHARS = /^\+?[0-9(（][0-9\-()（） ]{4,38}$/
// Mainland numbers: a mobile (11 digits from 13…19), a landline with its area code, or a local landline.
const MAINLAND_NUMBER = /^(1[3-9]\d{9}|0\d{9,11}|[2-9]\d{6,7})$/

/**
 * A phone number staff can call back: one digit too many or too few in a
 * mobile number is caught here rather than discovered when nobody answers.
 * Numbers from abroad are only checked for a plausible length.
 */
export function isPlausiblePhone(typed: string): boolean {
  const s = typed.trim()
  if (!PHONE_CHARS.test(s)) return false
  const compact = s.replace(/[\s\-()（）]/g, '')
  if (/^(\+|00)/.test(compact) && !/^(\+|00)86/.test(compact)) return /^(\+|00)\d{7,15}$/.test(compact)
  const national = s.replace(/^(\+|00)\s*86/, '')
  const digits = (t: string) => t.replace(/\D/g, '')
  if (MAINLAND_NUMBER.test(digits(national))) return true
  // A landline extension written after a dash or a space: 0571-88001234-123.
  const extension = /^(.*\d)[\s-]+\d{1,5}$/.exec(national)
  return Boolean(extension && MAINLAND_NUMBER.test(digits(extension[1]!)))
}
