import { describe, expect, it } from 'vitest'
import { createTopicEngine, defaultTaxonomy, type ComplaintInput } from '#nlp/index'

/** What a topic is about, when its letters name different things. All text is invented. */
const DAY = 86_400_000
const T0 = Date.UTC(2024, 6, 1)
const at = (d: number) => new Date(T0 + d * DAY + 9 * 3_600_000).toISOString()
const letter = (id: string, day: number, subject: string, text: string): ComplaintInput => ({ id, subject, text, time: at(day), user: `u-${id}` })

function topicOf(rows: ComplaintInput[]) {
  const engine = createTopicEngine({ taxonomy: defaultTaxonomy() })
  for (const r of rows) engine.add(r)
  return engine.topics().find(t => t.complaintIds.includes(rows[0].id))!
}

describe('a topic is named after what most of its letters are about', () => {
  const rows = [
    letter('r1', 0, '咨询Q市居住证办理事宜', '请问Q市居住证办理需要哪些材料，在哪里办？'),
    letter('r2', 30, '关于办理Q市居住证的咨询', '外地户口在Q市工作，想办理居住证，流程是什么？'),
    letter('r3', 60, '反映Q市居住证办理事宜', '我住在青禾里小区，办理居住证时社区说要房东到场。'),
    letter('r4', 90, '咨询Q市居住证签注问题', '居住证到期了，签注在哪里办理？'),
  ]
  const topic = topicOf(rows)

  it('the four letters about the residence permit are one topic', () => {
    expect(topic.complaintIds.sort()).toEqual(['r1', 'r2', 'r3', 'r4'])
  })

  it('it is about the permit, not the estate one letter lives in', () => {
    expect(topic.entity).toBe('居住证')
    expect(topic.place).toBe('')
    expect(topic.title).not.toContain('青禾里')
  })
})
