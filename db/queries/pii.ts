// Masking of complainants' personal data for roles that may not see it.

/** 13812345678 → 138****5678; short or odd numbers keep only the last two digits. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null
  const digits = phone.replace(/\s+/g, '')
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`
  if (digits.length > 4) return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`
  return '****'
}

/** 张三丰 → 张**; Latin names keep their initial. */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null
  const chars = [...name.trim()]
  if (chars.length <= 1) return '*'
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3))
}

/** Keep the first few characters of an address (the area), hide the rest. */
export function maskAddress(address: string | null | undefined): string | null {
  if (!address) return null
  const chars = [...address]
  return chars.slice(0, Math.min(6, Math.ceil(chars.length / 2))).join('') + '****'
}
