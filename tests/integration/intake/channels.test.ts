import fs from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { translate } from '#app/i18n/index'
import * as attachment from '#app/routes/_intake+/attachments.$id'
import * as detail from '#app/routes/_intake+/complaints.$id'
import * as newRoute from '#app/routes/_intake+/complaints.new'
import * as entry from '#app/routes/_intake+/entry'
import * as exportCsv from '#app/routes/_intake+/inbox.export[.]csv'
import * as track from '#app/routes/_public+/track'
import * as trackCode from '#app/routes/_public+/track.$code'
import * as suggest from '#app/routes/_resources+/resources.complaint-suggest'
import { processQueue } from '#app/services/nlp.server'
import type { Db } from '#db/client'
import { COMPLAINT_MIN_LENGTH } from '#db/enums'
import { SYSTEM } from '#db/queries/audit'
import { LIMITS, createComplaint, getComplaintByTrackingCode } from '#db/queries/complaints'
import { getUnitByCode } from '#db/queries/units'
import { attachments, complaints, nlpQueue } from '#db/schema/index'
import { CSRF, callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { PNG_1PX, tmpDir } from '#tests/fixtures/intake/files'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  process.env.DATA_DIR = tmpDir('teahouse-data-')
})

const czqId = () => getUnitByCode(db, 'gs-czq')!.id
const hmId = () => getUnitByCode(db, 'gs-hm')!.id
const json = async (res: Response) => res.json() as Promise<any>

function multipart(url: string, fields: Record<string, string>, files: { name: string; data: Buffer; type: string }[] = [], cookie = `th_csrf=${CSRF}`) {
  const fd = new FormData()
  fd.set('csrf', CSRF)
  for (const [k, v] of Object.entries(fields)) fd.set(k, v)
  for (const f of files) fd.append('photos', new Blob([new Uint8Array(f.data)], { type: f.type }), f.name)
  return new Request(`http://localhost${url}`, { method: 'POST', body: fd, headers: { cookie } })
}

const RESIDENT_FORM = {
  intent: 'submit',
  community: '',
  placeText: '小河小学路口',
  subject: '小河小学路口早高峰拥堵',
  body: '长征桥社区小河小学路口每天早上接送车辆拥堵，<script>alert(1)</script>希望增加疏导。',
  complainantName: '王阿姨',
  complainantPhone: '13812345678',
  complainantAddress: '长征桥小区3幢',
  lat: '',
  lng: '',
}

