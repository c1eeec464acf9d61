import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { zh } from '#app/i18n/zh'
import * as inviteRoute from '#app/routes/_panels+/invite.$token'
import * as icsRoute from '#app/routes/_panels+/invite.$token_.ics'
import * as panelRoute from '#app/routes/_panels+/panels.$id'
import * as requestRoute from '#app/routes/_panels+/panels.$id_.request[.]json'
import * as drawRoute from '#app/routes/_panels+/topics.$id_.panel'
import { sendResidentMessages } from '#app/services/sms/messages.server'
import {
  acceptInvitation,
  buildPanelRequest,
  declineInvitation,
  drawPanel,
  leavePool,
  savePanelAndInvite,
  verifyPanelDraw,
  type Db,
  type PanelOptions,
} from '#app/utils/db.server'
import { createMeeting } from '#db/queries/meetings'
import { auditEvents, deliberators, meetingParticipants, notifications, panelMembers, panels, sessions, users } from '#db/schema/index'
import { checkPanel } from '#panel/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits, ANON_COOKIE } from '#tests/db-utils'
import { createApprovedTopic, drawForm, seedPool } from './helpers'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

const OPTS: PanelOptions = {
  seats: 12,
  seed: 's',
  roleSeats: { police: 1, school_rep: 1, shop_owner: 1 },
  quotas: { gender: { 女: [5, 7] }, '@affected': { yes: [4, 12] } },
  alternates: 8,
  language: 'zh',
}

