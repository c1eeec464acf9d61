import type { Notifier } from '#realtime/index'

/** What server.ts hands every loader and action (see getLoadContext there). */
export type TeahouseContext = { notify: Notifier }

declare module '@remix-run/node' {
  interface AppLoadContext extends TeahouseContext {}
}