describe('resident form (web channel)', () => {
  it('accepts an anonymous complaint, resolves the community and redirects to its tracking page', async () => {
    const res = await callRoute(newRoute.action, multipart('/complaints/new', RESIDENT_FORM, [{ name: 'a.png', data: PNG_1PX, type: 'image/png' }]))
    expect(res.status).toBe(302)
    const code = res.headers.get('location')!.match(/\/track\/(TH-[A-Z0-9-]+)\?new=1/)![1]!
    const c = getComplaintByTrackingCode(db, code)!
    expect(c).toMatchObject({ channel: 'web', communityId: czqId(), complainantUserId: null, body: RESIDENT_FORM.body })
    expect(db.select().from(nlpQueue).where(eq(nlpQueue.complaintId, c.id)).get()).toBeTruthy()
    const files = db.select().from(attachments).where(eq(attachments.complaintId, c.id)).all()
    expect(files).toHaveLength(1)
    expect(fs.existsSync(path.join(process.env.DATA_DIR!, files[0]!.storagePath))).toBe(true)

    // The public tracking page shows no personal data.
    const page = await callRoute(trackCode.loader, makeRequest(`/track/${code}`), { code })
    const body = JSON.stringify(await json(page))
    expect(body).not.toContain('王阿姨')
    expect(body).not.toContain('13812345678')
    expect(body).not.toContain('长征桥小区3幢')
    expect(body).toContain('小河小学路口早高峰拥堵')
  })

  it('links a logged-in resident as the complainant', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const res = await callRoute(newRoute.action, multipart('/complaints/new', RESIDENT_FORM, [], resident.cookie))
    const code = res.headers.get('location')!.split('/track/')[1]!.split('?')[0]!
    expect(getComplaintByTrackingCode(db, code)!.complainantUserId).toBe(resident.id)
  })

  it('answers bad input with the typed values and the field errors as message keys', async () => {
    const res = await callRoute(
      newRoute.action,
      multipart(
        '/complaints/new',
        { ...RESIDENT_FORM, subject: '', complainantPhone: 'call me' },
        [
          { name: 'virus.png', data: Buffer.from('MZ not a png'), type: 'image/png' },
          { name: 'big.jpg', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5 * 1024 * 1024)]), type: 'image/jpeg' },
        ],
        `th_csrf=${CSRF}; th_prefs=en.0.0`,
      ),
    )
    expect(res.status).toBe(400)
    const data = await json(res)
    expect(data.kind).toBe('invalid')
    expect(data.result.initialValue.body).toBe(RESIDENT_FORM.body)
    expect(data.result.error.subject).toEqual(['intake.error.required'])
    expect(data.result.error.complainantPhone).toEqual(['intake.error.phone'])
    expect(data.problems.map((p: { key: string }) => p.key)).toEqual(['intake.error.photoType', 'intake.error.photoSize'])
    expect(data.photosDropped).toBe(true)
    expect(db.select().from(complaints).all()).toHaveLength(0)
  })

  it.each(['1380013800', '138001380001', '23812345678', '12345'])('refuses the mistyped phone number %s and gives everything typed back', async phone => {
    const res = await callRoute(newRoute.action, multipart('/complaints/new', { ...RESIDENT_FORM, complainantPhone: phone }))
    expect(res.status).toBe(400)
    const { result } = await json(res)
    expect(result.error).toEqual({ complainantPhone: ['intake.error.phone'] })
    expect(result.initialValue).toMatchObject({ complainantPhone: phone, body: RESIDENT_FORM.body, subject: RESIDENT_FORM.subject })
    expect(translate('zh', 'intake.error.phone')).toContain('11')
    expect(db.select().from(complaints).all()).toHaveLength(0)
  })

  it.each(['13812345678', '138 1234 5678', '+86 138-1234-5678', '0571-88001234', '(0571)88001234', '0571-88001234-123', '88001234', '+1 415 555 0100'])(
    'accepts the phone number %s',
    async phone => {
      const res = await callRoute(newRoute.action, multipart('/complaints/new', { ...RESIDENT_FORM, complainantPhone: phone }))
      expect(res.status).toBe(302)
    },
  )

  it('names the limit a too short or too long text breaks, in both languages', async () => {
    const res = await callRoute(
      newRoute.action,
      multipart('/complaints/new', { ...RESIDENT_FORM, subject: '堵', complainantName: '名'.repeat(LIMITS.name + 1) }),
    )
    expect(res.status).toBe(400)
    const { result } = await json(res)
    expect(result.error).toEqual({ subject: ['intake.error.tooShort.subject'], complainantName: ['intake.error.tooLong.name'] })
    expect(translate('zh', result.error.subject[0])).toContain(String(COMPLAINT_MIN_LENGTH.subject))
    expect(translate('en', result.error.complainantName[0])).toContain(String(LIMITS.name))
    expect(result.initialValue.complainantName).toBe('名'.repeat(LIMITS.name + 1))
    expect(db.select().from(complaints).all()).toHaveLength(0)
  })

  it('lets a resident support a similar complaint instead of filing a duplicate', async () => {
    const first = await callRoute(newRoute.action, multipart('/complaints/new', RESIDENT_FORM))
    const code = first.headers.get('location')!.split('/track/')[1]!.split('?')[0]!
    // While typing: the similar open complaint in the community is offered.
    const s = await json(
      await callRoute(
        suggest.loader,
        makeRequest(
          `/resources/complaint-suggest?subject=${encodeURIComponent('小河小学门口拥堵')}&body=${encodeURIComponent('早上接送车辆太多')}&community=${czqId()}`,
        ),
      ),
    )
    expect(s.category).toBeTruthy()
    expect(s.similar.map((x: { trackingCode: string }) => x.trackingCode)).toContain(code)
    // Other communities do not see it.
    const other = await json(
      await callRoute(suggest.loader, makeRequest(`/resources/complaint-suggest?subject=${encodeURIComponent('小河小学门口拥堵')}&community=${hmId()}`)),
    )
    expect(other.similar).toEqual([])
    // In English the category is named in English.
    const english = await json(
      await callRoute(
        suggest.loader,
        makeRequest(`/resources/complaint-suggest?subject=${encodeURIComponent('小河小学门口拥堵')}&community=${czqId()}`, { cookie: 'th_prefs=en.0.0' }),
      ),
    )
    expect(english.category).toMatch(/^[A-Za-z]/)
    expect(english.category).not.toMatch(/\p{Script=Han}/u)
    // The no-JS path: "check" returns the same suggestions with the typed values.
    const check = await json(await callRoute(newRoute.action, multipart('/complaints/new', { ...RESIDENT_FORM, intent: 'check', community: String(czqId()) })))
    expect(check.kind).toBe('check')
    expect(check.suggestion.similar[0].trackingCode).toBe(code)
    // Me too, twice from the same resident, counts once.
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const support = () => callRoute(newRoute.action, multipart('/complaints/new', { intent: 'support', trackingCode: code }, [], resident.cookie))
    const suggestFor = async (cookie?: string) =>
      (await json(
        await callRoute(
          suggest.loader,
          makeRequest(
            `/resources/complaint-suggest?subject=${encodeURIComponent('小河小学门口拥堵')}&body=${encodeURIComponent('早上接送车辆太多')}&community=${czqId()}`,
            { cookie },
          ),
        ),
      )) as { similar: { trackingCode: string; supported: boolean }[] }
    expect((await suggestFor(resident.cookie)).similar.find(x => x.trackingCode === code)!.supported).toBe(false)
    expect((await json(await support())).count).toBe(1)
    expect((await json(await support())).count).toBe(1)
    // Afterwards the list says so for her, and only for her.
    expect((await suggestFor(resident.cookie)).similar.find(x => x.trackingCode === code)!.supported).toBe(true)
    expect((await suggestFor()).similar.find(x => x.trackingCode === code)!.supported).toBe(false)
    // Submitting the very same text again is recognised, not stored twice.
    const again = await callRoute(newRoute.action, multipart('/complaints/new', RESIDENT_FORM))
    expect(again.headers.get('location')).toContain('dup=1')
    expect(db.select().from(complaints).all()).toHaveLength(1)
  })

  it('offers near-identical reports as one row that supports the oldest of them', async () => {
    const file = async (fields: Record<string, string>) => {
      const res = await callRoute(
        newRoute.action,
        multipart('/complaints/new', { ...RESIDENT_FORM, complainantPhone: '', community: String(czqId()), ...fields }),
      )
      return res.headers.get('location')!.split('/track/')[1]!.split('?')[0]!
    }
    const oldest = await file({ subject: '小河小学路口早高峰拥堵', body: '每天早上接送车辆很多，过马路危险。' })
    db.update(complaints)
      .set({ receivedAt: new Date(Date.now() - 3 * 24 * 3600 * 1000) })
      .where(eq(complaints.trackingCode, oldest))
      .run()
    // Spacing, punctuation and full-width letters do not make a report different.
    await file({ subject: '小河小学路口 早高峰拥堵！', body: '早上七点半车堵成一团，孩子过马路很危险。' })
    await file({ subject: '小河小学路口早高峰拥堵', placeText: ' 小河小学路口。', body: '接送时间段车辆堵塞，希望有人疏导。' })
    const elsewhere = await file({ subject: '小河小学路口早高峰拥堵', placeText: '长征桥公园东门', body: '公园东门早上也堵，接送车辆乱停。' })
    const s = await json(
      await callRoute(
        suggest.loader,
        makeRequest(
          `/resources/complaint-suggest?subject=${encodeURIComponent('小河小学路口早高峰拥堵')}&placeText=${encodeURIComponent('小河小学路口')}&community=${czqId()}`,
        ),
      ),
    )
    const atSchool = s.similar.filter((x: { placeText: string | null }) => x.placeText?.includes('小河小学'))
    expect(atSchool).toHaveLength(1)
    expect(atSchool[0].trackingCode).toBe(oldest)
    expect(atSchool[0].sameCount).toBe(3)
    // The same subject at another place is another issue.
    expect(s.similar.find((x: { trackingCode: string }) => x.trackingCode === elsewhere)?.sameCount).toBe(1)
    expect(s.similar).toHaveLength(2)
    // The no-JS "check" groups the same way.
    const check = await json(await callRoute(newRoute.action, multipart('/complaints/new', { ...RESIDENT_FORM, intent: 'check', community: String(czqId()) })))
    expect(check.suggestion.similar.map((x: { trackingCode: string; sameCount: number }) => [x.trackingCode, x.sameCount])).toContainEqual([oldest, 3])
  })

  it.each(['th-abcde-fghjk', ' TH ABCDE FGHJK ', 'ＴＨ－ＡＢＣＤＥ－ＦＧＨＪＫ', 'TH–ABCDE–FGHJK', 'abcdefghjk', 'ABCDE-FGHJK', 'TH-ABCDE-FGHJK'])(
    'finds the code typed as %j',
    async typed => {
      const res = await callRoute(track.loader, makeRequest(`/track?code=${encodeURIComponent(typed)}`))
      expect(res.status).toBe(302)
      expect(res.headers.get('location')).toBe('/track/TH-ABCDE-FGHJK')
    },
  )

  it('reads a zero as the letter O, which codes use instead, and refuses what cannot be a code', async () => {
    expect((await callRoute(track.loader, makeRequest('/track?code=TH-ABC0E-FGHJK'))).headers.get('location')).toBe(
      '/track/TH-ABCOE-FGHJK?typed=TH-ABC0E-FGHJK',
    )
    for (const typed of ['TH-ABCDE-FGHJ', 'TH-ABCDE-FGHJKL', 'TH-ABCDE-FGHJ1', '小河小学']) {
      expect((await callRoute(track.loader, makeRequest(`/track?code=${encodeURIComponent(typed)}`))).status).toBe(400)
    }
  })

  it('says which code it looked for when a zero was read as O and nothing was found, naming what was typed', async () => {
    const res = await callRoute(trackCode.loader, makeRequest('/track/TH-XXXXX-OOOOO?typed=TH-XXXXX-00000'), { code: 'TH-XXXXX-OOOOO' })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ found: false, code: 'TH-XXXXX-OOOOO', typed: 'TH-XXXXX-00000' })
    // Found, the page drops what was typed from its address.
    const existingCode = 'TH-OOABC-DEFGH'
    const { complaint } = createComplaint(db, { channel: 'web', communityId: czqId(), subject: '路灯不亮', body: '长征桥小区路灯不亮一周了。' }, SYSTEM)
    db.update(complaints).set({ trackingCode: existingCode }).where(eq(complaints.id, complaint.id)).run()
    const code = (await callRoute(track.loader, makeRequest(`/track?code=${encodeURIComponent(existingCode.replace(/O/g, '0'))}`))).headers.get('location')!
    const found = await callRoute(trackCode.loader, makeRequest(code), { code: code.split('/track/')[1]!.split('?')[0]! })
    expect(found.status).toBe(302)
    expect(found.headers.get('location')).toBe(`/track/${existingCode}`)
  })

  it('sends a code typed into the address in its own way to the report’s one address', async () => {
    const res = await callRoute(trackCode.loader, makeRequest('/track/th-abcde-fghjk?new=1'), { code: 'th-abcde-fghjk' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/track/TH-ABCDE-FGHJK?new=1')
  })

  it('sends tracking searches to the code page and explains malformed codes', async () => {
    const ok = await callRoute(track.loader, makeRequest('/track?code=th-abcde-fghjk'))
    expect(ok.status).toBe(302)
    expect(ok.headers.get('location')).toBe('/track/TH-ABCDE-FGHJK')
    expect((await callRoute(track.loader, makeRequest('/track?code=<script>'))).status).toBe(400)
    expect((await callRoute(trackCode.loader, makeRequest('/track/TH-ZZZZZ-ZZZZZ'), { code: 'TH-ZZZZZ-ZZZZZ' })).status).toBe(404)
  })
})

