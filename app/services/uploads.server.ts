import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { UploadHandler } from '@remix-run/node'
import { getEnv } from '#app/utils/env.server'

/** Every photo, on a complaint or a work order: at most this large. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024
/** Photos a resident or worker may attach to one complaint. */
export const MAX_COMPLAINT_PHOTOS = 5
/** Photos a department may attach to one work-order update (before and after shots). */
export const MAX_ORDER_PHOTOS = 6
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp'

/**
 * The image type from the file's first bytes (never from its name or the
 * browser's claim): JPEG FF D8 FF, PNG 89 50 4E 47 0D 0A 1A 0A, WebP RIFF….WEBP.
 */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  const b = bytes
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'image/png'
  const ascii = (from: number, to: number) => String.fromCharCode(...b.slice(from, to))
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  return null
}

/** The file extension photos of each type are stored under. */
export const IMAGE_EXT: Record<ImageType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }

export type PhotoCheck = { ok: true; bytes: Uint8Array; mimeType: ImageType; name: string } | { ok: false; reason: 'type' | 'size' }

export async function checkPhoto(file: File): Promise<PhotoCheck> {
  if (file.size > MAX_PHOTO_BYTES) return { ok: false, reason: 'size' }
  const bytes = new Uint8Array(await file.arrayBuffer())
  const mimeType = sniffImage(bytes)
  if (!mimeType) return { ok: false, reason: 'type' }
  return { ok: true, bytes, mimeType, name: file.name.slice(0, 200) || `photo.${IMAGE_EXT[mimeType]}` }
}

/** Store under DATA_DIR/uploads/work-orders/<order>/ with a random name; returns the relative path. */
export async function storeWorkOrderPhoto(workOrderId: number, photo: { bytes: Uint8Array; mimeType: ImageType }) {
  const rel = path.join('uploads', 'work-orders', String(workOrderId), `${crypto.randomBytes(12).toString('hex')}.${IMAGE_EXT[photo.mimeType]}`)
  const abs = path.join(getEnv().DATA_DIR, rel)
  await fs.mkdir(path.dirname(abs), { recursive: true })
  await fs.writeFile(abs, photo.bytes)
  return rel
}

export function resolveUpload(rel: string) {
  const root = path.resolve(getEnv().DATA_DIR)
  const abs = path.resolve(root, rel)
  if (!abs.startsWith(root + path.sep)) throw new Error('upload path escapes DATA_DIR')
  return abs
}

/**
 * An upload handler that refuses (413) a form with more than `maxParts` parts:
 * per-part size limits alone still let thousands of small parts through.
 */
export function limitFormParts(handler: UploadHandler, maxParts: number): UploadHandler {
  let parts = 0
  return part => {
    if (++parts > maxParts) throw new Response('Too many form parts', { status: 413 })
    return handler(part)
  }
}
