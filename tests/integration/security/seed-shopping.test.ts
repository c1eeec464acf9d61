import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as drawRoute from '#app/routes/_panels+/topics.$id_.panel'
import { buildPanelRequest, drawPanel, savePanelAndInvite, type Db } from '#app/utils/db.server'
import { DomainError } from '#db/errors'
import { getPublicTimeline } from '#db/queries/outcomes-report'
import { auditEvents, panels } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { createApprovedTopic, drawForm, seedPool } from '../panel/helpers'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

const audit = (action: string, topicId: number) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, String(topicId))))
    .all()

async function setup() {
  seedPool(db)
  const topic = createApprovedTopic(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const draw = (form: Record<string, string>) =>
    callRoute(drawRoute.action, makeRequest(`/topics/${topic.id}/panel`, { cookie: worker.cookie, form }), { id: String(topic.id) })
  const open = async () =>
    (await (await callRoute(drawRoute.loader, makeRequest(`/topics/${topic.id}/panel`, { cookie: worker.cookie }), { id: String(topic.id) })).json()).values
      .seed as string
  return { topic, worker, draw, open }
}

describe('panel draws cannot be shopped', () => {
  it('fixes and records the seed when the draw is opened; every preview uses it whatever seed is sent', async () => {
    const { topic, draw, open } = await setup()
    const seed = await open()
    expect(seed).toMatch(/^\d{8}-\d{6}$/)
    expect(await open()).toBe(seed)
    expect(audit('panel.seed', topic.id).map(e => e.after)).toEqual([{ seed }])

    // Trying ten seeds of one's choosing: each draw uses the committed seed, so all are the same panel.
    const panelsSeen = new Set<string>()
    for (let i = 0; i < 10; i++) {
      const data = await (await draw(drawForm(`shopping-${i}`))).json()
      expect(data.drawn.seed).toBe(seed)
      panelsSeen.add(data.drawn.panel.map((p: { id: number }) => p.id).join(','))
    }
    expect(panelsSeen.size).toBe(1)
    // Every draw is in the audit log with its seed, options and whom it picked.
    const draws = audit('panel.draw', topic.id)
    expect(draws).toHaveLength(10)
    expect(draws.every(d => (d.after as { seed: string }).seed === seed && (d.after as { intent: string }).intent === 'preview')).toBe(true)
    expect((draws[0]!.after as { members: number[] }).members).toHaveLength(12)
  })

  it('records infeasible draws too', async () => {
    const { topic, draw, open } = await setup()
    await open()
    const data = await (await draw(drawForm('x', { 'role.police': '9' }))).json()
    expect(data.infeasible).toBeTruthy()
    expect(audit('panel.draw', topic.id).map(d => (d.after as { members: unknown }).members)).toEqual([null])
  })

  it('keeps one panel per topic', async () => {
    const { topic, worker, draw, open } = await setup()
    await open()
    const first = await (await draw(drawForm(''))).json()
    const expected = first.drawn.panel.map((p: { id: number }) => p.id).join(',')
    expect((await draw({ ...first.values, intent: 'save', expected })).status).toBe(302)
    const again = await draw({ ...first.values, intent: 'save', expected })
    expect(again.status).toBe(409)
    expect((await again.json()).error).toBe('panel.error.exists')
    expect(db.select().from(panels).where(eq(panels.topicId, topic.id)).all()).toHaveLength(1)
    // The saved panel’s audit row says how many draws were made, the saving one included.
    const created = db.select().from(auditEvents).where(eq(auditEvents.action, 'panel.create')).get()!
    expect(created.after).toMatchObject({ draws: 2, seed: first.drawn.seed })
    expect(worker.id).toBe(created.actorId)
    // Nor is there any further preview draw.
    expect((await draw(drawForm(''))).status).toBe(409)
    // The public timeline shows the seed and how many draws were made.
    const entry = getPublicTimeline(db, { topicId: topic.id }).find(e => e.type === 'panel')!
    expect(entry.data).toMatchObject({ seed: first.drawn.seed, draws: 2 })
  })

  it('the query layer refuses a panel drawn with another seed than the committed one', async () => {
    const { topic, worker, open } = await setup()
    await open()
    const out = await drawPanel(buildPanelRequest(db, topic, { seats: 6, seed: 'my-own-seed', roleSeats: {}, quotas: {}, alternates: 2, language: 'zh' }))
    if (!out.ok) throw new Error('draw failed')
    expect(() => savePanelAndInvite(db, { topicId: topic.id, request: out.request, result: out.result }, { kind: 'user', id: worker.id })).toThrow(
      expect.objectContaining({ code: 'conflict', messageKey: 'panel.error.seedNotCommitted' }),
    )
    expect(db.select().from(panels).all()).toHaveLength(0)
  })
})