/** Draw and save a panel directly through the query layer; returns the panel id and the worker. */
async function savedPanel(opts: Partial<PanelOptions> = {}) {
  seedPool(db)
  const topic = createApprovedTopic(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const out = await drawPanel(buildPanelRequest(db, topic, { ...OPTS, ...opts }))
  if (!out.ok) throw new Error('draw failed')
  const { panel } = savePanelAndInvite(db, { topicId: topic.id, request: out.request, result: out.result }, { kind: 'user', id: worker.id })
  return { panel, topic, worker, out }
}

const rowsOf = (panelId: number) => db.select().from(panelMembers).where(eq(panelMembers.panelId, panelId)).all()
/** Current seat holders in selector ids (drawn member, or the alternate who replaced them). */
function occupants(panelId: number): number[] {
  const rows = rowsOf(panelId)
  const by = new Map(rows.filter(r => r.replacesId != null).map(r => [r.replacesId!, r]))
  return rows
    .filter(r => r.kind === 'member')
    .sort((a, b) => a.position - b.position)
    .map(r => {
      let cur = r
      while (by.has(cur.id)) cur = by.get(cur.id)!
      return cur.deliberatorId!
    })
}

describe('drawing from the database pool', () => {
  it('keeps every role seat and quota over many seeds, on the DB-built request', async () => {
    seedPool(db)
    const topic = createApprovedTopic(db)
    for (let i = 0; i < 12; i++) {
      const request = buildPanelRequest(db, topic, { ...OPTS, seed: `seed-${i}` })
      const out = await drawPanel(request)
      expect(out.ok).toBe(true)
      if (!out.ok) continue
      const ids = out.result.panel.map(p => Number(p.id))
      expect(checkPanel(out.request, ids)).toEqual([])
      // Independently of the library: count from the database rows.
      const rows = ids.map(id => db.select().from(deliberators).where(eq(deliberators.id, id)).get()!)
      expect(rows.filter(r => r.roles.includes('police')).length).toBeGreaterThanOrEqual(1)
      expect(rows.filter(r => r.roles.includes('school_rep')).length).toBeGreaterThanOrEqual(1)
      const women = rows.filter(r => r.attributes.gender === '女').length
      expect(women).toBeGreaterThanOrEqual(5)
      expect(women).toBeLessThanOrEqual(7)
      expect(rows.filter(r => r.communityId === topic.unitId).length).toBeGreaterThanOrEqual(4)
      expect(new Set(ids).size).toBe(12)
    }
  })

  it('keeps names and phones out of the stored request', async () => {
    const { panel } = await savedPanel()
    const text = JSON.stringify(panel.request)
    expect(text).not.toContain('议事员')
    expect(text).not.toContain('1380000')
  })
})

describe('draw page', () => {
  it('draws, shows seats, reasons and alternates, then saves and invites', async () => {
    seedPool(db)
    const topic = createApprovedTopic(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const page = await callRoute(drawRoute.loader, makeRequest(`/topics/${topic.id}/panel`, { cookie: worker.cookie }), { id: String(topic.id) })
    const loaded = await page.json()
    // Stakeholders traffic_police, school, nearby_shops suggest police, school and shop seats.
    expect(loaded.values['role.police']).toBe('1')
    expect(loaded.values['role.school_rep']).toBe('1')
    expect(loaded.values['role.shop_owner']).toBe('1')

    const res = await callRoute(drawRoute.action, makeRequest(`/topics/${topic.id}/panel`, { cookie: worker.cookie, form: drawForm(loaded.values.seed) }), {
      id: String(topic.id),
    })
    expect(res.status).toBe(200)
    const data = await res.json()
    expect(data.drawn.panel).toHaveLength(12)
    expect(data.drawn.alternates).toHaveLength(8)
    expect(data.drawn.seed).toBe(loaded.values.seed)
    expect(data.drawn.panel.every((p: { reasons: string }) => p.reasons.length > 0)).toBe(true)
    expect(data.drawn.panel.map((p: { seat: string }) => p.seat)).toEqual(expect.arrayContaining(['police', 'school_rep', 'shop_owner']))

    const save = await callRoute(
      drawRoute.action,
      makeRequest(`/topics/${topic.id}/panel`, {
        cookie: worker.cookie,
        form: { ...data.values, intent: 'save', expected: data.drawn.panel.map((p: { id: number }) => p.id).join(',') },
      }),
      { id: String(topic.id) },
    )
    expect(save.status).toBe(302)
    const panelId = Number(save.headers.get('location')!.match(/\/panels\/(\d+)/)![1])
    const rows = rowsOf(panelId)
    expect(rows.filter(r => r.kind === 'member' && r.status === 'invited' && r.inviteToken)).toHaveLength(12)
    expect(rows.filter(r => r.kind === 'alternate' && r.status === 'waitlisted')).toHaveLength(8)
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'panel.create')).all()).toHaveLength(1)
    // The same seed saved is the same panel shown.
    expect(rows.filter(r => r.kind === 'member').map(r => r.deliberatorId)).toEqual(data.drawn.panel.map((p: { id: number }) => p.id))
  })

  it('explains an infeasible request in plain language, naming the conflicting constraints', async () => {
    seedPool(db)
    const topic = createApprovedTopic(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await callRoute(
      drawRoute.action,
      makeRequest(`/topics/${topic.id}/panel`, { cookie: worker.cookie, form: drawForm('x', { 'role.police': '9' }) }),
      { id: String(topic.id) },
    )
    expect(res.status).toBe(200)
    const data = await res.json()
    expect(data.infeasible.conflicts.join(' ')).toMatch(/至少 9 个民警席位（库中有此身份的只有 \d+ 人）/)

    const res2 = await callRoute(
      drawRoute.action,
      makeRequest(`/topics/${topic.id}/panel`, {
        cookie: worker.cookie,
        form: drawForm('x', { 'quota.gender.女.min': '8', 'quota.gender.女.max': '9', 'quota.gender.男.min': '6' }),
      }),
      { id: String(topic.id) },
    )
    expect(res2.status).toBe(200)
    const conflicts = (await res2.json()).infeasible.conflicts.join(' ')
    expect(conflicts).toContain('性别为“女”的至少 8 人')
    expect(conflicts).toContain('性别为“男”的至少 6 人')
  })

  it('rejects bad numbers with field errors and keeps the values', async () => {
    seedPool(db, 20)
    const topic = createApprovedTopic(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await callRoute(
      drawRoute.action,
      makeRequest(`/topics/${topic.id}/panel`, { cookie: worker.cookie, form: drawForm('keep-me', { seats: 'abc', 'quota.gender.女.min': '9' }) }),
      { id: String(topic.id) },
    )
    expect(res.status).toBe(400)
    const data = await res.json()
    expect(data.errors).toEqual({ seats: 'panel.error.number', 'quota.gender.女': 'panel.error.quota' })
    expect(data.values.seats).toBe('abc')
    expect(data.values['quota.gender.女.min']).toBe('9')
  })

  it('tells a number out of range its range, and a quota that is not a number what a quota is', async () => {
    seedPool(db, 20)
    const topic = createApprovedTopic(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const form = drawForm('keep-me', { seats: '1000', alternates: '99', 'role.police': '61', 'quota.gender.女.min': '-1' })
    const res = await callRoute(drawRoute.action, makeRequest(`/topics/${topic.id}/panel`, { cookie: worker.cookie, form }), { id: String(topic.id) })
    expect(res.status).toBe(400)
    const data = await res.json()
    expect(data.errors).toEqual({
      seats: 'panel.error.range.seats',
      alternates: 'panel.error.range.alternates',
      'role.police': 'panel.error.range.role',
      'quota.gender.女': 'panel.error.bound',
    })
    expect(zh['panel.error.range.seats']).toContain('1 到 60')
    expect(data.values.seats).toBe('1000')
  })

  it('refuses topics that are not approved and topics outside the worker scope', async () => {
    seedPool(db, 20)
    const suggested = createApprovedTopic(db, { status: 'suggested' })
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const page = await callRoute(drawRoute.loader, makeRequest(`/topics/${suggested.id}/panel`, { cookie: worker.cookie }), { id: String(suggested.id) })
    expect((await page.json()).approved).toBe(false)
    const res = await callRoute(drawRoute.action, makeRequest(`/topics/${suggested.id}/panel`, { cookie: worker.cookie, form: drawForm('x') }), {
      id: String(suggested.id),
    })
    expect(res.status).toBe(409)
    const other = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const denied = await callRoute(drawRoute.loader, makeRequest(`/topics/${suggested.id}/panel`, { cookie: other.cookie }), { id: String(suggested.id) })
    expect(denied.status).toBe(403)
  })
})

describe('verify this draw', () => {
  it('re-runs the stored request and seed and reproduces the panel and alternates', async () => {
    const { panel, worker } = await savedPanel({ seed: 'verify-me' })
    const v = await verifyPanelDraw(db, panel.id)
    expect(v).toMatchObject({ reproduced: true, panelMatches: true, alternatesMatch: true })
    const page = await callRoute(panelRoute.loader, makeRequest(`/panels/${panel.id}?verify=1`, { cookie: worker.cookie }), { id: String(panel.id) })
    expect((await page.json()).verify.reproduced).toBe(true)
    // The downloadable request is the exact input for `npm run panel -- select`.
    const json = await callRoute(requestRoute.loader, makeRequest(`/panels/${panel.id}/request.json`, { cookie: worker.cookie }), { id: String(panel.id) })
    const req = await json.json()
    expect(req.seed).toBe('verify-me')
    expect(req.now).toBeTruthy()
    const again = await drawPanel(req)
    expect(again.ok && again.result.panel.map(p => Number(p.id))).toEqual(panel.drawn!.panel.map(p => p.id))
  })

  it('detects a tampered draw', async () => {
    const { panel } = await savedPanel()
    const drawn = panel.drawn!
    db.update(panels)
      .set({ drawn: { ...drawn, panel: [...drawn.panel].reverse() } })
      .where(eq(panels.id, panel.id))
      .run()
    expect((await verifyPanelDraw(db, panel.id)).reproduced).toBe(false)
  })
})

describe('invitations', () => {
  it('decline → the next suitable alternate is invited into the seat, and the worker is told', async () => {
    const { panel, worker } = await savedPanel({ seed: 'decline' })
    const rows = rowsOf(panel.id)
    // Decline the police seat: its replacement must also be police (role seats still hold).
    const police = rows.find(r => r.kind === 'member' && r.seat === 'police')!
    const res = await callRoute(inviteRoute.action, makeRequest(`/invite/${police.inviteToken}`, { form: { intent: 'decline', reason: '那天要出差' } }), {
      token: police.inviteToken!,
    })
    expect(res.status).toBe(302)
    const after = rowsOf(panel.id)
    const declined = after.find(r => r.id === police.id)!
    expect(declined.status).toBe('replaced')
    expect(declined.declineReason).toBe('那天要出差')
    const alt = after.find(r => r.replacesId === police.id)!
    expect(alt.kind).toBe('alternate')
    expect(alt.status).toBe('invited')
    expect(alt.seat).toBe('police')
    expect(alt.inviteToken).toBeTruthy()
    const altMember = db.select().from(deliberators).where(eq(deliberators.id, alt.deliberatorId!)).get()!
    expect(altMember.roles).toContain('police')
    expect(checkPanel(panel.request as never, occupants(panel.id))).toEqual([])
    const notes = db.select().from(notifications).where(eq(notifications.userId, worker.id)).all()
    expect(notes.map(n => n.messageKey)).toContain('panel.notice.replaced')
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'panel.decline')).all()).toHaveLength(1)
    // The replacement declines too: no other police alternate is left, so the seat is
    // waitlisted rather than given to someone who is not police.
    const second = declineInvitation(db, { token: alt.inviteToken! }, { kind: 'anonymous' })
    expect(second.replacement).toBeNull()
    expect(rowsOf(panel.id).filter(r => r.replacesId === alt.id)).toEqual([])
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'panel.seat.waitlisted')).all()).toHaveLength(1)
    // Answering twice is refused.
    const again = await callRoute(inviteRoute.action, makeRequest(`/invite/${police.inviteToken}`, { form: { intent: 'decline' } }), {
      token: police.inviteToken!,
    })
    expect(again.status).toBe(409)
  })

  it('declines until nobody suitable is left: the seat is waitlisted (vacant) and the worker told', async () => {
    const { panel, worker } = await savedPanel({ alternates: 1, seed: 'short-list' })
    const rows = rowsOf(panel.id)
    let vacant = 0
    for (const r of rows.filter(r => r.kind === 'member')) {
      const out = declineInvitation(db, { token: r.inviteToken! }, { kind: 'anonymous' })
      if (!out.replacement) vacant++
    }
    expect(vacant).toBeGreaterThanOrEqual(11)
    const after = rowsOf(panel.id)
    expect(after.filter(r => r.kind === 'member' && r.status === 'declined').length).toBe(vacant)
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'panel.seat.waitlisted')).all()).toHaveLength(vacant)
    expect(
      db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, worker.id), eq(notifications.messageKey, 'panel.notice.waitlisted')))
        .all(),
    ).toHaveLength(vacant)
    const page = await callRoute(panelRoute.loader, makeRequest(`/panels/${panel.id}`, { cookie: worker.cookie }), { id: String(panel.id) })
    expect((await page.json()).counts.vacant).toBe(vacant)
  })

  it('accept → account for the member, session on this phone, meeting participant, history updated', async () => {
    const { panel, topic, worker } = await savedPanel({ seed: 'accept' })
    const meeting = createMeeting(
      db,
      {
        topicId: topic.id,
        panelId: panel.id,
        title: '小河小学路口议事会',
        mode: 'hybrid',
        startsAt: new Date('2030-05-01T11:00:00Z'),
        place: '长征桥社区会议室',
        isPublic: true,
        speakerSeconds: 180,
        agenda: [],
      },
      { kind: 'user', id: worker.id },
    )
    const row = rowsOf(panel.id).find(r => r.kind === 'member')!
    const before = db.select().from(deliberators).where(eq(deliberators.id, row.deliberatorId!)).get()!
    const page = await callRoute(inviteRoute.loader, makeRequest(`/invite/${row.inviteToken}`), { token: row.inviteToken! })
    const view = await page.json()
    expect(view.topic.title).toBe(topic.title)
    expect(view.meeting.place).toBe('长征桥社区会议室')
    expect(view.name).toBe(before.name) // the link reaches only the member, by SMS to their own phone

    const res = await callRoute(inviteRoute.action, makeRequest(`/invite/${row.inviteToken}`, { form: { intent: 'accept' } }), { token: row.inviteToken! })
    expect(res.status).toBe(302)
    expect(res.headers.get('set-cookie')).toMatch(/th_session=/)
    const user = db
      .select()
      .from(users)
      .where(eq(users.username, `d${before.id}`))
      .get()!
    expect(user.passwordHash).toBeNull()
    expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(1)
    const after = db.select().from(deliberators).where(eq(deliberators.id, before.id)).get()!
    expect(after.userId).toBe(user.id)
    expect(after.timesServed).toBe(before.timesServed + 1)
    expect(after.lastServedAt).toBeTruthy()
    const p = db
      .select()
      .from(meetingParticipants)
      .where(and(eq(meetingParticipants.meetingId, meeting.id), eq(meetingParticipants.userId, user.id)))
      .get()
    expect(p?.role).toBe('deliberator')
    expect(rowsOf(panel.id).find(r => r.id === row.id)!.status).toBe('accepted')

    // Calendar file for the meeting.
    const ics = await callRoute(icsRoute.loader, makeRequest(`/invite/${row.inviteToken}/ics`), { token: row.inviteToken! })
    expect(ics.headers.get('content-type')).toContain('text/calendar')
    const text = await ics.text()
    expect(text).toContain('BEGIN:VEVENT')
    expect(text).toContain('DTSTART:20300501T110000Z')
    expect(text).toContain('LOCATION:长征桥社区会议室')
  })

  it('does not replace the session of someone already logged in on that browser', async () => {
    const { panel } = await savedPanel({ seed: 'other' })
    const other = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const row = rowsOf(panel.id).find(r => r.kind === 'member')!
    const res = await callRoute(inviteRoute.action, makeRequest(`/invite/${row.inviteToken}`, { cookie: other.cookie, form: { intent: 'accept' } }), {
      token: row.inviteToken!,
    })
    expect(res.status).toBe(302)
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('gives 404 for an unknown token', async () => {
    const res = await callRoute(inviteRoute.loader, makeRequest('/invite/nope', { cookie: ANON_COOKIE }), { token: 'nope' })
    expect(res.status).toBe(404)
  })

  it('shows staff whether each invitation was sent, never its link, text or QR code', async () => {
    const { panel, worker } = await savedPanel({ seed: 'sms' })
    await sendResidentMessages(db)
    const res = await callRoute(panelRoute.loader, makeRequest(`/panels/${panel.id}`, { cookie: worker.cookie }), { id: String(panel.id) })
    const data = await res.json()
    const people = data.seats.flatMap((s: { people: unknown[] }) => s.people)
    expect(people).toHaveLength(12)
    expect(people.map((p: { sms: { status: string } }) => p.sms.status)).toEqual(Array(12).fill('sent'))
    const text = JSON.stringify(data)
    expect(text).not.toContain('/invite/')
    expect(text).not.toContain('data:image/png')
    for (const r of rowsOf(panel.id).filter(r => r.inviteToken)) expect(text).not.toContain(r.inviteToken!)
    expect(data.counts).toMatchObject({ invited: 12, accepted: 0, waitlisted: 8 })
  })
})

