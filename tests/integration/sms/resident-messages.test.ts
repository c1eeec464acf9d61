import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as outboxRoute from '#app/routes/_admin+/admin_.outbox'
import * as inviteRoute from '#app/routes/_panels+/invite.$token'
import * as panelRoute from '#app/routes/_panels+/panels.$id'
import * as drawRoute from '#app/routes/_panels+/topics.$id_.panel'
import { deliverDueMessages, queueResidentMessages, sendResidentMessages } from '#app/services/sms/messages.server'
import type { SmsProvider } from '#app/services/sms/provider'
import {
  auditEvents,
  deliberators,
  outboundMessages,
  panelMembers,
  satisfactionRatings,
  type Db,
  createWorkOrders,
  leavePool,
  recordDecision,
  transitionWorkOrder,
  workOrders,
} from '#app/utils/db.server'
import { MAX_SEND_ATTEMPTS } from '#db/queries/messages'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { asUser, COMPLAINANTS, outcomeScenario } from '../outcomes/fixtures'
import { createApprovedTopic, drawForm, seedPool } from '../panel/helpers'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

const messages = () => db.select().from(outboundMessages).orderBy(asc(outboundMessages.id)).all()
const auditOf = (action: string) => db.select().from(auditEvents).where(eq(auditEvents.action, action)).all()

/** Draw and save a 12-seat panel through the draw page, as the worker of 长征桥社区 would. */
async function drawThroughPage() {
  seedPool(db)
  const topic = createApprovedTopic(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const page = await (await callRoute(drawRoute.loader, makeRequest(`/topics/${topic.id}/panel`, { cookie: worker.cookie }), { id: String(topic.id) })).json()
  const drawn = await (
    await callRoute(drawRoute.action, makeRequest(`/topics/${topic.id}/panel`, { cookie: worker.cookie, form: drawForm(page.values.seed) }), {
      id: String(topic.id),
    })
  ).json()
  const save = await callRoute(
    drawRoute.action,
    makeRequest(`/topics/${topic.id}/panel`, {
      cookie: worker.cookie,
      form: { ...drawn.values, intent: 'save', expected: drawn.drawn.panel.map((p: { id: number }) => p.id).join(',') },
    }),
    { id: String(topic.id) },
  )
  expect(save.status).toBe(302)
  const panelId = Number(save.headers.get('location')!.match(/\/panels\/(\d+)/)![1])
  const members = db
    .select({ row: panelMembers, name: deliberators.name, phone: deliberators.phone, communityId: deliberators.communityId })
    .from(panelMembers)
    .innerJoin(deliberators, eq(deliberators.id, panelMembers.deliberatorId))
    .where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.kind, 'member')))
    .all()
  return { topic, worker, panelId, members }
}

