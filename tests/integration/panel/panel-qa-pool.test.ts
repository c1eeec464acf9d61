import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as inviteRoute from '#app/routes/_panels+/invite.$token'
import * as icsRoute from '#app/routes/_panels+/invite.$token_.ics'
import * as panelPage from '#app/routes/_panels+/panels.$id'
import * as poolNew from '#app/routes/_panels+/pool.new'
import { buildPanelRequest, drawPanel, savePanelAndInvite, type Db, type PanelOptions } from '#app/utils/db.server'
import { createMeeting } from '#db/queries/meetings'
import { getUnitByCode } from '#db/queries/units'
import { deliberators, panelMembers } from '#db/schema/index'
import { ANON_COOKIE, callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { createApprovedTopic, seedPool } from './helpers'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

const person = (communityId: number, extra: Record<string, string> = {}) => ({
  name: '王小红',
  phone: '13912345678',
  communityId: String(communityId),
  building: '3幢',
  consentText: '口头同意',
  consent: 'on',
  ...extra,
})

describe('adding a person to the pool by hand', () => {
  it('refuses someone the community already has (same phone), under the phone field, so nobody can be drawn twice', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const czq = getUnitByCode(db, 'gs-czq')!.id
    const post = (form: Record<string, string>) => callRoute(poolNew.action, makeRequest('/pool/new', { cookie: worker.cookie, form }))

    expect((await post(person(czq))).status).toBe(302)
    // The same person again, as a worker re-typing a paper form would enter them (spaces in the number, another building).
    const again = await post(person(czq, { phone: '139 1234 5678', building: '5幢' }))
    expect(again.status).toBe(409)
    const data = await again.json()
    // Named, as the worker may see them, so she can open that entry instead.
    expect(data.error).toBe('pool.error.duplicateOf')
    expect(data.result.error.phone).toEqual(['pool.error.duplicateOf'])
    expect(data.params).toMatchObject({ name: '王小红' })
    expect(data.values.name).toBe('王小红')
    expect(db.select().from(deliberators).where(eq(deliberators.name, '王小红')).all()).toHaveLength(1)

    // Without a phone, the same name in the same building is the same person, as the import counts it.
    expect((await post(person(czq, { name: '李大爷', phone: '' }))).status).toBe(302)
    expect((await post(person(czq, { name: '李大爷', phone: '' }))).status).toBe(409)
    // Another person of that name elsewhere is someone else.
    expect((await post(person(czq, { name: '李大爷', phone: '', building: '9幢' }))).status).toBe(302)
  })
})

describe('the calendar file of an invitation', () => {
  const OPTS: PanelOptions = { seats: 8, seed: 'ics', roleSeats: {}, quotas: {}, alternates: 4, language: 'zh' }

  async function invited() {
    seedPool(db)
    const topic = createApprovedTopic(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const facilitator = await createLoggedInUser(db, 'facilitator', 'gs-xh')
    const drawn = await drawPanel(buildPanelRequest(db, topic, OPTS))
    if (!drawn.ok) throw new Error('draw failed')
    const { panel } = savePanelAndInvite(db, { topicId: topic.id, request: drawn.request, result: drawn.result }, { kind: 'user', id: worker.id })
    createMeeting(
      db,
      {
        topicId: topic.id,
        title: '小河小学路口议事会',
        mode: 'in_person',
        startsAt: new Date(Date.now() + 2 * 86_400_000),
        place: '长征桥社区会议室',
        link: null,
        isPublic: true,
        speakerSeconds: 120,
        agenda: [{ title: '方案讨论', plannedMinutes: 40 }],
      },
      { kind: 'user', id: facilitator.id },
    )
    const rows = db.select().from(panelMembers).where(eq(panelMembers.panelId, panel.id)).all()
    return rows.filter(r => r.kind === 'member').map(r => r.inviteToken!)
  }
  const ics = (token: string, cookie = ANON_COOKIE) => callRoute(icsRoute.loader, makeRequest(`/invite/${token}/ics`, { cookie }), { token })
  const answer = (token: string, form: Record<string, string>) => callRoute(inviteRoute.action, makeRequest(`/invite/${token}`, { form }), { token })

  it('is for a seat taken: not for one declined, in the reader’s language', async () => {
    const [first, second] = await invited()
    expect((await answer(first!, { intent: 'accept' })).status).toBe(302)
    expect((await ics(first!)).status).toBe(200)

    expect((await answer(second!, { intent: 'decline', reason: '出差' })).status).toBe(302)
    const zh = await ics(second!)
    expect(zh.status).toBe(410)
    expect(zh.headers.get('content-type')).not.toContain('text/calendar')
    expect(await zh.text()).toContain('您已婉拒')
    const en = await ics(second!, `${ANON_COOKIE}; th_prefs=en.0.0`)
    expect(await en.text()).toContain('You declined')
  })
})

describe('the panel page: how its role seats and quotas stand now', () => {
  it('counts those holding seats, not someone who declined and left a seat empty', async () => {
    seedPool(db)
    const topic = createApprovedTopic(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const opts: PanelOptions = {
      seats: 8,
      seed: 'composition',
      roleSeats: {},
      quotas: { gender: { 女: [1, 8] }, '@affected': { yes: [1, 8] } },
      alternates: 0,
      language: 'zh',
    }
    const drawn = await drawPanel(buildPanelRequest(db, topic, opts))
    if (!drawn.ok) throw new Error('draw failed')
    const { panel } = savePanelAndInvite(db, { topicId: topic.id, request: drawn.request, result: drawn.result }, { kind: 'user', id: worker.id })
    const lines = async () => {
      const res = await callRoute(panelPage.loader, makeRequest(`/panels/${panel.id}`, { cookie: worker.cookie }), { id: String(panel.id) })
      return ((await res.json()) as { composition: { kind: string; attr?: string; count: number; met: boolean }[] }).composition
    }
    const women = async () => (await lines()).find(l => l.attr === 'gender')!
    const before = await women()
    expect(before.count).toBeGreaterThanOrEqual(1)
    expect(before.met).toBe(true)

    // A woman on the panel declines; with no alternates her seat stays empty.
    const rows = db.select().from(panelMembers).where(eq(panelMembers.panelId, panel.id)).all()
    const woman = rows.find(r => db.select().from(deliberators).where(eq(deliberators.id, r.deliberatorId!)).get()!.attributes.gender === '女')!
    expect(
      (await callRoute(inviteRoute.action, makeRequest(`/invite/${woman.inviteToken}`, { form: { intent: 'decline' } }), { token: woman.inviteToken! })).status,
    ).toBe(302)
    const after = await women()
    expect(after.count).toBe(before.count - 1)
    expect(after.met).toBe(before.count - 1 >= 1)
  })
})
