import { type LinksFunction, type LoaderFunctionArgs, json } from '@remix-run/node'
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useMatches,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from '@remix-run/react'
import { useEffect, useRef, type ReactNode } from 'react'
import { CsrfContext } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { useFocusAfterSubmit, useFocusRefusedField } from '#app/components/forms'
import { NotificationBell } from '#app/components/notification-bell'
import { LocaleContext, makeT } from '#app/i18n/index'
import stylesheet from '#app/styles/app.css'
import { getCsrfToken, getUser } from '#app/utils/auth.server'
import { countUnread, getDb, markNotificationsOpened } from '#app/utils/db.server'
import { navFor } from '#app/utils/nav'
import { getPrefs } from '#app/utils/prefs.server'
import { SocketProvider } from '#app/utils/socket'
import type { Role } from '#db/enums'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = getUser(request)
  const prefs = context?.prefs ?? getPrefs(request)
  const csrf = getCsrfToken(request)
  const roles = [...new Set(user?.grants.map(g => g.role) ?? [])] as Role[]
  return json(
    {
      user: user ? { id: user.id, displayName: user.displayName, roles } : null,
      unread: user && user.via === 'session' ? unreadAfterOpening(user.id, new URL(request.url).pathname) : 0,
      prefs,
      csrf: csrf.token,
      nav: navFor(roles),
    },
    csrf.setCookie ? { headers: { 'Set-Cookie': csrf.setCookie } } : undefined,
  )
}

// The bell's count is read again on every page: opening the page a notification links to reads it.
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  defaultShouldRevalidate || currentUrl.pathname !== nextUrl.pathname

/** Notifications linking to the page being opened are read by opening it; the bell counts the rest. */
function unreadAfterOpening(userId: number, path: string) {
  const db = getDb()
  markNotificationsOpened(db, userId, path)
  return countUnread(db, userId)
}

export type RootData = ReturnType<typeof useLoaderData<typeof loader>>

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

