import { type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, Outlet, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { useT } from '#app/i18n/index'
import { pageTitle } from '#app/utils/meta'
import { normalizeTrackingCode } from '#app/utils/tracking-code'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'intake.track.title') }]

/**
 * /track?code=… → /track/CODE; a malformed code re-shows the form with a message.
 * This is also the layout of /track/CODE (the form stays on top to look up another code).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const raw = new URL(request.url).searchParams.get('code')
  if (raw == null) return json({ code: '', invalid: false })
  const code = normalizeTrackingCode(raw)
  // A zero read as the letter O changes the code: should nothing be found, the page names what was typed.
  if (code) throw redirect(/0|０/.test(raw) ? `/track/${code}?typed=${encodeURIComponent(raw.trim().slice(0, 40))}` : `/track/${code}`)
  return json({ code: raw.slice(0, 40), invalid: true }, { status: 400 })
}

export default function Track() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  return (
    <section className="narrow stack">
      <h1>{t('intake.track.title')}</h1>
      <Form method="get" className="card stack">
        <label htmlFor="code">
          {t('intake.track.code')}
          <input
            id="code"
            name="code"
            defaultValue={data.code}
            placeholder="TH-ABCDE-FGHJK"
            autoCapitalize="characters"
            autoComplete="off"
            aria-invalid={data.invalid || undefined}
            aria-describedby={data.invalid ? 'code-error' : undefined}
          />
        </label>
        {data.invalid ? (
          <p id="code-error" className="error" role="alert">
            {t('intake.track.invalid')}
          </p>
        ) : null}
        <button type="submit" className="primary">
          {t('intake.track.go')}
        </button>
      </Form>
      <Outlet />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