describe('invitations of a drawn panel', () => {
  it('go through the provider to each member, by real name, and the worker sees only whether they were sent', async () => {
    const { topic, worker, panelId, members } = await drawThroughPage()
    const out = messages()
    expect(out).toHaveLength(12)
    for (const m of members) {
      const msg = out.find(o => o.subjectType === 'panel_member' && o.subjectId === m.row.id)!
      expect(msg).toMatchObject({ kind: 'panel.invitation', status: 'sent', provider: 'outbox', toPhone: m.phone, recipientName: m.name, attempts: 1 })
      // Greeted by their own unmasked name, with their own link.
      expect(msg.body.startsWith(`【小河街道】${m.name}您好！您被抽选为「${topic.title}」议事会议事员`)).toBe(true)
      expect(msg.body).toContain(`http://localhost/invite/${m.row.inviteToken}`)
      expect(msg.body).not.toContain('*')
    }
    expect(auditOf('message.queue')).toHaveLength(12)
    expect(auditOf('message.sent')).toHaveLength(12)
    // The audit log records the sending, not the phone numbers or the text.
    const audit = JSON.stringify(db.select().from(auditEvents).all())
    for (const m of members) expect(audit).not.toContain(m.phone!)

    const outside = members.filter(m => m.communityId !== topic.unitId)
    expect(outside.length).toBeGreaterThan(0)
    const res = await callRoute(panelRoute.loader, makeRequest(`/panels/${panelId}`, { cookie: worker.cookie }), { id: String(panelId) })
    const page = await res.json()
    const text = JSON.stringify(page)
    for (const m of members) {
      expect(text).not.toContain(m.row.inviteToken!)
      expect(text).not.toContain(out.find(o => o.subjectId === m.row.id)!.body)
    }
    for (const m of outside) {
      expect(text).not.toContain(m.phone!)
      expect(text).not.toContain(`"${m.name}"`)
    }
    expect(text).not.toContain('/invite/')
    const people = page.seats.flatMap((s: { people: { sms: { status: string } }[] }) => s.people)
    expect(people.map((p: { sms: { status: string } }) => p.sms.status)).toEqual(Array(12).fill('sent'))
    // Seat and method in plain words, no internal keys (the composition keeps its role keys, which the page names in words).
    const shown = JSON.stringify({ seats: page.seats, panel: page.panel })
    expect(shown).not.toContain('shop_owner')
    expect(shown).not.toContain('leximin')
    expect(page.seats.map((s: { seat: string }) => s.seat)).toContain('商户代表席位')
  })

  it('the invitation page greets the member by name; the worker cannot open the admin outbox, the admin sees every message', async () => {
    const { worker, members } = await drawThroughPage()
    const m = members[0]
    const invite = await (await callRoute(inviteRoute.loader, makeRequest(`/invite/${m.row.inviteToken}`), { token: m.row.inviteToken! })).json()
    expect(invite.name).toBe(m.name)

    const denied = await callRoute(outboxRoute.loader, makeRequest('/admin/outbox', { cookie: worker.cookie }))
    expect(denied.status).toBe(403)
    const admin = await createLoggedInUser(db, 'admin', null)
    const outbox = await (await callRoute(outboxRoute.loader, makeRequest('/admin/outbox', { cookie: admin.cookie }))).json()
    expect(outbox.total).toBe(12)
    expect(outbox.provider).toBe('outbox')
    const shown = outbox.messages.find((x: { phone: string }) => x.phone === m.phone)
    expect(shown).toMatchObject({ to: m.name, status: 'sent' })
    expect(shown.body).toContain(`/invite/${m.row.inviteToken}`)
    // A page past the end shows the last page rather than "no messages yet" beside the count.
    const beyond = await (await callRoute(outboxRoute.loader, makeRequest('/admin/outbox?page=7', { cookie: admin.cookie }))).json()
    expect([beyond.page, beyond.pages, beyond.messages.length]).toEqual([1, 1, 12])
  })

  it('a declined seat’s alternate is messaged in turn', async () => {
    const { members } = await drawThroughPage()
    const first = members[0]
    const res = await callRoute(inviteRoute.action, makeRequest(`/invite/${first.row.inviteToken}`, { form: { intent: 'decline', reason: '出差' } }), {
      token: first.row.inviteToken!,
    })
    expect(res.status).toBe(302)
    const alt = db.select().from(panelMembers).where(eq(panelMembers.replacesId, first.row.id)).get()!
    const altMember = db.select().from(deliberators).where(eq(deliberators.id, alt.deliberatorId!)).get()!
    const msg = messages().find(o => o.subjectId === alt.id)!
    expect(msg).toMatchObject({ status: 'sent', toPhone: altMember.phone, recipientName: altMember.name })
    expect(msg.body).toContain(`/invite/${alt.inviteToken}`)
    expect(messages()).toHaveLength(13)
  })

  it('leaving the pool removes the name and phone from the messages sent to the member', async () => {
    const { members } = await drawThroughPage()
    const m = members[0]
    leavePool(db, m.row.deliberatorId!, { kind: 'system' })
    const msg = messages().find(o => o.subjectId === m.row.id)!
    expect(msg.recipientName).toBeNull()
    expect(msg.toPhone).toBeNull()
    expect(JSON.stringify(messages())).not.toContain(m.phone!)
  })
})

