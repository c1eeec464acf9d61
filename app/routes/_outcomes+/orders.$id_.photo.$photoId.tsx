import fs from 'node:fs/promises'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { orderRolesOf } from '#app/services/outcomes.server'
import { resolveUpload } from '#app/services/uploads.server'
import { requireRole } from '#app/utils/auth.server'
import { getDb, getWorkOrder, getWorkOrderPhoto } from '#app/utils/db.server'
import { WORK_ORDER_ROLES } from '#app/utils/permissions'

/** A photo of a work-order update, for the people who may open the order. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireRole(request, WORK_ORDER_ROLES)
  const db = getDb()
  const photo = getWorkOrderPhoto(db, Number(params.photoId))
  if (!photo || photo.workOrderId !== Number(params.id)) throw new Response('Not found', { status: 404 })
  const view = getWorkOrder(db, photo.workOrderId)!
  if (!orderRolesOf(db, user, { departmentId: view.order.departmentId, topicUnitId: view.topicUnitId }).length) throw new Response('Forbidden', { status: 403 })
  const body = await fs.readFile(resolveUpload(photo.storagePath)).catch(() => null)
  if (!body) throw new Response('Not found', { status: 404 })
  return new Response(body, { headers: { 'content-type': photo.mimeType, 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff' } })
}
