import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { notifyCreated } from '#app/services/intake.server'
import { getPipeline } from '#app/services/nlp.server'
import { listServices, open311Error, open311Json, toOpen311Requests } from '#app/services/open311.server'
import { addDays } from '#app/utils/dates'
import {
  createComplaint,
  getDb,
  getUserByApiToken,
  getPublicComplaint,
  listPublicComplaints,
  addComplaintAttachments,
  LIMITS,
  MEDIA_URL_TYPE,
} from '#app/utils/db.server'

function parseDate(v: string | null): Date | null | undefined {
  if (v == null || v === '') return undefined
  const t = Date.parse(v)
  return /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(t) ? new Date(t) : null
}

/**
 * GET /open311/v2/requests.json: public list of service requests.
 * Filters: start_date, end_date (ISO 8601; default the last 90 days), status
 * (open|closed), service_code (comma-separated), service_request_id
 * (comma-separated; overrides the rest), limit (≤ 1000).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const p = new URL(request.url).searchParams
  const ids = p.get('service_request_id')
  if (ids) {
    const rows = ids
      .split(',')
      .slice(0, 100)
      .map(id => getPublicComplaint(db, id))
      .filter((r): r is NonNullable<typeof r> => !!r && r.channel !== 'petition')
    return open311Json(toOpen311Requests(db, rows))
  }
  const start = parseDate(p.get('start_date'))
  const end = parseDate(p.get('end_date'))
  if (start === null) return open311Error(400, 'start_date must be an ISO 8601 date-time')
  if (end === null) return open311Error(400, 'end_date must be an ISO 8601 date-time')
  const endAt = end ?? new Date()
  const startAt = start ?? addDays(endAt, -90)
  if (startAt > endAt) return open311Error(400, 'start_date must be before end_date')
  const statusParam = p.get('status')
  let status: 'open' | 'closed' | undefined
  if (statusParam) {
    const parts = [...new Set(statusParam.split(',').map(s => s.trim().toLowerCase()))]
    if (parts.some(s => s !== 'open' && s !== 'closed')) return open311Error(400, 'status must be open or closed')
    status = parts.length === 1 ? (parts[0] as 'open' | 'closed') : undefined
  }
  let services: { code: string; path: string[] }[] | undefined
  const codes = p.get('service_code')
  if (codes) {
    const { paths } = listServices(db)
    services = codes
      .split(',')
      .map(c => c.trim())
      .filter(Boolean)
      .map(code => ({ code, path: paths.get(code) ?? [] }))
  }
  const limitParam = p.get('limit')
  const limit = limitParam ? Number(limitParam) : 1000
  if (!Number.isInteger(limit) || limit < 1) return open311Error(400, 'limit must be a positive integer')
  const rows = listPublicComplaints(db, { start: startAt, end: endAt, status, services, limit: Math.min(limit, 1000) })
  return open311Json(toOpen311Requests(db, rows))
}

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

async function readBody(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get('content-type') ?? ''
  const out: Record<string, string> = {}
  if (type.includes('application/json')) {
    const body = (await request.json().catch(() => null)) as unknown
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw open311Error(400, 'Body must be a JSON object')
    for (const [k, v] of Object.entries(body)) {
      if (v == null) continue
      if (k === 'attribute' && typeof v === 'object') for (const [ak, av] of Object.entries(v)) out[`attribute[${ak}]`] = String(av)
      else out[k] = typeof v === 'object' ? JSON.stringify(v) : String(v)
    }
    return out
  }
  const form = await request.formData().catch(() => null)
  if (!form) throw open311Error(400, 'Body must be form-encoded or JSON')
  for (const [k, v] of form) if (typeof v === 'string') out[k] = v
  return out
}

/** POST /open311/v2/requests.json: create a service request (requires api_key). */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return open311Error(405, 'Method not allowed')
  let body: Record<string, string>
  try {
    body = await readBody(request)
  } catch (e) {
    if (e instanceof Response) return e
    throw e
  }
  const db = getDb()
  const apiKey = (body.api_key ?? new URL(request.url).searchParams.get('api_key') ?? '').trim()
  const client = apiKey ? getUserByApiToken(db, apiKey) : null
  if (!client) return open311Error(403, 'Invalid api_key')
  if (!client.scopes.includes('open311:write')) return open311Error(403, 'This api_key may not create requests (scope open311:write)')

  const v = (k: string) => (body[k] ?? '').trim()
  const code = v('service_code')
  if (!code) return open311Error(400, 'service_code is required')
  const { paths } = listServices(db)
  if (!paths.has(code)) return open311Error(404, `service_code ${code.slice(0, 60)} not found`)
  const description = v('description')
  if (!description) return open311Error(400, 'description is required')
  if ([...description].length > LIMITS.body) return open311Error(400, `description is longer than ${LIMITS.body} characters`)
  for (const k of ['description', 'address_string', 'first_name', 'last_name', 'phone'])
    if (CONTROL.test(v(k))) return open311Error(400, `${k} contains control characters`)

  const latS = v('lat')
  const lngS = v('long')
  let lat: number | null = null
  let lng: number | null = null
  if (latS || lngS) {
    lat = Number(latS)
    lng = Number(lngS)
    if (!latS || !lngS || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
      return open311Error(400, 'lat and long must both be valid coordinates')
  }
  const address = v('address_string')
  if ([...address].length > LIMITS.place) return open311Error(400, `address_string is longer than ${LIMITS.place} characters`)
  if (lat == null && !address && !v('address_id')) return open311Error(400, 'A location is required: lat & long, address_string or address_id')
  const phone = v('phone')
  if (phone && !/^\+?[0-9][0-9\-() ]{4,38}$/.test(phone)) return open311Error(400, 'phone is not a valid phone number')
  const mediaUrl = v('media_url')
  if (mediaUrl && (!/^https?:\/\/[^\s]+$/i.test(mediaUrl) || mediaUrl.length > 2000)) return open311Error(400, 'media_url must be an http(s) URL')
  const first = v('first_name').slice(0, 50)
  const last = v('last_name').slice(0, 50)
  const cjk = /[\u4e00-\u9fff]/.test(first + last)
  const name = (cjk ? `${last}${first}` : `${first} ${last}`).trim() || null
  const email = v('email').slice(0, 200)
  const account = v('account_id').slice(0, 100)
  const device = v('device_id').slice(0, 100)
  const subject = [...(description.split(/[\n。！？!?]/)[0] || description)].slice(0, 40).join('')

  const actor = { kind: 'token', id: client.tokenId } as const
  const { complaint, duplicate } = createComplaint(
    db,
    {
      channel: 'open311',
      placeText: address || null,
      lat,
      lng,
      subject,
      body: description,
      serviceCode: code,
      complainantName: name,
      complainantPhone: phone || null,
      complainantKey: account ? `open311:${account}` : email ? `email:${email}` : device ? `device:${device}` : null,
    },
    actor,
    { segment: getPipeline(db).segment },
  )
  if (!duplicate) {
    if (mediaUrl)
      db.transaction(tx =>
        addComplaintAttachments(
          tx,
          [{ complaintId: complaint.id, storagePath: mediaUrl, mimeType: MEDIA_URL_TYPE, sizeBytes: 0, originalName: 'media_url' }],
          actor,
        ),
      )
    notifyCreated(context, db, complaint)
  }
  return open311Json([
    {
      service_request_id: complaint.trackingCode,
      service_notice: `已受理，凭 ${complaint.trackingCode} 可在 /track/${complaint.trackingCode} 查询进度 / Received; track it at /track/${complaint.trackingCode}`,
      account_id: null,
    },
  ])
}