function Document({ children, prefs }: { children: ReactNode; prefs: { locale: 'zh' | 'en'; largeText: boolean; highContrast: boolean } }) {
  const classes = [prefs.largeText ? 'large-text' : '', prefs.highContrast ? 'high-contrast' : ''].filter(Boolean).join(' ')
  return (
    <html lang={prefs.locale === 'zh' ? 'zh-CN' : 'en'} className={classes || undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

// A person's name is marked Chinese when it is, so English pages and screen readers read it as such.
const nameLang = (name: string) => (/\p{Script=Han}/u.test(name) ? 'zh-CN' : undefined)

/**
 * A page with typing to keep names its form in `handle.prefsForm`: the header
 * toggles then submit that form, so without JavaScript the page comes back in
 * the new language or size with what was typed (the page's action applies the
 * toggle). The page renders a form by that id on its error page too.
 */
function usePrefsForm(): string | undefined {
  const forms = useMatches().map(m => (m.handle as { prefsForm?: string } | undefined)?.prefsForm)
  return forms.filter(Boolean).at(-1)
}

function Shell({ children, pageForms = true }: { children: ReactNode; pageForms?: boolean }) {
  const data = useRootData()
  const location = useLocation()
  const pageForm = usePrefsForm()
  const prefsForm = pageForms ? pageForm : undefined
  const locale = data?.prefs.locale ?? 'zh'
  const t = makeT(locale)
  const prefs = data?.prefs ?? { locale, largeText: false, highContrast: false }
  const back = location.pathname + location.search
  const nav = data?.nav ?? []
  const menuRef = useRef<HTMLDetailsElement>(null)
  useFocusRefusedField()
  useFocusAfterSubmit()
  // Close the phone menu after a client-side navigation.
  useEffect(() => {
    if (menuRef.current) menuRef.current.open = false
  }, [location.key])
  // Escape closes the open menu wherever the keyboard is (a click on the page may have left it nowhere);
  // from inside the menu the keyboard goes back to its button, as a disclosure should.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const menu = menuRef.current
      if (e.key !== 'Escape' || !menu?.open) return
      const inside = menu.contains(document.activeElement)
      menu.open = false
      if (inside) menu.querySelector('summary')?.focus()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [])
  return (
    <>
      {/* Enter in a field presses its form's first button, and the header toggles below now come first: this one, before them, just submits. */}
      {prefsForm ? <button type="submit" form={prefsForm} className="visually-hidden" tabIndex={-1} aria-hidden="true" /> : null}
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="brand">
          <Link to="/">{t('app.name')}</Link>
          <span className="tagline">{t('app.tagline')}</span>
        </div>
        {nav.length ? (
          // Phones: the navigation folds into a native disclosure (works without JavaScript).
          <details
            className="nav-menu"
            ref={menuRef}
            onBlur={e => {
              // The keyboard (Tab past the last item, Shift+Tab from the button) or a click moved on: the menu closes
              // rather than stay open over the page out of reach of Escape.
              if (e.relatedTarget instanceof Node && !e.currentTarget.contains(e.relatedTarget)) e.currentTarget.open = false
            }}
          >
            <summary>{t('nav.menuButton')}</summary>
            <div
              className="nav-menu-panel"
              onClick={e => {
                // Also close when the link is the page already shown (no location change).
                if ((e.target as HTMLElement).closest('a') && menuRef.current) menuRef.current.open = false
              }}
            >
              <nav aria-label={t('nav.menu')}>
                <ul>
                  {nav.map(item => (
                    <li key={item.to}>
                      <NavLink to={item.to}>{t(item.label)}</NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
              {data?.user ? (
                <Form method="post" action="/logout" className="inline-form">
                  <input type="hidden" name="csrf" value={data.csrf} />
                  <span className="who" lang={nameLang(data.user.displayName)}>
                    {data.user.displayName}
                  </span>
                  <button type="submit">{t('nav.logout')}</button>
                </Form>
              ) : null}
            </div>
          </details>
        ) : null}
        {nav.length ? (
          <nav aria-label={t('nav.menu')} className="site-nav">
            <ul>
              {nav.map(item => (
                <li key={item.to}>
                  <NavLink to={item.to} prefetch="intent">
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div className="header-tools">
          <Form method="post" action="/prefs" className="inline-form">
            <input type="hidden" name="csrf" value={data?.csrf ?? ''} />
            <input type="hidden" name="redirectTo" value={back} />
            <button type="submit" name="intent" value={locale === 'zh' ? 'lang:en' : 'lang:zh'} lang={locale === 'zh' ? 'en' : 'zh-CN'} form={prefsForm}>
              {t('prefs.switchTo')}
            </button>
            <button type="submit" name="intent" value="large" aria-pressed={prefs.largeText} form={prefsForm}>
              {t('prefs.largeText')}
            </button>
            <button type="submit" name="intent" value="contrast" aria-pressed={prefs.highContrast} form={prefsForm}>
              {t('prefs.highContrast')}
            </button>
          </Form>
          {data?.user ? <NotificationBell unread={data.unread} /> : null}
          {data?.user ? (
            <Form method="post" action="/logout" className={nav.length ? 'inline-form logout-wide' : 'inline-form'}>
              <input type="hidden" name="csrf" value={data.csrf} />
              <span className="who" lang={nameLang(data.user.displayName)}>
                {data.user.displayName}
              </span>
              <button type="submit">{t('nav.logout')}</button>
            </Form>
          ) : (
            <Link to="/login" className="button-link">
              {t('nav.login')}
            </Link>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  )
}

export default function App() {
  const data = useLoaderData<typeof loader>()
  return (
    <Document prefs={data.prefs}>
      <LocaleContext.Provider value={data.prefs.locale}>
        <CsrfContext.Provider value={data.csrf}>
          <SocketProvider enabled={!!data.user}>
            <Shell>
              <Outlet />
            </Shell>
          </SocketProvider>
        </CsrfContext.Provider>
      </LocaleContext.Provider>
    </Document>
  )
}

export function ErrorBoundary() {
  const data = useRootData()
  const prefs = data?.prefs ?? { locale: 'zh' as const, largeText: false, highContrast: false }
  return (
    <Document prefs={prefs}>
      <LocaleContext.Provider value={prefs.locale}>
        <Shell pageForms={false}>
          <GeneralErrorBoundary />
        </Shell>
      </LocaleContext.Provider>
    </Document>
  )
}
