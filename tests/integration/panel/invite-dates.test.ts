import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as inviteRoute from '#app/routes/_panels+/invite.$token'
import * as panelRoute from '#app/routes/_panels+/panels.$id'
import { buildPanelRequest, drawPanel, savePanelAndInvite, type Db, type PanelOptions } from '#app/utils/db.server'
import { smsText } from '#app/utils/panels.server'
import { createMeeting } from '#db/queries/meetings'
import { meetings, panelMembers } from '#db/schema/index'
import { ANON_COOKIE, callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { createApprovedTopic, seedPool } from './helpers'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  seedPool(db)
})

const OPTS: PanelOptions = { seats: 8, seed: 'dates', roleSeats: {}, quotas: {}, alternates: 2, language: 'zh' }
// Sunday 6 December 2026, 19:00 in China.
const STARTS_AT = new Date('2026-12-06T11:00:00Z')

async function invitation() {
  const topic = createApprovedTopic(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const drawn = await drawPanel(buildPanelRequest(db, topic, OPTS))
  if (!drawn.ok) throw new Error('draw failed')
  const { panel } = savePanelAndInvite(db, { topicId: topic.id, request: drawn.request, result: drawn.result }, { kind: 'user', id: worker.id })
  const meeting = createMeeting(
    db,
    {
      topicId: topic.id,
      title: '小河小学路口议事会',
      mode: 'in_person',
      startsAt: STARTS_AT,
      place: '长征桥社区会议室',
      link: null,
      isPublic: true,
      speakerSeconds: 120,
      agenda: [{ title: '方案讨论', plannedMinutes: 40 }],
    },
    { kind: 'user', id: worker.id },
  )
  const row = db.select().from(panelMembers).where(eq(panelMembers.panelId, panel.id)).all()[0]!
  return { worker, panelId: panel.id, meetingId: meeting.id, token: row.inviteToken! }
}

describe('when an invitation says the meeting is', () => {
  it('is written as other pages write dates in the reader’s language: 6 Dec 2026, 19:00 in English, with the weekday in Chinese', async () => {
    const { token } = await invitation()
    const time = async (cookie: string) =>
      ((await (await callRoute(inviteRoute.loader, makeRequest(`/invite/${token}`, { cookie }), { token })).json()) as { meeting: { time: string } }).meeting
        .time
    expect(await time(`${ANON_COOKIE}; th_prefs=en.0.0`)).toBe('6 Dec 2026, 19:00')
    expect(await time(ANON_COOKIE)).toBe('2026年12月6日周日 19:00')
  })

  it('reads the same on the panel page for staff', async () => {
    const { worker, panelId } = await invitation()
    const startsAt = async (en: boolean) =>
      (
        (await (
          await callRoute(panelRoute.loader, makeRequest(`/panels/${panelId}`, { cookie: en ? `${worker.cookie}; th_prefs=en.0.0` : worker.cookie }), {
            id: String(panelId),
          })
        ).json()) as { meeting: { startsAt: string } }
      ).meeting.startsAt
    expect(await startsAt(true)).toBe('6 Dec 2026, 19:00')
    expect(await startsAt(false)).toBe('2026年12月6日周日 19:00')
  })

  it('stays Chinese in the SMS, the residents’ language', async () => {
    const { meetingId } = await invitation()
    const meeting = db.select().from(meetings).where(eq(meetings.id, meetingId)).get()!
    expect(smsText({ org: '长征桥社区', name: '王', topic: '路口', meeting, url: 'https://x/invite/t' })).toContain('时间：2026年12月6日周日 19:00')
  })
})
