import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as consoleRoute from '#app/routes/_meetings+/meetings.$id.console'
import * as createRoute from '#app/routes/_meetings+/meetings.new'
import * as inviteRoute from '#app/routes/_panels+/invite.$token'
import * as panelRoute from '#app/routes/_panels+/panels.$id'
import * as drawRoute from '#app/routes/_panels+/topics.$id_.panel'
import { buildPanelRequest, drawPanel, savePanelAndInvite, type Db, type PanelOptions } from '#app/utils/db.server'
import { auditEvents, meetingParticipants, meetings, notifications, outboundMessages, panelMembers, users } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { createApprovedTopic, drawForm, seedPool } from './helpers'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  seedPool(db)
})

const OPTS: PanelOptions = { seats: 8, seed: 'link', roleSeats: {}, quotas: {}, alternates: 4, language: 'zh' }

async function saveDrawnPanel(topic: ReturnType<typeof createApprovedTopic>, workerId: number) {
  const out = await drawPanel(buildPanelRequest(db, topic, OPTS))
  if (!out.ok) throw new Error('draw failed')
  return savePanelAndInvite(db, { topicId: topic.id, request: out.request, result: out.result }, { kind: 'user', id: workerId }).panel
}

/** Schedule a meeting on the topic through the scheduling page, as a facilitator of the street; returns its id. */
async function scheduleOnPage(topicId: number, facilitator: { id: number; cookie: string }, title = '小河小学路口议事会') {
  const res = await callRoute(
    createRoute.action,
    makeRequest('/meetings/new', {
      cookie: facilitator.cookie,
      form: {
        topicId: String(topicId),
        facilitatorIds: String(facilitator.id),
        title,
        mode: 'hybrid',
        startsAt: '2030-11-22T19:00',
        place: '长征桥社区会议室',
        speakerSeconds: '120',
        agenda: '情况通报 | 10\n方案讨论 | 40',
        isPublic: 'on',
      },
    }),
  )
  expect(res.status).toBe(302)
  return Number(/\/meetings\/(\d+)\/console/.exec(res.headers.get('location')!)![1])
}

async function accept(token: string) {
  const res = await callRoute(inviteRoute.action, makeRequest(`/invite/${token}`, { form: { intent: 'accept' } }), { token })
  expect(res.status).toBe(302)
}

const memberRows = (panelId: number) =>
  db
    .select()
    .from(panelMembers)
    .where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.kind, 'member')))
    .all()
    .sort((a, b) => a.position - b.position)

const deliberatorIds = (meetingId: number) =>
  db
    .select({ userId: meetingParticipants.userId })
    .from(meetingParticipants)
    .where(and(eq(meetingParticipants.meetingId, meetingId), eq(meetingParticipants.role, 'deliberator')))
    .all()
    .map(p => p.userId)
    .sort((a, b) => a - b)

const userOf = (deliberatorId: number) =>
  db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, `d${deliberatorId}`))
    .get()!.id

const linkAudits = () => db.select().from(auditEvents).where(eq(auditEvents.action, 'panel.meeting.link')).all()

describe('a meeting scheduled after the panel was drawn', () => {
  it('takes the panel: members who accepted become its deliberators, are told, and the others join when they accept', async () => {
    const topic = createApprovedTopic(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const facilitator = await createLoggedInUser(db, 'facilitator', 'gs-xh')
    const panel = await saveDrawnPanel(topic, worker.id)
    const [first, second, later] = memberRows(panel.id)
    await accept(first.inviteToken!)
    await accept(second.inviteToken!)

    const meetingId = await scheduleOnPage(topic.id, facilitator)

    expect(db.select({ panelId: meetings.panelId }).from(meetings).where(eq(meetings.id, meetingId)).get()!.panelId).toBe(panel.id)
    const accepted = [userOf(first.deliberatorId!), userOf(second.deliberatorId!)].sort((a, b) => a - b)
    expect(deliberatorIds(meetingId)).toEqual(accepted)
    const audit = linkAudits()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actorId: facilitator.id, subjectType: 'panel', subjectId: String(panel.id) })
    expect(audit[0].after).toEqual({ meetingId, deliberators: accepted })
    const told = db
      .select({ userId: notifications.userId, link: notifications.link })
      .from(notifications)
      .where(eq(notifications.messageKey, 'panel.notice.meeting'))
      .all()
    expect(told.map(n => n.userId).sort((a, b) => a - b)).toEqual(accepted)
    expect(told.map(n => n.link)).toEqual([`/meetings/${meetingId}`, `/meetings/${meetingId}`])

    // The facilitator's console lists them; the panel page names the meeting.
    const consolePage = await callRoute(consoleRoute.loader, makeRequest(`/meetings/${meetingId}/console`, { cookie: facilitator.cookie }), {
      id: String(meetingId),
    })
    const { participants } = (await consolePage.json()) as { participants: { userId: number; role: string }[] }
    expect(participants.filter(p => p.role === 'deliberator').map(p => p.userId)).toEqual(expect.arrayContaining(accepted))
    const page = await callRoute(panelRoute.loader, makeRequest(`/panels/${panel.id}`, { cookie: worker.cookie }), { id: String(panel.id) })
    expect((await page.json()).meeting).toMatchObject({ id: meetingId, title: '小河小学路口议事会', place: '长征桥社区会议室' })

    await accept(later.inviteToken!)
    expect(deliberatorIds(meetingId)).toEqual([...accepted, userOf(later.deliberatorId!)].sort((a, b) => a - b))
  })

  it('leaves a panel that already has its meeting where it is', async () => {
    const topic = createApprovedTopic(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const facilitator = await createLoggedInUser(db, 'facilitator', 'gs-xh')
    const panel = await saveDrawnPanel(topic, worker.id)
    await accept(memberRows(panel.id)[0].inviteToken!)
    const firstMeeting = await scheduleOnPage(topic.id, facilitator)
    const secondMeeting = await scheduleOnPage(topic.id, facilitator, '第二次议事会')

    expect(db.select({ panelId: meetings.panelId }).from(meetings).where(eq(meetings.id, secondMeeting)).get()!.panelId).toBeNull()
    expect(deliberatorIds(secondMeeting)).toEqual([])
    expect(linkAudits()).toHaveLength(1)
    const page = await callRoute(panelRoute.loader, makeRequest(`/panels/${panel.id}`, { cookie: worker.cookie }), { id: String(panel.id) })
    expect((await page.json()).meeting.id).toBe(firstMeeting)
  })
})

