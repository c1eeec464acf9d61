// Open311 GeoReport v2: services from the taxonomy, request mapping, errors.
// Public responses carry no personal data: complainant fields are never
// selected, and numbers typed into the text are redacted.
import { chinaIsoString } from '#app/utils/dates'
import type { Db } from '#db/client'
import { complainantNamesOf, lastStatusTimes, mediaUrls, OPEN_STATUSES, redactPublicText, type PublicComplaint } from '#db/queries/intake'
import { getUnit } from '#db/queries/units'
import type { TaxonomyNode } from '#nlp/taxonomy'
import { getPipeline } from './nlp.server'

export type Open311Service = {
  service_code: string
  service_name: string
  description: string
  metadata: false
  type: 'realtime'
  keywords: string
  group: string
}

/** First- and second-level taxonomy categories as Open311 services (code = node id). */
let cache: { version: number; db: Db; value: { services: Open311Service[]; paths: Map<string, string[]> } } | undefined

export function listServices(db: Db): { services: Open311Service[]; paths: Map<string, string[]> } {
  // The pipeline is cached per taxonomy version; so is this list.
  const pipeline = getPipeline(db)
  if (cache && cache.db === db && cache.version === pipeline.version) return cache.value
  const current = { taxonomy: pipeline.taxonomy }
  const services: Open311Service[] = []
  const paths = new Map<string, string[]>()
  const keywords = (n: TaxonomyNode) =>
    n.keywords
      .slice(0, 12)
      .map(k => k.term)
      .join(',')
  for (const top of current?.taxonomy.categories ?? []) {
    paths.set(top.id, [top.nameZh])
    services.push({
      service_code: top.id,
      service_name: top.nameZh,
      description: `${top.nameZh} / ${top.nameEn}`,
      metadata: false,
      type: 'realtime',
      keywords: keywords(top),
      group: top.nameZh,
    })
    for (const child of top.children) {
      paths.set(child.id, [top.nameZh, child.nameZh])
      services.push({
        service_code: child.id,
        service_name: child.nameZh,
        description: `${child.nameZh} / ${child.nameEn}`,
        metadata: false,
        type: 'realtime',
        keywords: keywords(child),
        group: top.nameZh,
      })
    }
  }
  cache = { version: pipeline.version, db, value: { services, paths } }
  return cache.value
}

/** Open311 error body: `[{"code":400,"description":"…"}]` with the same HTTP status. */
export function open311Error(status: number, description: string) {
  return new Response(JSON.stringify([{ code: status, description }]), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Access-Control-Allow-Origin': '*' },
  })
}

export function open311Json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' },
  })
}

/** Longest public description: a summary of the report, not the whole letter. */
export const PUBLIC_SUMMARY_CHARS = 280

/** The report's text as published: personal data scrubbed, cut to a summary. */
export function publicSummary(text: string, complainantName: string | null | undefined) {
  const chars = [...redactPublicText(text, [complainantName])]
  return chars.length > PUBLIC_SUMMARY_CHARS ? `${chars.slice(0, PUBLIC_SUMMARY_CHARS).join('')}…` : chars.join('')
}

/** A complaint as an Open311 service request (public fields only). */
export function toOpen311Requests(db: Db, rows: PublicComplaint[]) {
  const { paths } = listServices(db)
  const byPath = new Map([...paths].map(([code, p]) => [p.join('/'), code]))
  const ids = rows.map(r => r.id)
  const updated = lastStatusTimes(db, ids)
  const media = mediaUrls(db, ids)
  const names = complainantNamesOf(db, ids)
  return rows.map(r => {
    const path = r.categoryPath ?? []
    const code = r.serviceCode ?? byPath.get(path.slice(0, 2).join('/')) ?? byPath.get(path.slice(0, 1).join('/')) ?? null
    const serviceName = code ? (paths.get(code)?.at(-1) ?? null) : (path.at(-1) ?? null)
    const unit = r.unitId ? getUnit(db, r.unitId) : undefined
    const open = (OPEN_STATUSES as string[]).includes(r.status)
    return {
      service_request_id: r.trackingCode,
      status: open ? 'open' : 'closed',
      status_notes: r.status,
      service_name: serviceName,
      service_code: code,
      description: publicSummary(`${r.subject}\n${r.body}`, names.get(r.id)),
      agency_responsible: unit?.nameZh ?? null,
      service_notice: null,
      requested_datetime: chinaIsoString(r.receivedAt),
      updated_datetime: chinaIsoString(updated.get(r.id) ?? r.receivedAt),
      expected_datetime: null,
      address: r.placeText ? redactPublicText(r.placeText, [names.get(r.id)]) : null,
      address_id: null,
      zipcode: null,
      lat: r.lat,
      long: r.lng,
      media_url: media.get(r.id) ?? null,
    }
  })
}
