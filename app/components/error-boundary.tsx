import { Link, isRouteErrorResponse, useRouteError } from '@remix-run/react'
import { useT } from '#app/i18n/index'

/** Shared error view: 403, 404 and everything else, in the user's language. */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const t = useT()
  let title = t('error.generic.title')
  let body = t('error.generic.body')
  let status = 500
  if (isRouteErrorResponse(error)) {
    status = error.status
    if (error.status === 403) {
      title = t('error.forbidden.title')
      body = error.statusText === 'csrf' ? t('error.csrf') : t('error.forbidden.body')
    } else if (error.status === 404) {
      title = t('error.notFound.title')
      body = t('error.notFound.body')
    }
  } else if (typeof document !== 'undefined') {
    console.error(error)
  }
  return (
    <section className="error-page" role="alert" data-status={status}>
      <h1>
        {status} · {title}
      </h1>
      <p>{body}</p>
      <p>
        <Link className="tap" to="/">
          {t('error.backHome')}
        </Link>
      </p>
    </section>
  )
}
