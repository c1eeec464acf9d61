import { describe, expect, it } from 'vitest'
import { createTopicEngine, defaultTaxonomy, extractPlaces, placeStem, type ComplaintInput } from '#nlp/index'

/** A bare estate name and the same name with a generic suffix are one place; siblings sharing a prefix are not. All names are invented. */
describe('placeStem', () => {
  it.each([
    ['松岭家园', '松岭'],
    ['松岭花园', '松岭'],
    ['松岭苑', '松岭'],
    ['松岭文体城', '松岭'],
    ['松岭时代广场', '松岭'],
    ['松岭大厦', '松岭'],
    ['青禾湾', '青禾'],
  ])('%s has the stem %s', (name, stem) => {
    expect(placeStem(name)).toBe(stem)
  })

  it.each([['阳光一苑'], ['阳光二区花园'], ['阳光东苑'], ['阳光3期花园'], ['松岭'], ['松苑'], ['松岭南路']])(
    '%s has no stem: numbers, directions and roads tell places apart',
    name => {
      expect(placeStem(name)).toBeUndefined()
    },
  )
})

describe('place names', () => {
  it('a dash after words is not inside the name (脏乱差之源-松岭文体城)', () => {
    expect(extractPlaces('星沙脏乱差之源-松岭文体城').map(p => p.canonical)).toEqual(['松岭文体城'])
  })
})

const taxonomy = defaultTaxonomy()
const DAY = 86_400_000
const T0 = Date.UTC(2025, 2, 3)
const at = (d: number) => new Date(T0 + d * DAY + 9 * 3_600_000).toISOString()
const letter = (id: string, day: number, subject: string, text: string, community?: string): ComplaintInput => ({
  id,
  subject,
  text,
  time: at(day),
  user: `u-${id}`,
  community,
})

function clustersOf(rows: ComplaintInput[]) {
  const engine = createTopicEngine({ taxonomy })
  for (const r of rows) engine.add(r)
  return (id: string) => engine.clusterOf(id)
}

describe('place variants in the topic engine', () => {
  it.each([
    {
      why: 'bare name and name + 家园 beside the same road',
      rows: [
        letter('a1', 0, '青石东路松岭小区夜宵店深夜噪声扰民', '青石东路松岭小区楼下夜宵店每天开到凌晨，噪声太大。'),
        letter('a2', 40, '青石东路松岭家园夜宵摊噪声扰民，请整治', '青石东路松岭家园门口夜宵摊油烟噪声严重，晚上睡不着。'),
      ],
    },
    {
      why: 'bare name and its venue (文体城), different residents, nothing else of the name seen',
      rows: [
        letter('b1', 0, '松岭小区周边夜市占道噪声扰民', '松岭小区周边夜市摊位占道经营，噪声扰民到深夜。'),
        letter('b2', 30, '请求整顿松岭文体城夜市占道经营噪声扰民', '松岭文体城夜市摊位占道经营，深夜噪声扰民，垃圾遍地。'),
      ],
    },
    {
      why: 'two suffixed forms filed under the same community',
      rows: [
        letter('c1', 0, '松岭家园垃圾站臭气熏天', '松岭家园垃圾站夏天臭气熏天，蚊蝇很多。', 'c-qs'),
        letter('c2', 20, '松岭花园垃圾站臭气扰民', '松岭花园垃圾站臭气扰民，希望搬迁。', 'c-qs'),
      ],
    },
    {
      why: 'a copy of a letter naming its estate with two characters swapped (华邦/邦华)',
      rows: [
        letter('f1', 0, '投诉Q2县华邦小区物业违法锁电梯、停水停电', '华邦小区物业为逼缴物业费锁了电梯，还停水停电，老人上下楼很困难，请主管部门查处。'),
        letter('f2', 0, '投诉Q2县邦华小区物业违法锁电梯、停水停电', '邦华小区物业为逼缴物业费锁了电梯，还停水停电，老人上下楼很困难，请主管部门查处。'),
      ],
    },
  ])('one entity: $why', ({ rows }) => {
    const clusterOf = clustersOf(rows)
    expect(clusterOf(rows[0].id)).toBe(clusterOf(rows[1].id))
  })

  it.each([
    {
      why: 'numbered siblings (一苑/二苑) in one community',
      rows: [
        letter('d1', 0, '阳光一苑垃圾站臭气熏天', '阳光一苑垃圾站夏天臭气熏天，蚊蝇很多。', 'c-yg'),
        letter('d2', 10, '阳光二苑垃圾站臭气熏天', '阳光二苑垃圾站夏天臭气熏天，蚊蝇很多。', 'c-yg'),
      ],
    },
    {
      why: 'two estates sharing a prefix with nothing in common but a bare mention of it',
      rows: [
        letter('e0', 0, '阳光小区垃圾站臭气熏天', '阳光小区垃圾站夏天臭气熏天，蚊蝇很多。', 'c-a'),
        letter('e1', 5, '阳光花园垃圾站臭气熏天', '阳光花园垃圾站夏天臭气熏天，蚊蝇很多。', 'c-a'),
        letter('e2', 10, '阳光新城垃圾站臭气熏天', '阳光新城垃圾站夏天臭气熏天，蚊蝇很多。', 'c-b'),
      ],
    },
    {
      why: 'a copy of a letter naming another estate (华邦/华荣), not a swap',
      rows: [
        letter('g1', 0, '投诉Q2县华邦小区物业违法锁电梯、停水停电', '华邦小区物业为逼缴物业费锁了电梯，还停水停电，老人上下楼很困难，请主管部门查处。'),
        letter('g2', 0, '投诉Q2县华荣小区物业违法锁电梯、停水停电', '华荣小区物业为逼缴物业费锁了电梯，还停水停电，老人上下楼很困难，请主管部门查处。'),
      ],
    },
  ])('two entities: $why', ({ rows }) => {
    const clusterOf = clustersOf(rows)
    expect(clusterOf(rows[rows.length - 2].id)).not.toBe(clusterOf(rows[rows.length - 1].id))
  })
})

describe('verbs before a name', () => {
  it.each([['请求整顿松岭文体城夜市'], ['强烈要求整治松岭文体城夜市'], ['恳请取缔松岭文体城夜市']])('%s names 松岭文体城', text => {
    expect(extractPlaces(text).map(p => p.canonical)).toEqual(['松岭文体城'])
  })
})
