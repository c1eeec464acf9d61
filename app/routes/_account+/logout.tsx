import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { clearSessionCookieHeader, getUser, validateCsrf } from '#app/utils/auth.server'
import { SESSION_COOKIE, parseCookies } from '#app/utils/cookies'
import { getDb, deleteSession, writeAudit } from '#app/utils/db.server'

export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
  validateCsrf(request, await request.formData())
  const sid = parseCookies(request.headers.get('cookie'))[SESSION_COOKIE]
  const user = getUser(request)
  if (sid) {
    const db = getDb()
    db.transaction(tx => {
      deleteSession(tx, sid)
      if (user) writeAudit(tx, { kind: 'user', id: user.id }, 'session.logout', { type: 'user', id: user.id })
    })
    // Live connections opened with this session end with it.
    context?.notify?.endSession?.(sid)
  }
  return redirect('/', { headers: { 'Set-Cookie': clearSessionCookieHeader() } })
}
