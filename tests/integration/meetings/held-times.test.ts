import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import MePage, { loader as meLoader } from '#app/routes/_account+/me'
import * as observe from '#app/routes/_meetings+/meetings.$id.observe'
import * as list from '#app/routes/_meetings+/meetings._index'
import { loader as decisionLoader } from '#app/routes/_outcomes+/decisions.$id'
import { loader as publicTopicLoader } from '#app/routes/_public+/public.topics.$id'
import { SYSTEM } from '#db/queries/audit'
import { recordDecision } from '#db/queries/decisions'
import { addMeetingParticipant, createMeeting, runMeetingCommand } from '#db/queries/meetings'
import { meetingEvents } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { insertApprovedTopic } from '#tests/integration/realtime/helpers'
import { renderPage } from '#tests/render-page'

let db: ReturnType<typeof createTestDb>
let units: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  units = seedTestUnits(db)
})

// Planned for Sunday 6 December 2026, 19:00 Beijing time; held on the Tuesday before, 19:05–20:40.
const PLANNED = new Date('2026-12-06T11:00:00Z')
const STARTED = new Date('2026-12-01T11:05:00Z')
const ENDED = new Date('2026-12-01T12:40:00Z')

/** A public meeting on an approved topic, started and ended days before its planned time, with a resident taking part. */
async function heldEarly() {
  const topic = insertApprovedTopic(db, units.czq.id)
  const fac = await createLoggedInUser(db, 'facilitator', 'gs-xh')
  const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
  const meeting = createMeeting(
    db,
    {
      topicId: topic.id,
      title: '佳苑北门电动车充电难议事会',
      mode: 'hybrid',
      startsAt: PLANNED,
      place: '会议室',
      isPublic: true,
      speakerSeconds: 120,
      agenda: [{ title: '讨论', plannedMinutes: 30 }],
    },
    { kind: 'user', id: fac.id },
  )
  addMeetingParticipant(db, { meetingId: meeting.id, userId: resident.id, role: 'deliberator' }, SYSTEM)
  for (const [type, at] of [
    ['meeting.start', STARTED],
    ['meeting.end', ENDED],
  ] as const) {
    const r = runMeetingCommand(db, {
      meetingId: meeting.id,
      actor: { userId: fac.id, role: 'facilitator', name: '主持人' },
      type,
      payload: {},
      idempotencyKey: `${type}-key`,
      agendaItemIds: [],
      speakerSeconds: 120,
    })
    expect(r.ok).toBe(true)
    if (r.ok) db.update(meetingEvents).set({ createdAt: at }).where(eq(meetingEvents.seq, r.event.seq)).run()
  }
  return { topic, fac, resident, meeting }
}

describe('a meeting held before its planned date', () => {
  it('is listed with when it was held, on the resident’s page and in the meeting lists', async () => {
    const { resident, fac } = await heldEarly()
    const res = await callRoute(meLoader, makeRequest('/me', { cookie: resident.cookie }))
    const html = await renderPage(MePage, { path: '/me', locale: 'zh', loaderData: await res.json() })
    expect(html).toContain('2026年12月1日 19:05–20:40')
    expect(html).not.toContain('2026年12月6日')
    const meetings = (await (await callRoute(list.loader, makeRequest('/meetings', { cookie: `${fac.cookie}; th_prefs=en.0.0` }))).json()) as {
      mine: { when: string }[]
      rows: { when: string }[]
    }
    expect(meetings.mine.map(m => m.when)).toEqual(['1 Dec 2026, 19:05–20:40'])
    expect(meetings.rows.map(m => m.when)).toEqual(['1 Dec 2026, 19:05–20:40'])
  })

  it('is dated by when it was held on its decision, its public topic and the public view', async () => {
    const { topic, fac, meeting } = await heldEarly()
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const { decision } = recordDecision(db, { meetingId: meeting.id, title: '北门增设充电桩' }, { kind: 'user', id: fac.id })
    const detail = (await (
      await callRoute(decisionLoader, makeRequest(`/decisions/${decision.id}`, { cookie: worker.cookie }), { id: String(decision.id) })
    ).json()) as {
      meeting: { startsAt: string }
    }
    expect(detail.meeting.startsAt).toBe(STARTED.toISOString())
    const pub = (await (await callRoute(publicTopicLoader, makeRequest(`/public/topics/${topic.id}`), { id: String(topic.id) })).json()) as {
      meetings: { startsAt: string }[]
    }
    expect(pub.meetings.map(m => m.startsAt)).toEqual([STARTED.toISOString()])
    const watch = (await (await callRoute(observe.loader, makeRequest(`/meetings/${meeting.id}/observe`), { id: String(meeting.id) })).json()) as {
      when: string
    }
    expect(watch.when).toBe('2026年12月1日 19:05–20:40')
  })

  it('a meeting not yet held is listed at its planned time', async () => {
    const topic = insertApprovedTopic(db, units.czq.id)
    const fac = await createLoggedInUser(db, 'facilitator', 'gs-xh')
    createMeeting(
      db,
      {
        topicId: topic.id,
        title: '议事会',
        mode: 'online',
        startsAt: PLANNED,
        isPublic: true,
        speakerSeconds: 120,
        agenda: [{ title: '讨论', plannedMinutes: 30 }],
      },
      { kind: 'user', id: fac.id },
    )
    const meetings = (await (await callRoute(list.loader, makeRequest('/meetings', { cookie: fac.cookie }))).json()) as { mine: { when: string }[] }
    expect(meetings.mine.map(m => m.when)).toEqual(['2026年12月6日 19:00'])
  })
})
