import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { validateCsrf } from '#app/utils/auth.server'
import { getPrefs, prefsCookieHeader } from '#app/utils/prefs.server'

export async function loader() {
  return redirect('/')
}

/** Language and 适老化 toggles: a plain form post, so they work without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const prefs = getPrefs(request)
  const intent = String(form.get('intent') ?? '')
  if (intent === 'lang:en' || intent === 'lang:zh') prefs.locale = intent.slice(5) as 'en' | 'zh'
  if (intent === 'large') prefs.largeText = !prefs.largeText
  if (intent === 'contrast') prefs.highContrast = !prefs.highContrast
  const back = String(form.get('redirectTo') ?? '/')
  return redirect(back.startsWith('/') && !back.startsWith('//') ? back : '/', { headers: { 'Set-Cookie': prefsCookieHeader(prefs) } })
}