describe('leaving the pool', () => {
  it('deletes the personal data, keeps an anonymous seat, and the draw still verifies', async () => {
    const { panel } = await savedPanel({ seed: 'leave' })
    const row = rowsOf(panel.id).find(r => r.kind === 'member')!
    acceptInvitation(db, { token: row.inviteToken! }, { kind: 'anonymous' })
    const member = db.select().from(deliberators).where(eq(deliberators.id, row.deliberatorId!)).get()!
    leavePool(db, member.id, { kind: 'user', id: member.userId! })
    expect(db.select().from(deliberators).where(eq(deliberators.id, member.id)).get()).toBeUndefined()
    expect(rowsOf(panel.id).find(r => r.id === row.id)!.deliberatorId).toBeNull()
    // The invitation-only account is blanked and disabled.
    const u = db.select().from(users).where(eq(users.id, member.userId!)).get()!
    expect(u.displayName).toBe('—')
    expect(u.phone).toBeNull()
    expect(u.disabledAt).toBeTruthy()
    // No name or phone anywhere in the audit log.
    const audit = JSON.stringify(db.select().from(auditEvents).all())
    expect(audit).not.toContain(member.name)
    expect(audit).not.toContain(member.phone!)
    expect((await verifyPanelDraw(db, panel.id)).reproduced).toBe(true)
    // Other seats can still be replaced after someone left.
    const other = rowsOf(panel.id).find(r => r.kind === 'member' && r.status === 'invited')!
    expect(() => declineInvitation(db, { token: other.inviteToken! }, { kind: 'anonymous' })).not.toThrow()
  })
})
