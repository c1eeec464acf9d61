import { beforeEach, describe, expect, it } from 'vitest'
import { submitComplaint } from '#app/commands/complaints.server'
import * as suggest from '#app/routes/_resources+/resources.complaint-suggest'
import { suggestFor } from '#app/services/intake.server'
import type { Db } from '#db/client'
import { ANONYMOUS } from '#db/queries/audit'
import type { Notifier } from '#realtime/index'
import { callRoute, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

// Similar reports are offered so that a resident supports the report of the
// same problem instead of filing it again: a report about something else at a
// place of the same name (小河) is not the same problem.

let db: Db
let u: ReturnType<typeof seedTestUnits>
const file = (r: { communityId: number; placeText: string; subject: string; body: string }) =>
  submitComplaint({ db, actor: ANONYMOUS, notify: { toUser() {}, toUnit() {} } as unknown as Notifier }, { ...r, photos: [] }).complaint

let schoolGate: string
let stalls: string
let potholes: string
let nightWork: string
beforeEach(() => {
  db = createTestDb()
  u = seedTestUnits(db)
  schoolGate = file({
    communityId: u.czq.id,
    placeText: '小河小学路口',
    subject: '小河小学路口接送孩子车辆拥堵',
    body: '每天早上七点半到八点，小河小学路口接送孩子的车辆排成长队，行人根本过不去。家长临时停车占了非机动车道，孩子过马路很危险。',
  }).trackingCode
  stalls = file({
    communityId: u.czq.id,
    placeText: '长征桥农贸市场',
    subject: '长征桥农贸市场商户占道经营',
    body: '长征桥农贸市场的商户把货物摆到人行道上，行人只能走机动车道。早上卖菜的三轮车也停在路边，很危险。请城管加强管理。',
  }).trackingCode
  potholes = file({
    communityId: u.czq.id,
    placeText: '小河路',
    subject: '小河路路面坑洼雨天积水',
    body: '小河路路面坑坑洼洼，一下雨就积水。每天早上送孩子上学，电动车骑过去很容易摔倒，行人也要蹚水走，很危险。',
  }).trackingCode
  nightWork = file({
    communityId: u.hm.id,
    placeText: '和睦新村',
    subject: '和睦新村夜间施工噪音严重',
    body: '和睦新村附近工地晚上十一点以后还在施工，打桩的声音一直到凌晨。孩子明天要上学，老人心脏不好，实在睡不着。',
  }).trackingCode
})

/** A parent's report of cars jamming the school gate, in her own words. */
const JAMMED_GATE = {
  subject: '小河小学门口车辆堵住校门',
  body: '早上送孩子上学，小河小学门口汽车乱停，把校门堵得严严实实，行人只能走机动车道，很危险。',
  placeText: '',
}

const codes = (typed: Parameters<typeof suggestFor>[1]) => suggestFor(db, typed).similar.map(s => s.trackingCode)

describe('similar reports while a resident types', () => {
  it('a school-gate traffic report is offered the other school-gate traffic report, not the market stalls, potholes or night work', () => {
    expect(codes({ ...JAMMED_GATE, communityId: null })).toEqual([schoolGate])
    expect(codes({ ...JAMMED_GATE, communityId: u.czq.id })).toEqual([schoolGate])
    expect([stalls, potholes, nightWork].some(c => codes({ ...JAMMED_GATE, communityId: null }).includes(c))).toBe(false)
  })

  it('each of the other problems, in other words, finds its own report and not the school gate', () => {
    const typed = [
      { subject: '农贸市场门口摆摊占道', body: '摊贩把菜摆到人行道上，走路只能绕到马路上。', want: stalls },
      { subject: '小河路坑坑洼洼', body: '路上好几个坑，一下雨就积水，电动车很容易摔。', want: potholes },
      { subject: '工地半夜打桩太吵', body: '夜间施工噪音太大，吵得睡不着。', want: nightWork },
    ]
    for (const t of typed) expect(codes({ ...t, placeText: '', communityId: null })).toEqual([t.want])
  })

  it('a place alone, or a place with words every letter uses, is not a problem to match', () => {
    expect(codes({ subject: '小河小学', body: '', placeText: '小河小学路口', communityId: null })).toEqual([])
    expect(codes({ subject: '小河这边', body: '每天早上孩子上学很危险', placeText: '', communityId: null })).toEqual([])
  })

  it('two questions sharing only how they ask (在哪里, 怎么) are not one problem', () => {
    const busCard = file({
      communityId: u.czq.id,
      placeText: '',
      subject: '咨询老年人公交卡在哪里办',
      body: '家里老人满七十岁了，老年人公交卡在哪里办？',
    }).trackingCode
    expect(codes({ subject: '电动车在哪里充电', body: '', placeText: '', communityId: null })).not.toContain(busCard)
    expect(codes({ subject: '老年人公交卡在哪里办理', body: '', placeText: '', communityId: null })).toEqual([busCard])
  })

  it('another problem at the very same place is not offered', () => {
    const typed = { subject: '小河小学路口红绿灯坏了', body: '小河小学路口的红绿灯坏了三天，一直闪黄灯。', placeText: '小河小学路口', communityId: u.czq.id }
    expect(codes(typed)).toEqual([])
  })

  it('without a community chosen, says the reports may come from any community and names each one’s', async () => {
    const res = await callRoute(
      suggest.loader,
      makeRequest(`/resources/complaint-suggest?${new URLSearchParams({ subject: '夜间施工噪音', body: '工地半夜打桩' })}`, {
        headers: { 'x-teahouse-ip': '198.51.100.77' },
      }),
    )
    const data = await res.json()
    expect(data.scope).toBe('anywhere')
    expect(data.similar.map((s: { trackingCode: string; community: unknown }) => [s.trackingCode, s.community])).toEqual([
      [nightWork, { nameZh: '和睦社区', nameEn: 'Hemu' }],
    ])
    expect(suggestFor(db, { ...JAMMED_GATE, communityId: u.czq.id }).scope).toBe('community')
  })
})
