import { getPipeline } from '#app/services/nlp.server'
import { chinaDayEnd, chinaDayStart } from '#app/utils/dates'
import { getDb } from '#db/client'
import { CHANNELS, COMPLAINT_STATUSES } from '#db/enums'
import type { InboxFilter } from '#db/queries/complaints'
import { normalizeTrackingCode } from './tracking-code'

/**
 * A resident on the phone gives a tracking code (read out, in lower case, with
 * spaces), a phone number or a full name: each finds the report as well as its words.
 */
function identityIn(q: string): InboxFilter['identity'] {
  const digits = q.replace(/[\s\-+()（）]/g, '')
  return {
    trackingCode: normalizeTrackingCode(q) ?? undefined,
    phoneDigits: /^\d{7,}$/.test(digits) ? digits : undefined,
    name: /^\p{Script=Han}{2,4}$/u.test(q) ? q : undefined,
  }
}

/** Read inbox filters from a URL; unknown values are ignored rather than erroring. */
export function inboxFilterFromUrl(url: URL, scopeUnitIds: number[] | null): InboxFilter {
  const p = url.searchParams
  const date = (v: string | null, endOfDay = false) => {
    const d = v ? (endOfDay ? chinaDayEnd(v) : chinaDayStart(v)) : null
    return d ?? undefined
  }
  const channel = p.get('channel') ?? ''
  const status = p.get('status') ?? ''
  const q = (p.get('q') ?? '').trim().slice(0, 100)
  const community = Number(p.get('community'))
  return {
    scopeUnitIds,
    channel: (CHANNELS as readonly string[]).includes(channel) ? channel : undefined,
    status: (COMPLAINT_STATUSES as readonly string[]).includes(status) ? status : undefined,
    category: p.get('category')?.slice(0, 20) || undefined,
    communityId: Number.isInteger(community) && community > 0 ? community : undefined,
    from: date(p.get('from')),
    to: date(p.get('to'), true),
    query: q ? getPipeline(getDb()).segment(q) : undefined,
    identity: q ? identityIn(q) : undefined,
    page: Math.max(1, Number(p.get('page')) || 1),
  }
}
