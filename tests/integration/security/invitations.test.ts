import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as inviteRoute from '#app/routes/_panels+/invite.$token'
import * as joinRoute from '#app/routes/_panels+/join'
import * as panelRoute from '#app/routes/_panels+/panels.$id'
import { addPoolMember, buildPanelRequest, drawPanel, savePanelAndInvite, type Db } from '#app/utils/db.server'
import { getUnitByCode } from '#db/queries/units'
import { deliberators, panelMembers, sessions, users } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { createApprovedTopic, seedPool } from '../panel/helpers'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

const joinForm = (communityId: number) => ({
  name: '王管理',
  phone: '13800009999',
  communityId: String(communityId),
  consent: 'on',
  'attr.gender': '男',
  'attr.ageBand': '40-59',
  'attr.tenure': '5-15y',
})

/** A pool whose first member is linked to `userId`, as older data may hold; returns that member's id. */
function poolWithLinkedMember(userId: number) {
  const ids = seedPool(db, 30)
  db.update(deliberators).set({ userId }).where(eq(deliberators.id, ids[0]!)).run()
  return ids[0]!
}

/** The worker's attack: draw with new seeds until the linked member sits on the panel. */
async function drawUntilPicked(memberId: number, workerId: number) {
  const topic = createApprovedTopic(db)
  for (let i = 0; i < 200; i++) {
    const out = await drawPanel(buildPanelRequest(db, topic, { seats: 12, seed: `try-${i}`, roleSeats: {}, quotas: {}, alternates: 0, language: 'zh' }))
    if (!out.ok) continue
    if (!out.result.panel.some(p => p.id === memberId)) continue
    const { panel } = savePanelAndInvite(db, { topicId: topic.id, request: out.request, result: out.result }, { kind: 'user', id: workerId })
    return panel
  }
  throw new Error('never drawn')
}

describe('invitation links are not a way into staff accounts', () => {
  it('an admin cannot join the pool as themselves', async () => {
    const admin = await createLoggedInUser(db, 'admin', null)
    const page = await callRoute(joinRoute.loader, makeRequest('/join', { cookie: admin.cookie }))
    expect(page.status).toBe(403)
    const res = await callRoute(joinRoute.action, makeRequest('/join', { cookie: admin.cookie, form: joinForm(getUnitByCode(db, 'gs-czq')!.id) }))
    expect(res.status).toBe(403)
    expect(db.select().from(deliberators).where(eq(deliberators.userId, admin.id)).all()).toHaveLength(0)
  })

  it('a street officer holding a resident grant too cannot join the pool either', async () => {
    const officer = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    const { roleAssignments } = await import('#db/schema/index')
    db.insert(roleAssignments)
      .values({ userId: officer.id, role: 'resident', unitId: getUnitByCode(db, 'gs-czq')!.id })
      .run()
    const res = await callRoute(joinRoute.action, makeRequest('/join', { cookie: officer.cookie, form: joinForm(getUnitByCode(db, 'gs-czq')!.id) }))
    expect(res.status).toBe(403)
    expect(db.select().from(deliberators).where(eq(deliberators.userId, officer.id)).all()).toHaveLength(0)
  })

  it('the pool itself refuses a member linked to a staff account', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const member = {
      name: '李工作',
      phone: '13800001111',
      communityId: getUnitByCode(db, 'gs-czq')!.id,
      building: '',
      interests: [],
      expertise: [],
      roles: [],
      attributes: {},
      languages: [],
      accessibilityNeeds: '',
      capability: null,
    }
    expect(() => addPoolMember(db, { ...member, userId: worker.id, consentText: '同意' } as never, { kind: 'user', id: worker.id })).toThrow(
      expect.objectContaining({ code: 'forbidden', messageKey: 'pool.error.staffAccount' }),
    )
  })

  it('a resident still joins the pool', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const res = await callRoute(joinRoute.action, makeRequest('/join', { cookie: resident.cookie, form: joinForm(getUnitByCode(db, 'gs-czq')!.id) }))
    expect(res.status).toBe(302)
    expect(db.select().from(deliberators).where(eq(deliberators.userId, resident.id)).all()).toHaveLength(1)
  })

  it('a worker who draws until an admin-linked member is picked sees no link for them, and the link does not log in as the admin', async () => {
    const admin = await createLoggedInUser(db, 'admin', null)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const memberId = poolWithLinkedMember(admin.id)
    const panel = await drawUntilPicked(memberId, worker.id)

    const page = await callRoute(panelRoute.loader, makeRequest(`/panels/${panel.id}`, { cookie: worker.cookie }), { id: String(panel.id) })
    const data = await page.json()
    const row = db.select().from(panelMembers).where(eq(panelMembers.deliberatorId, memberId)).get()!
    const shown = data.seats.flatMap((s: { people: { id: number; status: string }[] }) => s.people).find((p: { id: number }) => p.id === row.id)
    expect(shown.status).toBe('invited')
    // Staff see whether the system sent it, never the link or the message.
    expect(shown).not.toHaveProperty('link')
    // Saved outside the route here, so nothing was queued for sending yet.
    expect(shown.sms).toBeNull()
    expect(JSON.stringify(data)).not.toContain('/invite/')
    expect(JSON.stringify(data)).not.toContain(row.inviteToken!)

    // Even with the token (from the member's own notice), accepting logs nobody in.
    const before = db.select().from(sessions).where(eq(sessions.userId, admin.id)).all().length
    const res = await callRoute(inviteRoute.action, makeRequest(`/invite/${row.inviteToken}`, { form: { intent: 'accept' } }), { token: row.inviteToken! })
    expect(res.status).toBe(302)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(db.select().from(sessions).where(eq(sessions.userId, admin.id)).all()).toHaveLength(before)
    expect(db.select().from(panelMembers).where(eq(panelMembers.id, row.id)).get()!.status).toBe('accepted')
  })

  it('a resident with their own password is not logged in by the link either: they log in themselves', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const memberId = poolWithLinkedMember(resident.id)
    const panel = await drawUntilPicked(memberId, worker.id)
    const row = db.select().from(panelMembers).where(eq(panelMembers.deliberatorId, memberId)).get()!
    expect(row.panelId).toBe(panel.id)
    const res = await callRoute(inviteRoute.action, makeRequest(`/invite/${row.inviteToken}`, { form: { intent: 'accept' } }), { token: row.inviteToken! })
    expect(res.status).toBe(302)
    expect(res.headers.get('set-cookie')).toBeNull()
  })
})

