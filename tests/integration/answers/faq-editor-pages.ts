import AnswersReview, { loader } from '#app/routes/_answers+/answers.review'
import FaqEntryReview, { loader as entryLoader } from '#app/routes/_answers+/answers.review_.$id'
import { callRoute, makeRequest } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

type Locale = 'zh' | 'en'

/** The FAQ editor at `path` and an entry's update page, as a worker logged in with `cookie` sees them (after a post: with what the action answered). */
export function faqEditorPages(cookie: string, path: string) {
  const as = (locale: Locale) => ({ cookie: `${cookie}; th_prefs=${locale}.0.0` })
  return {
    page: async (actionData: object | undefined, locale: Locale = 'zh') => {
      const loaderData = (await (await callRoute(loader, makeRequest(path, as(locale)))).json()) as object
      return renderPage(AnswersReview, { path, locale, loaderData, actionData })
    },
    entryPage: async (id: number, actionData: object | undefined, locale: Locale = 'zh') => {
      const entryPath = `/answers/review/${id}`
      const loaderData = (await (await callRoute(entryLoader, makeRequest(entryPath, as(locale)), { id: String(id) })).json()) as object
      return renderPage(FaqEntryReview, { path: entryPath, locale, loaderData, actionData })
    },
  }
}
