import fs from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import * as newComplaint from '#app/routes/_intake+/complaints.new'
import * as importRoute from '#app/routes/_intake+/import'
import * as poolImport from '#app/routes/_panels+/pool.import'
import { FORM_MAX_PARTS } from '#app/services/intake.server'
import { getEnv } from '#app/utils/env.server'
import type { Db } from '#db/client'
import { complaints } from '#db/schema/index'
import { CSRF, callRoute, createLoggedInUser, createTestDb, seedTestUnits } from '#tests/db-utils'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

const uploadsDir = () => path.join(getEnv().DATA_DIR, 'uploads')
const storedUploads = () => (fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()).filter(f => /^u\d+-/.test(f) && !f.includes('.rejects.')) : [])

const CSV = '\uFEFF标题,内容,社区\n小河路口拥堵,早高峰车辆排队很长 电话13812345678 王某,gs-czq\n'

function importRequest(cookie: string, opts: { csrf?: string; files?: number } = {}) {
  const fd = new FormData()
  fd.set('csrf', opts.csrf ?? CSRF)
  fd.set('channel', 'hotline')
  for (let i = 0; i < (opts.files ?? 1); i++) fd.append('file', new Blob([CSV], { type: 'text/csv' }), `letters-${i}.csv`)
  return new Request('http://localhost/import', { method: 'POST', body: fd, headers: { cookie } })
}

describe('bulk import upload', () => {
  it('leaves nothing on disk when the CSRF check fails', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const before = storedUploads()
    const res = await callRoute(importRoute.action, importRequest(worker.cookie, { csrf: 'f'.repeat(32) }))
    expect(res.status).toBe(403)
    expect(storedUploads()).toEqual(before)
    expect(db.select().from(complaints).all()).toHaveLength(0)
  })

  it('stores one file per upload and leaves nothing behind, however many file parts are sent', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const before = storedUploads()
    const res = await callRoute(importRoute.action, importRequest(worker.cookie, { files: 5 }))
    expect(res.status).toBe(200)
    expect((await res.json()).summary.imported).toBe(1)
    expect(storedUploads()).toEqual(before)
  })
})

describe('complaint form upload', () => {
  it('refuses a form with more parts than the form has fields and photos', async () => {
    const fd = new FormData()
    fd.set('csrf', CSRF)
    for (let i = 0; i <= FORM_MAX_PARTS; i++) fd.append(`f${i}`, 'x')
    const res = await callRoute(
      newComplaint.action,
      new Request('http://localhost/complaints/new', { method: 'POST', body: fd, headers: { cookie: `th_csrf=${CSRF}` } }),
    )
    expect(res.status).toBe(413)
    expect(db.select().from(complaints).all()).toHaveLength(0)
  })
})

describe('pool import upload', () => {
  it('refuses a form made of many small parts', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const fd = new FormData()
    fd.set('csrf', CSRF)
    for (let i = 0; i < 200; i++) fd.append('file', new Blob(['姓名\n张三\n'], { type: 'text/csv' }), `m${i}.csv`)
    const res = await callRoute(
      poolImport.action,
      new Request('http://localhost/pool/import', { method: 'POST', body: fd, headers: { cookie: worker.cookie } }),
    )
    expect(res.status).toBe(413)
  })
})

describe('an import posted without a file upload', () => {
  it('is answered with "choose a file", not a server error, on both import pages', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const plain = (url: string) =>
      new Request(url, {
        method: 'POST',
        body: new URLSearchParams({ csrf: CSRF, channel: 'hotline' }),
        headers: { cookie: worker.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      })
    const complaintsImport = await callRoute(importRoute.action, plain('http://localhost/import'))
    expect(complaintsImport.status).toBe(400)
    expect(await complaintsImport.json()).toMatchObject({ error: 'import.error.noFile' })
    const pool = await callRoute(poolImport.action, plain('http://localhost/pool/import'))
    expect(pool.status).toBe(400)
    expect(await pool.json()).toMatchObject({ fileError: 'pool.import.noFile' })
  })
})
