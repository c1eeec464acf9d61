import { type LoaderFunctionArgs, json } from '@remix-run/node'
import { answerSuggestionsFor } from '#app/services/answers.server'
import { suggestFor, suggestLimiter } from '#app/services/intake.server'
import { clientIp, getUser } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { getPrefs } from '#app/utils/prefs.server'

/**
 * GET /resources/complaint-suggest?subject&body&placeText&community
 * Category suggestion, similar open complaints and published answers while a resident types.
 * Public (the form is public); returns no personal data and redacts numbers.
 * Rate-limited per client address.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!suggestLimiter.take(clientIp(request)))
    return json({ category: null, similar: [] }, { status: 429, headers: { 'Retry-After': '5', 'Cache-Control': 'no-store' } })
  const p = new URL(request.url).searchParams
  const get = (k: string) => (p.get(k) ?? '').slice(0, 600)
  const community = Number(get('community'))
  const db = getDb()
  const data = suggestFor(db, {
    subject: get('subject'),
    body: get('body'),
    placeText: get('placeText'),
    communityId: Number.isInteger(community) && community > 0 ? community : null,
    locale: getPrefs(request).locale,
    userId: getUser(request)?.id,
  })
  return json({ ...data, answers: answerSuggestionsFor(db, { subject: get('subject'), body: get('body') }) }, { headers: { 'Cache-Control': 'no-store' } })
}
