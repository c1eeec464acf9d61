import { beforeEach, describe, expect, it } from 'vitest'
import * as request from '#app/routes/_api+/open311.v2.requests.$id'
import * as requests from '#app/routes/_api+/open311.v2.requests[.]json'
import * as entry from '#app/routes/_intake+/entry'
import * as trackCode from '#app/routes/_public+/track.$code'
import * as suggest from '#app/routes/_resources+/resources.complaint-suggest'
import { getPipeline } from '#app/services/nlp.server'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { getUnitByCode } from '#db/queries/units'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})
const czqId = () => getUnitByCode(db, 'gs-czq')!.id

describe('dedupe by channel and external id', () => {
  it('does not hand another community’s tracking code to a worker who types its ticket number', async () => {
    const { complaint } = createComplaint(
      db,
      { channel: 'hotline', externalId: '12345-2024-0001', communityId: czqId(), subject: '电梯故障', body: '5幢电梯坏了一周。', complainantName: '司马青' },
      SYSTEM,
    )
    const other = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const form = {
      channel: 'hotline',
      externalId: '12345-2024-0001',
      receivedAt: '',
      community: String(getUnitByCode(db, 'gs-hm')!.id),
      placeText: '',
      subject: '随便写写',
      body: '随便写点内容试试',
      complainantName: '',
      complainantPhone: '',
      complainantAddress: '',
      lat: '',
      lng: '',
    }
    const res = await callRoute(entry.action, makeRequest('/entry', { cookie: other.cookie, form }))
    expect(res.status).toBe(400)
    const text = await res.text()
    expect(text).not.toContain(complaint.trackingCode)
    expect(text).not.toContain(`"id":${complaint.id}`)
    expect(JSON.parse(text).result.error).toEqual({ externalId: ['intake.error.externalIdElsewhere'] })
    // The community's own worker is still told it is a duplicate, with the code.
    const own = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const mine = await (await callRoute(entry.action, makeRequest('/entry', { cookie: own.cookie, form: { ...form, community: String(czqId()) } }))).json()
    expect(mine).toMatchObject({ kind: 'created', duplicate: true, trackingCode: complaint.trackingCode })
  })
})

describe('public text of complaints', () => {
  it('/track shows a petition’s progress but never its text', async () => {
    const { complaint } = createComplaint(
      db,
      {
        channel: 'petition',
        communityId: czqId(),
        placeText: '社区居委会',
        subject: '举报社区主任处事不公',
        body: '信访人反映社区主任处事不公，请求上级调查。',
        complainantName: '欧阳明',
      },
      SYSTEM,
    )
    const res = await callRoute(trackCode.loader, makeRequest(`/track/${complaint.trackingCode}`), { code: complaint.trackingCode })
    expect(res.status).toBe(200)
    const data = await res.json()
    expect(data.complaint).toMatchObject({ trackingCode: complaint.trackingCode, status: 'received', subject: null, body: null, placeText: null })
    expect(JSON.stringify(data)).not.toMatch(/处事不公|请求上级调查|欧阳明/)
  })

  it('/track scrubs the complainant out of other reports', async () => {
    const { complaint } = createComplaint(
      db,
      {
        channel: 'hotline',
        communityId: czqId(),
        subject: '司马青反映电梯故障',
        body: '我叫司马青，住5幢502，电话13933334444，电梯坏了。',
        complainantName: '司马青',
      },
      SYSTEM,
    )
    const data = await (await callRoute(trackCode.loader, makeRequest(`/track/${complaint.trackingCode}`), { code: complaint.trackingCode })).json()
    expect(data.complaint.subject).toBe('【姓名】反映电梯故障')
    expect(data.complaint.body).toBe('我叫【姓名】，住5幢【地址】，电话【电话】，电梯坏了。')
  })

  it('Open311 publishes a scrubbed summary of hotline, grid and mailbox reports, not the letter with names in it', async () => {
    const long = '长征桥小区垃圾清运不及时。'.repeat(40)
    const made = [
      createComplaint(
        db,
        {
          channel: 'hotline',
          communityId: czqId(),
          placeText: '长征桥小区5幢502室',
          subject: '电梯故障',
          body: '我叫司马青，电话13933334444，5幢电梯坏了一周，车牌浙A12345的车也堵着消防通道。',
          complainantName: '司马青',
          complainantPhone: '13933334444',
        },
        SYSTEM,
      ),
      createComplaint(
        db,
        {
          channel: 'grid',
          communityId: czqId(),
          subject: '网格员上报',
          body: '居民王建国（身份证330105199001011234）反映王建国家楼下路灯不亮。',
          complainantName: '王建国',
        },
        SYSTEM,
      ),
      createComplaint(db, { channel: 'mailbox', communityId: czqId(), subject: '来信', body: long, complainantName: '李秀英' }, SYSTEM),
    ].map(r => r.complaint)
    const list = await (await callRoute(requests.loader, makeRequest('/open311/v2/requests.json'))).text()
    const one = await (
      await callRoute(request.loader, makeRequest(`/open311/v2/requests/${made[0]!.trackingCode}.json`), { id: `${made[0]!.trackingCode}.json` })
    ).text()
    for (const text of [list, one]) {
      for (const secret of ['司马青', '3933334444', '502室', '浙A12345']) expect(text).not.toContain(secret)
    }
    for (const secret of ['王建国', '199001011']) expect(list).not.toContain(secret)
    const rows = JSON.parse(list) as { service_request_id: string; description: string; address: string | null }[]
    const byCode = new Map(rows.map(r => [r.service_request_id, r]))
    expect(byCode.get(made[0]!.trackingCode)!.description).toBe('电梯故障\n我叫【姓名】，电话【电话】，5幢电梯坏了一周，车牌【车牌】的车也堵着消防通道。')
    expect(byCode.get(made[0]!.trackingCode)!.address).toBe('长征桥小区5幢【地址】')
    expect(byCode.get(made[1]!.trackingCode)!.description).toContain('【姓名】（身份证【证件号】）反映【姓名】家楼下路灯不亮')
    expect([...byCode.get(made[2]!.trackingCode)!.description].length).toBe(281)
  })
})

describe('"similar reports" offered to anyone typing a complaint', () => {
  it('show other people’s reports scrubbed: no names, phones or flats', async () => {
    createComplaint(
      db,
      {
        channel: 'hotline',
        communityId: czqId(),
        placeText: '长征桥小区5幢502室',
        subject: '司马青：5幢电梯故障',
        body: '电梯坏了一周。',
        complainantName: '司马青',
      },
      SYSTEM,
      { segment: getPipeline(db).segment },
    )
    const res = await callRoute(
      suggest.loader,
      makeRequest(`/resources/complaint-suggest?subject=${encodeURIComponent('电梯故障')}&body=${encodeURIComponent('5幢电梯坏了')}&community=${czqId()}`),
    )
    const data = await res.json()
    expect(data.similar).toHaveLength(1)
    expect(data.similar[0]).toMatchObject({ subject: '【姓名】：5幢电梯故障', placeText: '长征桥小区5幢【地址】' })
  })
})
