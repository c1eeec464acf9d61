import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as inviteRoute from '#app/routes/_panels+/invite.$token'
import * as panelRoute from '#app/routes/_panels+/panels.$id'
import * as drawRoute from '#app/routes/_panels+/topics.$id_.panel'
import { buildPanelRequest, drawPanel, savePanelAndInvite, type Db, type PanelOptions } from '#app/utils/db.server'
import { panelMembers } from '#db/schema/index'
import { explainMember, type PanelRequest } from '#panel/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { createApprovedTopic, drawForm, seedPool } from './helpers'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  seedPool(db)
})

const OPTS: PanelOptions = {
  seats: 12,
  seed: 'reasons',
  roleSeats: { police: 1, property_management: 1 },
  quotas: { '@affected': { yes: [4, 12] } },
  alternates: 6,
  language: 'zh',
}

/** Chinese words the reasons are made of, and the Chinese names of the test communities and the categories members are interested in. */
const CHINESE_REASON = /席位|居住在|关注|专长|相关身份|抽签|长征桥|和睦|交通运输|教育文体|环境保护|城乡建设/

type Person = { id: number; reasons: string }
type PanelPage = { seats: { seat: string; people: Person[] }[]; waitlist: Person[] }

async function savedPanel() {
  const topic = createApprovedTopic(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const out = await drawPanel(buildPanelRequest(db, topic, OPTS))
  if (!out.ok) throw new Error('draw failed')
  const { panel } = savePanelAndInvite(db, { topicId: topic.id, request: out.request, result: out.result }, { kind: 'user', id: worker.id })
  return { topic, worker, panel }
}

async function panelPage(panelId: number, cookie: string, locale: 'zh' | 'en'): Promise<PanelPage> {
  const res = await callRoute(panelRoute.loader, makeRequest(`/panels/${panelId}`, { cookie: `${cookie}; th_prefs=${locale}.0.0` }), { id: String(panelId) })
  return res.json()
}

const seated = (page: PanelPage) => page.seats.map(s => s.people[0])

describe('why each member was selected', () => {
  it('is written in the viewer’s language on the panel page', async () => {
    const { panel, worker } = await savedPanel()
    const en = await panelPage(panel.id, worker.cookie, 'en')
    const zh = await panelPage(panel.id, worker.cookie, 'zh')

    for (const p of [...seated(en), ...en.waitlist]) expect(p.reasons).not.toMatch(CHINESE_REASON)
    const police = en.seats.findIndex(s => s.seat === 'Police officer seat')
    const property = en.seats.findIndex(s => s.seat === 'Property management seat')
    expect(seated(en)[police].reasons).toMatch(/^Police officer seat(; |$)/)
    expect(seated(zh)[police].reasons).toMatch(/^民警席位(；|$)/)
    expect(seated(en)[property].reasons).toMatch(/^Property management seat(; |$)/)
    expect(seated(zh)[property].reasons).toMatch(/^物业代表席位(；|$)/)
    expect(seated(en).filter(p => p.reasons.includes('lives in Changzhengqiao')).length).toBeGreaterThanOrEqual(4)
    expect(seated(zh).filter(p => p.reasons.includes('居住在长征桥社区')).length).toBeGreaterThanOrEqual(4)
    // Alternates are not on a seat yet: their reasons start after it.
    for (const p of en.waitlist) expect(p.reasons).not.toMatch(/seat/)
  })

  it('reads panels saved with their reasons as Chinese text in either language', async () => {
    const { panel, worker } = await savedPanel()
    const en = await panelPage(panel.id, worker.cookie, 'en')
    const zh = await panelPage(panel.id, worker.cookie, 'zh')
    // Rows as they were saved before: the selector's Chinese sentence, split at "；".
    const request = panel.request as PanelRequest
    for (const row of db.select().from(panelMembers).where(eq(panelMembers.panelId, panel.id)).all()) {
      const member = request.pool.find(m => m.id === row.deliberatorId)!
      const text = explainMember(member, request.topic, row.kind === 'member' ? row.seat : 'general', 'zh', request.roleSeats).split('；')
      db.update(panelMembers)
        .set({ reasons: row.kind === 'member' ? text : text.slice(1) })
        .where(eq(panelMembers.id, row.id))
        .run()
    }
    expect(await panelPage(panel.id, worker.cookie, 'en')).toEqual(en)
    expect(await panelPage(panel.id, worker.cookie, 'zh')).toEqual(zh)
  })

  it('is written in the member’s language on their invitation', async () => {
    const { panel } = await savedPanel()
    const row = db
      .select()
      .from(panelMembers)
      .where(eq(panelMembers.panelId, panel.id))
      .all()
      .find(r => r.seat === 'property_management')!
    const page = await callRoute(inviteRoute.loader, makeRequest(`/invite/${row.inviteToken}`, { cookie: 'th_prefs=en.0.0' }), { token: row.inviteToken! })
    const { reasons } = (await page.json()) as { reasons: string }
    expect(reasons).toMatch(/^Property management seat(; |$)/)
    expect(reasons).not.toMatch(CHINESE_REASON)
  })

  it('is written in the worker’s language on the draw page', async () => {
    const topic = createApprovedTopic(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const cookie = `${worker.cookie}; th_prefs=en.0.0`
    const page = await callRoute(drawRoute.loader, makeRequest(`/topics/${topic.id}/panel`, { cookie }), { id: String(topic.id) })
    const { values } = await page.json()
    const res = await callRoute(drawRoute.action, makeRequest(`/topics/${topic.id}/panel`, { cookie, form: drawForm(values.seed) }), { id: String(topic.id) })
    const { drawn } = (await res.json()) as { drawn: { panel: { seat: string; reasons: string }[] } }
    for (const p of drawn.panel) expect(p.reasons).not.toMatch(CHINESE_REASON)
    expect(drawn.panel.find(p => p.seat === 'police')!.reasons).toMatch(/^Police officer seat(; |$)/)
  })
})
