import { describe, expect, it } from 'vitest'
import { createTopicEngine, defaultTaxonomy, extractPlaces, type ComplaintInput } from '#nlp/index'

/** A hospital name every county has, with the county said in the subject. All text is invented. */
const DAY = 86_400_000
const T0 = Date.UTC(2024, 4, 6)
const at = (d: number) => new Date(T0 + d * DAY + 9 * 3_600_000).toISOString()
const letter = (id: string, day: number, subject: string, text: string): ComplaintInput => ({ id, subject, text, time: at(day), user: `u-${id}` })

describe('a name many towns share is one place once the subject names the town', () => {
  const rows = [
    letter('m1', 0, 'M3县群众反映人民医院门诊挂号难', '每天早上六点排队也挂不上号，老人只能白跑一趟。'),
    letter('m2', 9, 'M3县患者投诉人民医院专家号被黄牛倒卖', '专家号一放出来就没了，门口有人加价卖号。'),
    letter('m3', 20, '反映M3县人民医院挂号窗口太少', '只开两个挂号窗口，队伍排到大门外。'),
    letter('m4', 31, 'M3县居民再次反映人民医院挂号难', '网上预约系统经常打不开，现场又排不上。'),
    letter('n1', 12, 'N2县居民反映人民医院门诊挂号难', '每天早上六点排队也挂不上号，老人只能白跑一趟。'),
  ]
  const engine = createTopicEngine({ taxonomy: defaultTaxonomy() })
  for (const r of [...rows].sort((a, b) => (a.time < b.time ? -1 : 1))) engine.add(r)
  const clusterOf = (id: string) => engine.clusterOf(id)

  it('reads the name without a town as shared', () => {
    expect(extractPlaces('M3县群众反映人民医院门诊挂号难').find(p => p.name === '人民医院')?.generic).toBe(true)
  })

  it("joins the county's letters, whether the town is written next to the name or apart", () => {
    expect(new Set(['m1', 'm2', 'm3', 'm4'].map(clusterOf)).size).toBe(1)
  })

  it("keeps the other county's hospital apart, even in the same words", () => {
    expect(clusterOf('n1')).not.toBe(clusterOf('m1'))
  })
})
