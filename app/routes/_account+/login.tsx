import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { useT, type MessageKey } from '#app/i18n/index'
import { clientIp, getUser, sessionCookieHeader, validateCsrf } from '#app/utils/auth.server'
import { getDb, createSession, demoPasswordsInPlace, verifyLogin, writeAudit } from '#app/utils/db.server'
import { pageTitle } from '#app/utils/meta'
import { safeRedirect } from '#app/utils/safe-redirect'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'login.title') }]

const LoginSchema = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
  redirectTo: z.string().optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
  if (getUser(request)) throw redirect('/')
  // The demo accounts are only mentioned while they can still log in.
  return json({ demo: demoPasswordsInPlace(getDb()) })
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const parsed = LoginSchema.safeParse(Object.fromEntries(form))
  // Without JavaScript the page is rendered again: the username comes back, the password never does.
  const username = String(form.get('username') ?? '').slice(0, 100)
  if (!parsed.success) return json({ error: 'login.required' as MessageKey, username }, { status: 400 })
  const db = getDb()
  const result = await verifyLogin(db, { username: parsed.data.username, password: parsed.data.password, ip: clientIp(request) })
  if (!result.ok) {
    const status = result.reason === 'rate_limited' ? 429 : 400
    return json({ error: (result.reason === 'rate_limited' ? 'login.rateLimited' : 'login.invalid') as MessageKey, username }, { status })
  }
  const session = db.transaction(tx => {
    const s = createSession(tx, result.userId)
    writeAudit(tx, { kind: 'user', id: result.userId }, 'session.login', { type: 'user', id: result.userId })
    return s
  })
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { 'Set-Cookie': sessionCookieHeader(session.id, session.maxAgeSeconds) } })
}

export default function Login() {
  const t = useT()
  const data = useActionData<typeof action>()
  const { demo } = useLoaderData<typeof loader>()
  const invalid = data?.error ? true : undefined
  const describedBy = data?.error ? 'login-error' : undefined
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  return (
    <section className="narrow card">
      <h1>{t('login.title')}</h1>
      {/* The server says what is missing, in the page's language rather than the browser's. */}
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <label>
          {t('login.username')}
          <input
            name="username"
            autoComplete="username"
            required
            autoFocus
            defaultValue={data?.username ?? ''}
            aria-invalid={invalid}
            aria-describedby={describedBy}
          />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required aria-invalid={invalid} aria-describedby={describedBy} />
        </label>
        {data?.error ? (
          <p role="alert" className="error" id="login-error">
            {t(data.error)}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </Form>
      <p className="hint">
        {t('login.noAccount')}{' '}
        <Link className="tap" to="/complaints/new">
          {t('home.public.submit')}
        </Link>{' '}
        ·{' '}
        <Link className="tap" to="/track">
          {t('home.public.track')}
        </Link>
      </p>
      {demo ? <p className="hint">{t('login.demoHint')}</p> : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
