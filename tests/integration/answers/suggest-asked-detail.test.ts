import { describe, expect, test } from 'vitest'
import { answersForQuestion, answerSuggestionsFor } from '#app/services/answers.server'
import { publishFaqEntry } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createTestDb, seedTestUnits } from '#tests/db-utils'

// A made-up FAQ that says where to charge and how to pay, but no price.
function setup() {
  const db = createTestDb()
  seedTestUnits(db)
  const charging = publishFaqEntry(
    db,
    {
      question: '电动自行车能不能在楼道里充电？小区哪里可以充？',
      reply: '不能。楼道、楼梯间和家中都严禁给电动自行车充电。各社区都建有集中充电棚，扫码付费充电。',
      sourceIds: [],
    },
    SYSTEM,
  ).id
  return { db, charging }
}

describe('a resident asking where to charge and what it costs', () => {
  const asked = { subject: '小区电动车充电', body: '电动车放在楼下没地方充电，请问有没有集中充电的地方，收费多少？' }

  test('is shown the answer on where to charge while typing, though it states no price', () => {
    const { db, charging } = setup()
    expect(answerSuggestionsFor(db, asked).map(s => s.id)).toEqual([charging])
  })

  test('still counts as a question the library does not answer, for the list of FAQ entries to write', () => {
    const { db } = setup()
    expect(answersForQuestion(db, `${asked.subject} ${asked.body}`, 1)).toEqual([])
  })
})
