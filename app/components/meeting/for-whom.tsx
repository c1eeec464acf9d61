import { useT } from '#app/i18n/index'

/**
 * Who a repeated button acts on ("give the floor", "mute"…), said to screen
 * readers only: the name is already on screen next to the button, but a
 * list of ten identical "mute" buttons tells a listener nothing.
 */
export function ForWhom({ name }: { name: string }) {
  const t = useT()
  return <span className="visually-hidden">{t('console.forWhom', { name })}</span>
}