describe('delivery', () => {
  async function oneQueued() {
    await drawThroughPage()
    // Start from a clean slate: one fresh queued message.
    db.delete(outboundMessages).run()
    return queueResidentMessages(db, { baseUrl: 'https://teahouse.example' })
  }

  it('retries a failing provider with growing waits, then records the failure; staff may send again', async () => {
    const { worker, panelId } = await drawThroughPage()
    db.delete(outboundMessages).run()
    expect(queueResidentMessages(db, { baseUrl: 'https://teahouse.example' })).toBe(12)
    const failing: SmsProvider = { name: 'flaky', send: async () => ({ ok: false, error: 'gateway HTTP 503' }) }
    const t0 = new Date('2030-01-01T00:00:00Z')
    expect(await deliverDueMessages(db, failing, t0)).toEqual({ sent: 0, failed: 12 })
    let row = messages()[0]
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'gateway HTTP 503', provider: 'flaky' })
    expect(row.nextAttemptAt!.getTime()).toBe(t0.getTime() + 60_000)
    // Not due yet: nothing is attempted.
    expect(await deliverDueMessages(db, failing, new Date(t0.getTime() + 30_000))).toEqual({ sent: 0, failed: 0 })
    await deliverDueMessages(db, failing, new Date(t0.getTime() + 60_000))
    row = messages()[0]
    expect(row.attempts).toBe(2)
    expect(row.nextAttemptAt!.getTime()).toBe(t0.getTime() + 60_000 + 120_000)
    await deliverDueMessages(db, failing, new Date(t0.getTime() + 3 * 60_000))
    row = messages()[0]
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_SEND_ATTEMPTS, lastError: 'gateway HTTP 503' })
    expect(auditOf('message.retry')).toHaveLength(24)
    expect(auditOf('message.failed')).toHaveLength(12)

    // The worker sees the failure and asks for it to be sent again, through the provider (the outbox here).
    const page = await (await callRoute(panelRoute.loader, makeRequest(`/panels/${panelId}`, { cookie: worker.cookie }), { id: String(panelId) })).json()
    const person = page.seats[0].people[0]
    expect(person).toMatchObject({ sms: { status: 'failed', noPhone: false }, canResend: true })
    const res = await callRoute(
      panelRoute.action,
      makeRequest(`/panels/${panelId}`, { cookie: worker.cookie, form: { intent: 'resend', memberId: String(person.id) } }),
      { id: String(panelId) },
    )
    expect(res.status).toBe(303)
    expect(messages().find(o => o.subjectId === person.id)).toMatchObject({ status: 'sent', provider: 'outbox' })
    expect(auditOf('message.resend')).toHaveLength(1)
  })

  it('leaves invitations older than two weeks alone (handled before the system sent messages)', async () => {
    await drawThroughPage()
    db.delete(outboundMessages).run()
    db.update(panelMembers)
      .set({ invitedAt: new Date(Date.now() - 15 * 86_400_000) })
      .run()
    expect(queueResidentMessages(db)).toBe(0)
    db.update(panelMembers)
      .set({ invitedAt: new Date(Date.now() - 13 * 86_400_000) })
      .run()
    expect(queueResidentMessages(db)).toBe(12)
  })

  it('sends each message once even when two senders run at the same time', async () => {
    await oneQueued()
    const seen: number[] = []
    const slow: SmsProvider = {
      name: 'slow',
      send: async (_to, _text, meta) => {
        seen.push(meta.messageId)
        await new Promise(r => setTimeout(r, 5))
        return { ok: true, ref: null }
      },
    }
    await Promise.all([deliverDueMessages(db, slow), deliverDueMessages(db, slow)])
    expect(seen).toHaveLength(12)
    expect(new Set(seen).size).toBe(12)
  })

  it('a member without a phone number is recorded as not sent at once', async () => {
    await drawThroughPage()
    db.delete(outboundMessages).run()
    const target = db.select().from(panelMembers).where(eq(panelMembers.status, 'invited')).get()!
    db.update(deliberators).set({ phone: null }).where(eq(deliberators.id, target.deliberatorId!)).run()
    queueResidentMessages(db)
    const msg = messages().find(o => o.subjectId === target.id)!
    expect(msg).toMatchObject({ status: 'failed', lastError: 'no-phone', attempts: 0 })
    // Queuing again does not duplicate anything.
    expect(queueResidentMessages(db)).toBe(0)
  })
})

describe('rating requests', () => {
  it('are sent to complainants and panel members by name when the decision is delivered', async () => {
    const s = await outcomeScenario()
    db = s.db
    const { decision } = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2, targets: [] }, asUser(s.users.worker))
    const { orders } = createWorkOrders(
      s.db,
      {
        decisionId: decision.id,
        departmentIds: [s.units.traffic.id],
        title: '施划临时停车位',
        problem: '拥堵',
        place: '小河小学路口',
        priority: 'high',
        dueAt: new Date(Date.now() + 30 * 86400_000),
        dispatch: true,
      },
      asUser(s.users.street),
    )
    const id = orders[0]!.id
    const v = () => s.db.select({ v: workOrders.version }).from(workOrders).where(eq(workOrders.id, id)).get()!.v
    transitionWorkOrder(s.db, { workOrderId: id, to: 'accepted', expectedVersion: v() }, asUser(s.users.dept))
    transitionWorkOrder(s.db, { workOrderId: id, to: 'in_progress', expectedVersion: v() }, asUser(s.users.dept))
    transitionWorkOrder(s.db, { workOrderId: id, to: 'awaiting_verification', expectedVersion: v(), note: '已完成' }, asUser(s.users.dept))
    transitionWorkOrder(s.db, { workOrderId: id, to: 'verified', expectedVersion: v(), note: '核验通过' }, asUser(s.users.supervisor))
    expect(messages()).toHaveLength(0)
    await sendResidentMessages(s.db)
    const asked = s.db.select().from(satisfactionRatings).where(eq(satisfactionRatings.decisionId, decision.id)).all()
    const out = messages()
    expect(out).toHaveLength(asked.length)
    for (const c of COMPLAINANTS) {
      const msg = out.find(o => o.toPhone === c.phone)!
      expect(msg).toMatchObject({ kind: 'satisfaction.request', status: 'sent', recipientName: c.name })
      expect(msg.body).toMatch(
        new RegExp(`^【小河街道】${c.name}您好！「增设 19 个临时停车位」已办理完成，请打开链接评价办理结果：http://localhost:\\d+/rate/`),
      )
    }
    const panelMsg = out.find(o => o.toPhone === '13600001111')!
    expect(panelMsg.recipientName).toBe('赵红梅')
    const token = asked.find(a => a.id === panelMsg.subjectId)!.token
    expect(panelMsg.body).toContain(`/rate/${token}`)
  })
})
