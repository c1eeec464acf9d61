import { beforeEach, describe, expect, it } from 'vitest'
import { makeT } from '#app/i18n/index'
import * as minutesRoute from '#app/routes/_meetings+/meetings.$id.minutes'
import { SYSTEM } from '#db/queries/audit'
import { addMeetingParticipant, createMeeting, getMinutes, runMeetingCommand } from '#db/queries/meetings'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { insertApprovedTopic } from '#tests/integration/realtime/helpers'

let db: ReturnType<typeof createTestDb>
let units: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  units = seedTestUnits(db)
})

const zh = makeT('zh')
const en = makeT('en')

/** An ended meeting where a resident spoke, and its facilitator. */
async function endedMeeting() {
  const topic = insertApprovedTopic(db, units.czq.id)
  const fac = await createLoggedInUser(db, 'facilitator', 'gs-xh')
  const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
  const meeting = createMeeting(
    db,
    {
      topicId: topic.id,
      title: '佳苑北门电动车充电难议事会',
      mode: 'hybrid',
      startsAt: new Date(),
      place: '会议室',
      isPublic: true,
      speakerSeconds: 120,
      agenda: [{ title: '讨论', plannedMinutes: 30 }],
    },
    { kind: 'user', id: fac.id },
  )
  addMeetingParticipant(db, { meetingId: meeting.id, userId: resident.id, role: 'deliberator' }, SYSTEM)
  const cmd = (userId: number, role: 'facilitator' | 'deliberator', type: string, payload: object = {}) =>
    expect(
      runMeetingCommand(db, {
        meetingId: meeting.id,
        actor: { userId, role, name: '王阿姨' },
        type,
        payload,
        idempotencyKey: `${type}-${Math.random()}`,
        agendaItemIds: [],
        speakerSeconds: 120,
      }).ok,
    ).toBe(true)
  cmd(fac.id, 'facilitator', 'meeting.start')
  cmd(resident.id, 'deliberator', 'statement.post', { text: '北门需要增设充电桩' })
  cmd(fac.id, 'facilitator', 'meeting.end')
  return { fac, id: meeting.id }
}

const page = async (id: number, cookie: string, locale: 'zh' | 'en') =>
  (await (
    await callRoute(minutesRoute.loader, makeRequest(`/meetings/${id}/minutes`, { cookie: `${cookie}; th_prefs=${locale}.0.0` }), { id: String(id) })
  ).json()) as {
    draft: string
    markdown: string
  }
const post = (id: number, cookie: string, locale: 'zh' | 'en', form: Record<string, string>) =>
  callRoute(minutesRoute.action, makeRequest(`/meetings/${id}/minutes`, { cookie: `${cookie}; th_prefs=${locale}.0.0`, form }), { id: String(id) })

describe('the minutes draft and the reader’s language', () => {
  it('a draft generated in Chinese and saved unedited is read in English with English headings', async () => {
    const { fac, id } = await endedMeeting()
    expect((await post(id, fac.cookie, 'zh', { intent: 'regenerate' })).status).toBe(302)
    expect(getMinutes(db, id)!.markdown).toContain(`## ${zh('minutes.md.attendance')}`)
    const english = await page(id, fac.cookie, 'en')
    for (const text of [english.draft, english.markdown]) {
      for (const key of ['minutes.md.attendance', 'minutes.md.agenda', 'minutes.md.speakers'] as const) {
        expect(text).toContain(`## ${en(key)}`)
        expect(text).not.toContain(`## ${zh(key)}`)
      }
      expect(text).toContain('北门需要增设充电桩')
    }
  })

  it('a draft the facilitator edited stays as written, in whatever language', async () => {
    const { fac, id } = await endedMeeting()
    const chinese = await page(id, fac.cookie, 'zh')
    const edited = `${chinese.draft}\n会后由物业跟进。`
    expect((await post(id, fac.cookie, 'zh', { intent: 'save', markdown: edited })).status).toBe(200)
    expect((await page(id, fac.cookie, 'en')).draft).toBe(edited)
  })
})
