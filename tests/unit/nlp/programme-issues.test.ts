import { describe, expect, it } from 'vitest'
import { createTopicEngine, defaultTaxonomy, type ComplaintInput } from '#nlp/index'

/** A programme asked about with no place, its first letter months before the others. All text is invented. */
const DAY = 86_400_000
const T0 = Date.UTC(2024, 10, 4)
const at = (d: number) => new Date(T0 + d * DAY + 10 * 3_600_000).toISOString()
const letter = (id: string, day: number, subject: string, text: string): ComplaintInput => ({ id, subject, text, time: at(day), user: `u-${id}` })

describe('a programme named by residents months apart', () => {
  it('takes in the letter that named it first, before anyone else had, across a lull longer than the gap', () => {
    const rows = [
      letter('p1', 0, '咨询B3县农转居政策', '请问B3县农转居政策现在还能办理吗？'),
      letter('p2', 115, '咨询农转居户口政策', '想了解农转居户口政策，需要准备哪些材料？'),
      letter('p3', 135, '咨询B3县农转居户口政策', '我家小孩的户口能不能办理农转居？'),
      letter('p4', 137, '咨询未成年子女农转居政策', '未成年子女农转居政策是怎么规定的？'),
    ]
    const engine = createTopicEngine({ taxonomy: defaultTaxonomy() })
    for (const r of rows) engine.add(r)
    expect(new Set(rows.map(r => engine.clusterOf(r.id))).size).toBe(1)
  })
})
