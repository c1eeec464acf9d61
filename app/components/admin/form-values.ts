/** What the admin typed into a rejected form, as a string (a field Conform left out reads as `fallback`). */
export function typedValue(typed: Record<string, unknown>, name: string, fallback = '') {
  const v = typed[name]
  return typeof v === 'string' ? v : fallback
}
