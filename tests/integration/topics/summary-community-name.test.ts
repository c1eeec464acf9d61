import { beforeEach, describe, expect, it } from 'vitest'
import { processQueue } from '#app/services/nlp.server'
import { refreshAllSuggestions, resetTopicEngine } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { topics } from '#db/schema/index'
import { nullNotifier } from '#realtime/index'
import { createTestDb, seedTestUnits } from '#tests/db-utils'

let db: Db
let u: ReturnType<typeof seedTestUnits>

beforeEach(() => {
  db = createTestDb()
  resetTopicEngine()
  u = seedTestUnits(db)
})

describe('a suggested topic about no named place', () => {
  it('is summarised as its community’s matter by the community’s name, never its code', () => {
    const letters = [
      ['请问今年流感疫苗什么时候开始打', '家里老人想打流感疫苗，请问今年什么时候开始接种，在哪里打？'],
      ['请问社区什么时候开始打流感疫苗', '孩子今年想打流感疫苗，请问在哪里打，什么时候开始？'],
    ]
    letters.forEach(([subject, body], i) =>
      createComplaint(
        db,
        {
          channel: 'web',
          communityId: u.czq.id,
          subject: subject!,
          body: body!,
          receivedAt: new Date(Date.UTC(2026, 10, 25 + i, 1)),
          complainantKey: `resident-${i}`,
        },
        SYSTEM,
      ),
    )
    while (processQueue(db, { limit: 50 }).length) {}
    refreshAllSuggestions(db, nullNotifier, new Date(Date.UTC(2026, 10, 29)), { all: true })
    const [topic] = db.select().from(topics).all()
    expect(topic!.description).toContain(`集中反映${u.czq.nameZh}的`)
    expect(topic!.description).not.toContain(u.czq.code)
  })
})
