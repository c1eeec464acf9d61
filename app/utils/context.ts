import type { Prefs } from '#app/utils/prefs.server'
import type { Notifier } from '#realtime/index'

/**
 * What server.ts hands every loader and action (see getLoadContext there), one
 * object per request. `prefs`: display preferences an action changed, so a
 * page rendered in the same response (a form posted without JavaScript)
 * already shows them.
 */
export type TeahouseContext = { notify: Notifier; prefs?: Prefs }

declare module '@remix-run/node' {
  interface AppLoadContext extends TeahouseContext {}
}
