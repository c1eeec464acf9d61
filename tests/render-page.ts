import { type ComponentType, createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { StaticRouterProvider, createStaticHandler, createStaticRouter } from 'react-router-dom/server'
import { LocaleContext, type Locale } from '#app/i18n/index'

/**
 * A route's page as the browser receives it: the component rendered with the
 * data its loader returned and, after a post, what its action answered.
 */
export async function renderPage(Page: ComponentType, opts: { path: string; locale: Locale; loaderData: object; actionData?: object }): Promise<string> {
  const page = () => createElement(LocaleContext.Provider, { value: opts.locale }, createElement(Page))
  const routes = [
    {
      id: 'page',
      path: new URL(opts.path, 'http://localhost').pathname,
      loader: () => opts.loaderData,
      action: () => opts.actionData ?? {},
      Component: page,
    },
  ]
  const request = new Request(`http://localhost${opts.path}`, opts.actionData === undefined ? {} : { method: 'POST', body: new URLSearchParams() })
  const context = await createStaticHandler(routes).query(request)
  if (context instanceof Response) throw new Error(`the page answered ${context.status}`)
  return renderToStaticMarkup(createElement(StaticRouterProvider, { router: createStaticRouter(routes, context), context }))
}

/** The opening tag of the form control named `name` (input, select or textarea). */
export const control = (html: string, name: string) => new RegExp(`<(input|select|textarea) [^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? ''

/** The text of the element with this id, tags removed. */
export const textOf = (html: string, id: string) =>
  new RegExp(`<([a-z]+) [^>]*id="${id}"[^>]*>(.*?)</\\1>`)
    .exec(html)?.[2]
    ?.replace(/<[^>]+>/g, '')
    .trim()

/** What the control named `name` points screen readers to for its description and errors. */
export const describedBy = (html: string, name: string) =>
  (/aria-describedby="([^"]+)"/.exec(control(html, name))?.[1] ?? '')
    .split(' ')
    .filter(Boolean)
    .map(id => textOf(html, id))

/** The page's text, tags removed (hydration data left out). */
export const visible = (html: string) =>
  html
    .replace(/<script[^>]*>.*?<\/script>/gs, '')
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, '')

/** What the form's alert list (its errors, together) says. */
export const alertOf = (html: string) => /<ul[^>]*role="alert"[^>]*>(.*?)<\/ul>/s.exec(html)?.[1] ?? ''

/** How often `text` appears in the page's visible text (not in the data the page carries for hydration). */
export const occurrences = (html: string, text: string) =>
  html
    .replace(/<script[^>]*>.*?<\/script>/gs, '')
    .replace(/<[^>]+>/g, '')
    .split(text).length - 1