describe('an account that merely looks like an invitation account', () => {
  it('is neither opened nor taken over by the link when it holds a password or a staff role', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const ids = seedPool(db, 30)
    const topic = createApprovedTopic(db)
    const out = await drawPanel(buildPanelRequest(db, topic, { seats: 12, seed: 'lookalike', roleSeats: {}, quotas: {}, alternates: 0, language: 'zh' }))
    if (!out.ok) throw new Error('draw failed')
    const picked = Number(out.result.panel[0]!.id)
    expect(ids).toContain(picked)
    // Someone made a street account whose username is what the invitation would create for this member.
    const { createUser } = await import('#db/queries/auth')
    const { SYSTEM } = await import('#db/queries/audit')
    const officer = await createUser(
      db,
      { username: `d${picked}`, password: 'street-officer-pass', displayName: '街道干部' },
      [{ role: 'street_staff', unitId: getUnitByCode(db, 'gs-xh')!.id }],
      SYSTEM,
    )
    const { panel } = savePanelAndInvite(db, { topicId: topic.id, request: out.request, result: out.result }, { kind: 'user', id: worker.id })
    const row = db.select().from(panelMembers).where(eq(panelMembers.deliberatorId, picked)).get()!
    expect(row.panelId).toBe(panel.id)
    const res = await callRoute(inviteRoute.action, makeRequest(`/invite/${row.inviteToken}`, { form: { intent: 'accept' } }), { token: row.inviteToken! })
    expect(res.status).toBe(302)
    expect(db.select().from(sessions).where(eq(sessions.userId, officer.id)).all()).toHaveLength(0)
    // The officer's account is left as it was; the member gets an account of their own, and only that is opened.
    expect(db.select().from(users).where(eq(users.id, officer.id)).get()).toMatchObject({ displayName: '街道干部', disabledAt: null })
    const member = db.select().from(deliberators).where(eq(deliberators.id, picked)).get()!
    expect(member.userId).not.toBeNull()
    expect(member.userId).not.toBe(officer.id)
    expect(res.headers.get('set-cookie')).toMatch(/th_session=/)
    expect(db.select().from(sessions).where(eq(sessions.userId, member.userId!)).all()).toHaveLength(1)
  })
})
