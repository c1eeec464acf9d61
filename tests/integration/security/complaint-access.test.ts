import fs from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import * as attachment from '#app/routes/_intake+/attachments.$id'
import * as detail from '#app/routes/_intake+/complaints.$id'
import * as topicPage from '#app/routes/_topics+/topics.$id'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { getUnitByCode } from '#db/queries/units'
import { attachments } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits, insertTopic } from '#tests/db-utils'
import { PNG_1PX, tmpDir } from '#tests/fixtures/intake/files'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  process.env.DATA_DIR = tmpDir('teahouse-access-')
})

/** A petition and a hotline call from 长征桥, each with a photo on disk. */
function complaintsWithPhotos() {
  const czq = getUnitByCode(db, 'gs-czq')!.id
  const made = [
    {
      channel: 'petition' as const,
      subject: '反映社区主任问题',
      body: '信访人反映社区主任处事不公，请求上级调查。',
      complainantName: '欧阳明',
      complainantPhone: '13911112222',
      complainantAddress: '长征桥小区7幢',
    },
    {
      channel: 'hotline' as const,
      subject: '5幢电梯故障',
      body: '5幢电梯坏了一周。',
      complainantName: '司马青',
      complainantPhone: '13933334444',
      complainantAddress: '长征桥小区5幢',
    },
  ].map(input => createComplaint(db, { ...input, communityId: czq, placeText: '长征桥小区' }, SYSTEM).complaint)
  fs.mkdirSync(path.join(process.env.DATA_DIR!, 'attachments'), { recursive: true })
  const photos = made.map((c, i) => {
    fs.writeFileSync(path.join(process.env.DATA_DIR!, 'attachments', `p${i}.png`), PNG_1PX)
    return db
      .insert(attachments)
      .values({
        complaintId: c.id,
        storagePath: path.join('attachments', `p${i}.png`),
        mimeType: 'image/png',
        sizeBytes: PNG_1PX.length,
        originalName: `p${i}.png`,
      })
      .returning()
      .get()
  })
  return { made, photos }
}

describe('walking /complaints/<id> and /attachments/<id>', () => {
  it.each([
    ['department_staff', 'dept-traffic'],
    ['facilitator', 'gs-xh'],
    ['supervisor', 'gs-xh'],
    ['community_worker', 'gs-hm'],
    ['resident', 'gs-czq'],
  ] as const)('%s (%s) reads no complaint and no photo, petitions included', async (role, unit) => {
    const { made, photos } = complaintsWithPhotos()
    const user = await createLoggedInUser(db, role, unit)
    for (const c of made) {
      const res = await callRoute(detail.loader, makeRequest(`/complaints/${c.id}`, { cookie: user.cookie }), { id: String(c.id) })
      expect(res.status, `complaint ${c.channel}`).toBe(403)
    }
    for (const p of photos) {
      const res = await callRoute(attachment.loader, makeRequest(`/attachments/${p.id}`, { cookie: user.cookie }), { id: String(p.id) })
      expect(res.status).toBe(403)
    }
  })

  it.each([
    ['community_worker', 'gs-czq'],
    ['street_staff', 'gs-xh'],
    ['admin', null],
  ] as const)('%s (%s) reads both in full, with their photos', async (role, unit) => {
    const { made, photos } = complaintsWithPhotos()
    const user = await createLoggedInUser(db, role, unit)
    for (const c of made) {
      const data = await (await callRoute(detail.loader, makeRequest(`/complaints/${c.id}`, { cookie: user.cookie }), { id: String(c.id) })).json()
      expect(data.complaint).toMatchObject({ body: c.body, complainantName: c.complainantName, complainantPhone: c.complainantPhone, piiMasked: false })
    }
    for (const p of photos)
      expect((await callRoute(attachment.loader, makeRequest(`/attachments/${p.id}`, { cookie: user.cookie }), { id: String(p.id) })).status).toBe(200)
  })
})

describe('a topic holding complaints from another community', () => {
  it('shows the reviewer only the scrubbed public text of those, and petitions from there not at all', async () => {
    const hm = getUnitByCode(db, 'gs-hm')!.id
    const czq = getUnitByCode(db, 'gs-czq')!.id
    const petition = createComplaint(
      db,
      { channel: 'petition', communityId: hm, subject: '举报和睦社区干部', body: '信访人反映和睦社区干部收受好处。', complainantName: '东方白' },
      SYSTEM,
    ).complaint
    const call = createComplaint(
      db,
      {
        channel: 'hotline',
        communityId: hm,
        subject: '路灯不亮',
        body: '我叫上官云，电话13955556666，和睦路路灯不亮。',
        complainantName: '上官云',
        complainantPhone: '13955556666',
      },
      SYSTEM,
    ).complaint
    const own = createComplaint(
      db,
      { channel: 'hotline', communityId: czq, subject: '路灯坏了', body: '长征桥路灯坏了，我是本小区的。', complainantName: '钟离春' },
      SYSTEM,
    ).complaint
    const topic = insertTopic(db, { unitId: czq, status: 'suggested', title: '路灯不亮' }, [petition.id, call.id, own.id])
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const data = await (await callRoute(topicPage.loader, makeRequest(`/topics/${topic.id}`, { cookie: worker.cookie }), { id: String(topic.id) })).json()
    const text = JSON.stringify(data)
    for (const secret of ['举报和睦社区干部', '收受好处', '东方白', '上官云', '13955556666']) expect(text).not.toContain(secret)
    const byId = new Map(data.complaints.map((c: { id: number }) => [c.id, c]))
    expect(byId.has(petition.id)).toBe(false)
    expect(byId.get(call.id)).toMatchObject({ body: '我叫【姓名】，电话【电话】，和睦路路灯不亮。', complainantName: null, canOpen: false })
    expect(byId.get(own.id)).toMatchObject({ complainantName: '钟离春', canOpen: true })
  })
})
