import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { getUser } from '#app/utils/auth.server'
import { ROLE_HOME, ROLES } from '#db/enums'
import { useT } from '#app/i18n/index'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { metaT } from '#app/utils/meta'

export const meta: MetaFunction = ({ matches }) => [{ title: `${metaT(matches)('app.name')} · ${metaT(matches)('app.tagline')}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = getUser(request)
  if (user) {
    // Land on the home of the most specific staff role held (admin last).
    const held = ROLES.filter(r => user.grants.some(g => g.role === r))
    const role = held.find(r => r !== 'admin') ?? held[0]
    if (role) throw redirect(ROLE_HOME[role])
  }
  return json({})
}

export default function Index() {
  const t = useT()
  return (
    <section className="hero">
      <h1>{t('app.name')}</h1>
      <p className="lead">{t('home.public.lead')}</p>
      <ul className="action-list">
        <li>
          <Link className="button primary" to="/complaints/new">
            {t('home.public.submit')}
          </Link>
        </li>
        <li>
          <Link className="button" to="/track">
            {t('home.public.track')}
          </Link>
        </li>
        <li>
          <Link className="button" to="/public">
            {t('nav.public')}
          </Link>
        </li>
        <li>
          <Link className="button" to="/login">
            {t('home.public.login')}
          </Link>
        </li>
      </ul>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