describe('staff entry (hotline, mailbox, petition, grid, online)', () => {
  it.each(['hotline', 'mailbox', 'petition', 'grid', 'online'])('enters a %s complaint on a resident’s behalf', async channel => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const fields = { ...RESIDENT_FORM, channel, externalId: `${channel}-001`, receivedAt: '2024-03-05T07:45', community: String(czqId()) }
    const res = await callRoute(entry.action, multipart('/entry', fields, [], worker.cookie))
    expect(res.status).toBe(200)
    const data = await json(res)
    expect(data).toMatchObject({ kind: 'created', duplicate: false })
    const c = getComplaintByTrackingCode(db, data.trackingCode)!
    expect(c).toMatchObject({ channel, externalId: `${channel}-001`, enteredByUserId: worker.id, communityId: czqId() })
    expect(c.receivedAt.toISOString()).toBe('2024-03-04T23:45:00.000Z')
    // The same ticket entered twice is one complaint.
    const again = await json(await callRoute(entry.action, multipart('/entry', fields, [], worker.cookie)))
    expect(again).toMatchObject({ duplicate: true, id: c.id })
  })

  it('refuses a community outside the worker’s scope and absurd times', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await callRoute(
      entry.action,
      multipart(
        '/entry',
        { ...RESIDENT_FORM, channel: 'hotline', externalId: '', receivedAt: '1900-01-01T00:00', community: String(hmId()) },
        [],
        worker.cookie,
      ),
    )
    expect(res.status).toBe(400)
    const data = await json(res)
    expect(data.result.error).toEqual({ community: ['intake.error.community'], receivedAt: ['intake.error.time'] })
    expect(data.result.initialValue.subject).toBe(RESIDENT_FORM.subject)
  })
})

