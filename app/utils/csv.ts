// CSV cells for files people open in Excel or WPS. A text cell starting with
// = + - @ (or a tab or carriage return) would be run as a formula there, so it
// gets a leading apostrophe, which spreadsheets show as text and do not print.
// Used in the browser too (chart downloads): no server imports.

const FORMULA_START = /^[=+\-@\t\r]/

/** One CSV cell: formulas neutralised, quoted when needed. Numbers are data, never formulas. */
export function csvCell(value: string | number | boolean | Date | null | undefined): string {
  if (value == null) return ''
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  let s = value instanceof Date ? value.toISOString() : value
  if (FORMULA_START.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvLine(values: Parameters<typeof csvCell>[0][]): string {
  return values.map(csvCell).join(',')
}

/** Undo csvCell's apostrophe when a file we wrote (a rejects file) comes back to be imported. */
export function unneutralise(cell: string): string {
  return cell.length > 1 && cell[0] === "'" && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell
}
