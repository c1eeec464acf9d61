import { describe, expect, it } from 'vitest'
import { makeT } from '#app/i18n/index'
import * as create from '#app/routes/_meetings+/meetings.new'
import { formErrorText } from '#app/utils/form-errors'
import { meetings } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { insertApprovedTopic } from '#tests/integration/realtime/helpers'

describe('an agenda item over its limit', () => {
  it('is refused beside the agenda, naming the item and the limit, instead of being cut', async () => {
    const db = createTestDb()
    const units = seedTestUnits(db)
    const topic = insertApprovedTopic(db, units.czq.id)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const agenda = `情况通报 | 10\n${'讨论早高峰临时停车方案'.repeat(20)} | 40`
    const res = await callRoute(
      create.action,
      makeRequest('/meetings/new', {
        cookie: worker.cookie,
        form: {
          topicId: String(topic.id),
          title: '小河小学路口议事会',
          facilitatorIds: String(worker.id),
          mode: 'hybrid',
          startsAt: '2030-11-22T19:00',
          place: '长征桥社区会议室',
          speakerSeconds: '120',
          agenda,
        },
      }),
    )
    expect(res.status).toBe(400)
    const body = (await res.json()) as { result: { error: Record<string, string[]>; initialValue: Record<string, string> } }
    expect(body.result.error.agenda!.map(e => formErrorText(makeT('zh'), e))).toEqual(['第 2 项议程的名称太长了：最多 200 个字。'])
    expect(body.result.initialValue.agenda).toBe(agenda)
    expect(db.select().from(meetings).all()).toEqual([])
  })
})
