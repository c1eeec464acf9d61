import { flatRoutes } from 'remix-flat-routes'

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Routes are grouped by area in `app/routes/_<area>+/` folders; the folder
  // name is not part of the URL (remix-flat-routes' hybrid convention).
  ignoredRouteFiles: ['**/*'],
  routes: async defineRoutes => flatRoutes('routes', defineRoutes, { ignoredRouteFiles: ['**/.*', '**/*.test.*'] }),
  serverModuleFormat: 'esm',
  // Node built-ins are only used by *.server.ts modules; nothing to polyfill for the browser.
  browserNodeBuiltinsPolyfill: { modules: {} },
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
}