describe('complainant data per role', () => {
  async function setup() {
    const { complaint } = createComplaint(
      db,
      {
        channel: 'hotline',
        communityId: czqId(),
        subject: '电梯故障',
        body: '5幢电梯坏了',
        complainantName: '张三丰',
        complainantPhone: '13812345678',
        complainantAddress: '长征桥小区5幢2单元301',
      },
      SYSTEM,
    )
    return complaint
  }

  it('shows full details to workers in scope and refuses everyone else, other staff included', async () => {
    const c = await setup()
    const view = async (role: Parameters<typeof createLoggedInUser>[1], unit: string | null) => {
      const u = await createLoggedInUser(db, role, unit)
      return callRoute(detail.loader, makeRequest(`/complaints/${c.id}`, { cookie: u.cookie }), { id: String(c.id) })
    }
    for (const [role, unit] of [
      ['community_worker', 'gs-czq'],
      ['street_staff', 'gs-xh'],
      ['admin', null],
    ] as const) {
      const data = await json(await view(role, unit))
      expect(data.complaint).toMatchObject({ complainantName: '张三丰', complainantPhone: '13812345678', piiMasked: false })
    }
    for (const [role, unit] of [
      ['department_staff', 'dept-traffic'],
      ['facilitator', 'gs-xh'],
      ['supervisor', 'gs-xh'],
    ] as const) {
      expect((await view(role, unit)).status).toBe(403)
    }
    expect((await view('community_worker', 'gs-hm')).status).toBe(403)
    expect((await view('resident', 'gs-czq')).status).toBe(403)
    const anon = await callRoute(detail.loader, makeRequest(`/complaints/${c.id}`), { id: String(c.id) })
    expect(anon.status).toBe(302)
  })

  it('exports the inbox as CSV with the same filters and masking, neutralising formulas', async () => {
    await setup()
    createComplaint(db, { channel: 'web', communityId: hmId(), subject: '=HYPERLINK("x")', body: '和睦社区的事', complainantPhone: '13900002222' }, SYSTEM)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const bytes = Buffer.from(await (await callRoute(exportCsv.loader, makeRequest('/inbox/export.csv', { cookie: worker.cookie }))).arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // BOM, so Excel reads UTF-8
    const csv = bytes.toString('utf8')
    expect(csv).toContain('13812345678')
    expect(csv).not.toContain('13900002222') // outside the worker's community
    const street = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    const all = await (await callRoute(exportCsv.loader, makeRequest('/inbox/export.csv?channel=web', { cookie: street.cookie }))).text()
    expect(all).toContain(`'=HYPERLINK(""x"")`)
    expect(all).not.toContain('电梯故障')
    const dept = await createLoggedInUser(db, 'department_staff', 'dept-traffic')
    expect((await callRoute(exportCsv.loader, makeRequest('/inbox/export.csv', { cookie: dept.cookie }))).status).toBe(403)
  })

  it('serves photos only to staff who may open the complaint', async () => {
    const res = await callRoute(newRoute.action, multipart('/complaints/new', RESIDENT_FORM, [{ name: 'p.png', data: PNG_1PX, type: 'image/png' }]))
    const code = res.headers.get('location')!.split('/track/')[1]!.split('?')[0]!
    const c = getComplaintByTrackingCode(db, code)!
    const file = db.select().from(attachments).where(eq(attachments.complaintId, c.id)).get()!
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const ok = await callRoute(attachment.loader, makeRequest(`/attachments/${file.id}`, { cookie: worker.cookie }), { id: String(file.id) })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(PNG_1PX)
    const other = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    expect((await callRoute(attachment.loader, makeRequest(`/attachments/${file.id}`, { cookie: other.cookie }), { id: String(file.id) })).status).toBe(403)
    expect((await callRoute(attachment.loader, makeRequest(`/attachments/${file.id}`), { id: String(file.id) })).status).toBe(302)
  })

  it('marks a duplicate with an audit trail and refuses chains', async () => {
    const a = await setup()
    const b = createComplaint(
      db,
      { channel: 'web', communityId: czqId(), subject: '电梯又坏', body: '5幢电梯', complainantPhone: '13900003333' },
      SYSTEM,
    ).complaint
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const post = (id: number, form: Record<string, string>) =>
      callRoute(detail.action, makeRequest(`/complaints/${id}`, { cookie: worker.cookie, form }), { id: String(id) })
    expect((await post(b.id, { intent: 'duplicate', target: a.trackingCode })).status).toBe(200)
    expect(db.select().from(complaints).where(eq(complaints.id, b.id)).get()!.duplicateOfId).toBe(a.id)
    expect((await post(a.id, { intent: 'duplicate', target: b.trackingCode })).status).toBe(400)
    expect((await post(b.id, { intent: 'status', status: 'closed' })).status).toBe(200)
    const dept = await createLoggedInUser(db, 'department_staff', 'dept-traffic')
    const denied = await callRoute(detail.action, makeRequest(`/complaints/${a.id}`, { cookie: dept.cookie, form: { intent: 'status', status: 'closed' } }), {
      id: String(a.id),
    })
    expect(denied.status).toBe(403)
  })
})

describe('classification hand-off', () => {
  it('processes every complaint left in the queue by a crash, none skipped', () => {
    const ids = Array.from(
      { length: 40 },
      (_, i) =>
        createComplaint(db, { channel: 'grid', communityId: czqId(), subject: `垃圾桶满溢${i}`, body: `长征桥小区${i}幢垃圾清运不及时，气味很大。` }, SYSTEM)
          .complaint.id,
    )
    // A first run handled some, then the process "crashed": the rest are still queued.
    processQueue(db, { limit: 15 })
    expect(db.select().from(nlpQueue).all()).toHaveLength(25)
    // After the restart, the next run picks up all of them.
    const done = processQueue(db)
    expect(done.sort((a, b) => a - b)).toEqual(ids.slice(15))
    expect(db.select().from(nlpQueue).all()).toHaveLength(0)
    const rows = db.select({ status: complaints.status, cat: complaints.categoryPath }).from(complaints).all()
    expect(rows.every(r => r.status === 'classified' && r.cat && r.cat.length > 0)).toBe(true)
  })
})
