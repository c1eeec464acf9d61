import fs from 'node:fs'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { attachmentFile, complaintAccess } from '#app/services/intake.server'
import { forbidden, requireUser } from '#app/utils/auth.server'
import { getAttachment, getComplaint, getDb, MEDIA_URL_TYPE } from '#app/utils/db.server'

/** A stored photo, for staff who may open its complaint; never public, never cached by proxies. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const db = getDb()
  const a = getAttachment(db, Number(params.id))
  if (!a || a.complaintId == null || a.mimeType === MEDIA_URL_TYPE) throw new Response('Not found', { status: 404 })
  const c = getComplaint(db, a.complaintId)
  if (!c || !complaintAccess(user, c)) throw forbidden()
  const file = attachmentFile(a.storagePath)
  if (!file || !fs.existsSync(file)) throw new Response('Not found', { status: 404 })
  return new Response(fs.readFileSync(file), {
    headers: {
      'Content-Type': a.mimeType,
      'Content-Length': String(a.sizeBytes),
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(a.originalName)}`,
    },
  })
}
