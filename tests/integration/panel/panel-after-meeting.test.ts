import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import PanelPage, * as panelPage from '#app/routes/_panels+/panels.$id'
import { buildPanelRequest, drawPanel, savePanelAndInvite, type Db, type PanelOptions } from '#app/utils/db.server'
import { createMeeting } from '#db/queries/meetings'
import { meetings } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'
import { createApprovedTopic, seedPool } from './helpers'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  seedPool(db)
})

const OPTS: PanelOptions = { seats: 6, seed: 'over', roleSeats: {}, quotas: {}, alternates: 2, language: 'zh' }

/** A drawn panel whose meeting is scheduled; nobody has answered. */
async function drawn() {
  const topic = createApprovedTopic(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const facilitator = await createLoggedInUser(db, 'facilitator', 'gs-xh')
  const draw = await drawPanel(buildPanelRequest(db, topic, OPTS))
  if (!draw.ok) throw new Error('draw failed')
  const { panel } = savePanelAndInvite(db, { topicId: topic.id, request: draw.request, result: draw.result }, { kind: 'user', id: worker.id })
  const meeting = createMeeting(
    db,
    {
      topicId: topic.id,
      title: '小河小学路口议事会',
      mode: 'in_person',
      startsAt: new Date(Date.now() + 2 * 86_400_000),
      place: '长征桥社区会议室',
      link: null,
      isPublic: true,
      speakerSeconds: 120,
      agenda: [{ title: '方案讨论', plannedMinutes: 40 }],
    },
    { kind: 'user', id: facilitator.id },
  )
  return { panelId: panel.id, meetingId: meeting.id, cookie: worker.cookie }
}

async function page(panelId: number, cookie: string, locale: 'zh' | 'en') {
  const path = `/panels/${panelId}`
  const res = await callRoute(panelPage.loader, makeRequest(path, { cookie }), { id: String(panelId) })
  expect(res.status).toBe(200)
  return renderPage(PanelPage, { path, locale, loaderData: await res.json() })
}

describe('a panel whose meeting is over', () => {
  it('no longer says an unanswered invitation waits for a reply', async () => {
    const { panelId, meetingId, cookie } = await drawn()
    expect(await page(panelId, cookie, 'zh')).toContain('已邀请，待回复')
    db.update(meetings).set({ status: 'ended' }).where(eq(meetings.id, meetingId)).run()
    const zh = await page(panelId, cookie, 'zh')
    expect(zh).not.toContain('已邀请，待回复')
    expect(zh).not.toContain('待回复 6')
    expect(zh).toContain('未回复（会议已结束）')
    expect(zh).toContain('未回复 6')
    const en = await page(panelId, cookie, 'en')
    expect(en).toContain('No reply (the meeting is over)')
  })
})