describe('a panel drawn when the topic already has a meeting', () => {
  it('is linked to the upcoming meeting: invitations carry it, and members who accept become its deliberators', async () => {
    const topic = createApprovedTopic(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const facilitator = await createLoggedInUser(db, 'facilitator', 'gs-xh')
    const meetingId = await scheduleOnPage(topic.id, facilitator)

    // Drawn and saved on the draw page, as a worker does.
    const draw = await callRoute(drawRoute.loader, makeRequest(`/topics/${topic.id}/panel`, { cookie: worker.cookie }), { id: String(topic.id) })
    const { values } = await draw.json()
    const drawn = await callRoute(drawRoute.action, makeRequest(`/topics/${topic.id}/panel`, { cookie: worker.cookie, form: drawForm(values.seed) }), {
      id: String(topic.id),
    })
    const data = await drawn.json()
    const save = await callRoute(
      drawRoute.action,
      makeRequest(`/topics/${topic.id}/panel`, {
        cookie: worker.cookie,
        form: { ...data.values, intent: 'save', expected: data.drawn.panel.map((p: { id: number }) => p.id).join(',') },
      }),
      { id: String(topic.id) },
    )
    expect(save.status).toBe(302)
    const panelId = Number(/\/panels\/(\d+)/.exec(save.headers.get('location')!)![1])

    expect(db.select({ panelId: meetings.panelId }).from(meetings).where(eq(meetings.id, meetingId)).get()!.panelId).toBe(panelId)
    const audit = linkAudits()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actorId: worker.id, subjectType: 'panel', subjectId: String(panelId) })
    expect(audit[0].after).toEqual({ meetingId, deliberators: [] })
    const invitations = db.select({ body: outboundMessages.body }).from(outboundMessages).all()
    expect(invitations).toHaveLength(12)
    for (const m of invitations) expect(m.body).toContain('地点：长征桥社区会议室')

    const row = memberRows(panelId)[0]
    await accept(row.inviteToken!)
    expect(deliberatorIds(meetingId)).toEqual([userOf(row.deliberatorId!)])
    const page = await callRoute(panelRoute.loader, makeRequest(`/panels/${panelId}`, { cookie: worker.cookie }), { id: String(panelId) })
    expect((await page.json()).meeting.id).toBe(meetingId)
  })

  it('is not linked to a meeting that has ended', async () => {
    const topic = createApprovedTopic(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const facilitator = await createLoggedInUser(db, 'facilitator', 'gs-xh')
    const meetingId = await scheduleOnPage(topic.id, facilitator)
    db.update(meetings).set({ status: 'ended' }).where(eq(meetings.id, meetingId)).run()

    const panel = await saveDrawnPanel(topic, worker.id)

    expect(db.select({ panelId: meetings.panelId }).from(meetings).where(eq(meetings.id, meetingId)).get()!.panelId).toBeNull()
    expect(linkAudits()).toEqual([])
    const page = await callRoute(panelRoute.loader, makeRequest(`/panels/${panel.id}`, { cookie: worker.cookie }), { id: String(panel.id) })
    expect((await page.json()).meeting).toBeNull()
  })
})
