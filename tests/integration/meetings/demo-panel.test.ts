import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import * as me from '#app/routes/_account+/me'
import * as consolePage from '#app/routes/_meetings+/meetings.$id.console'
import { createSession } from '#db/queries/auth'
import { deliberators, meetingParticipants, meetings, panelMembers, users } from '#db/schema/index'
import { seedDemo } from '#db/seed'
import { ANON_COOKIE, callRoute, createTestDb, makeRequest } from '#tests/db-utils'

let db: ReturnType<typeof createTestDb>
const NOW = new Date('2026-11-21T02:00:00Z')

/** The drawn panel of the demo's upcoming meeting: each member's name, seat and answer. */
function demoPanel(d: typeof db) {
  const meeting = d.select().from(meetings).where(eq(meetings.status, 'scheduled')).orderBy(asc(meetings.startsAt)).get()!
  const rows = d
    .select({ name: deliberators.name, userId: deliberators.userId, kind: panelMembers.kind, status: panelMembers.status })
    .from(panelMembers)
    .innerJoin(deliberators, eq(deliberators.id, panelMembers.deliberatorId))
    .where(eq(panelMembers.panelId, meeting.panelId ?? -1))
    .orderBy(asc(panelMembers.kind), asc(panelMembers.position))
    .all()
  return { meeting, rows }
}

beforeAll(async () => {
  db = createTestDb()
  await seedDemo(db, { now: NOW })
}, 120_000)

describe('the demo’s upcoming meeting', () => {
  it('has a panel drawn for it, on which the demo resident and two others have accepted and the rest are invited', () => {
    const { meeting, rows } = demoPanel(db)
    expect(meeting.panelId).not.toBeNull()
    const members = rows.filter(r => r.kind === 'member')
    expect(members.length).toBeGreaterThanOrEqual(5)
    const resident = db.select().from(users).where(eq(users.username, 'resident1')).get()!
    expect(members.find(r => r.userId === resident.id)?.status).toBe('accepted')
    expect(members.filter(r => r.status === 'accepted')).toHaveLength(3)
    expect(members.filter(r => r.status === 'invited').length).toBeGreaterThan(0)
    // Those who accepted sit in the meeting as deliberators.
    const seated = db
      .select({ userId: meetingParticipants.userId })
      .from(meetingParticipants)
      .where(and(eq(meetingParticipants.meetingId, meeting.id), eq(meetingParticipants.role, 'deliberator')))
      .all()
      .map(p => p.userId)
    expect(seated).toContain(resident.id)
    expect(seated).toHaveLength(3)
  })

  it('is on resident1’s page with the way into its room', async () => {
    const resident = db.select().from(users).where(eq(users.username, 'resident1')).get()!
    const { meeting } = demoPanel(db)
    const cookie = `th_session=${createSession(db, resident.id).id}; ${ANON_COOKIE}`
    const data = (await (await callRoute(me.loader, makeRequest('/me', { cookie }))).json()) as { meetings: { id: number; href: string | null }[] }
    expect(data.meetings.find(m => m.id === meeting.id)?.href).toBe(`/meetings/${meeting.id}`)
  })

  it('shows its facilitator how the panel’s invitations stand, as counts with nobody named', async () => {
    const { meeting, rows } = demoPanel(db)
    const facilitator = db
      .select({ userId: meetingParticipants.userId })
      .from(meetingParticipants)
      .where(and(eq(meetingParticipants.meetingId, meeting.id), eq(meetingParticipants.role, 'facilitator')))
      .get()!
    const cookie = `th_session=${createSession(db, facilitator.userId).id}; ${ANON_COOKIE}`
    const res = await callRoute(consolePage.loader, makeRequest(`/meetings/${meeting.id}/console`, { cookie }), { id: String(meeting.id) })
    const data = (await res.json()) as { panel: Record<string, number> | null }
    const invited = rows.filter(r => r.status === 'invited').length
    expect(data.panel).toEqual({ accepted: 3, declined: 0, waiting: invited })
    expect(invited).toBeGreaterThan(0)
  })

  it('is the same panel on every machine', async () => {
    const again = createTestDb()
    await seedDemo(again, { now: NOW })
    expect(demoPanel(again).rows).toEqual(demoPanel(db).rows)
  }, 120_000)
})
