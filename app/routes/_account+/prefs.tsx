import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { validateCsrf } from '#app/utils/auth.server'
import { applyPrefsIntent, getPrefs, prefsCookieHeader } from '#app/utils/prefs.server'
import { safeRedirect } from '#app/utils/safe-redirect'

export async function loader() {
  return redirect('/')
}

/** Language and 适老化 toggles: a plain form post, so they work without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const prefs = getPrefs(request)
  applyPrefsIntent(prefs, String(form.get('intent') ?? ''))
  return redirect(safeRedirect(form.get('redirectTo')), { headers: { 'Set-Cookie': prefsCookieHeader(prefs) } })
}
