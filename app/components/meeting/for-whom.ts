import type { useT } from '#app/i18n/index'

/**
 * The accessible name of a repeated button ("give the floor", "mute"…) with
 * whom or what it acts on: the name is already on screen next to the button,
 * but a list of ten identical "mute" buttons tells a listener nothing. An
 * aria-label, not hidden text, so the name is not on the page twice.
 */
export function forWhom(t: ReturnType<typeof useT>, label: string, name: string): string {
  return `${label}${t('console.forWhom', { name })}`
}
