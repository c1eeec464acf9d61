/**
 * Synthetic deliberator pools for tests and the benchmark (seeded, so every
 * run sees the same pool): 6 quota attributes, some quotas deliberately
 * non-proportional, 5 role seats, optional recent service for rotation.
 */
import { seededRandom } from './rng'
import type { PanelRequestInput } from './types'

const pick = <T>(rnd: () => number, items: T[], weights: number[]): T => {
  const total = weights.reduce((a, b) => a + b, 0)
  let u = rnd() * total
  for (let i = 0; i < items.length; i++) if ((u -= weights[i]) < 0) return items[i]
  return items[items.length - 1]
}

/** A synthetic request: N members, 25 seats, 6 quota attributes, 5 role seats. */
export function syntheticRequest(N: number, seed = 'bench', opts: { rotation?: boolean; seats?: number } = {}): PanelRequestInput {
  const rnd = seededRandom(`${seed}:${N}`)
  const communities = ['长征桥社区', '大关社区', '和睦社区', '小河社区', '湖墅社区', '米市巷社区', '拱宸桥社区', '祥符社区']
  const roles = ['police', 'school', 'shop', 'city_management', 'traffic_police']
  const interests = ['交通运输', '停车', '教育', '环境卫生', '养老', '治安', '物业管理', '噪音']
  const now = Date.parse('2025-06-01T00:00:00Z')
  const pool = Array.from({ length: N }, (_, i) => {
    const hasRole = rnd() < 0.06
    return {
      id: `m${String(i).padStart(5, '0')}`,
      community: pick(rnd, communities, [3, 2, 2, 1.5, 1, 1, 0.7, 0.5]),
      roles: hasRole ? [pick(rnd, roles, [1, 1, 2, 1, 0.6])] : [],
      interests: interests.filter(() => rnd() < 0.2),
      expertise: rnd() < 0.1 ? ['交通规划'] : [],
      attributes: {
        gender: pick(rnd, ['女', '男'], [0.52, 0.48]),
        age: pick(rnd, ['18-29', '30-44', '45-59', '60+'], [0.15, 0.3, 0.3, 0.25]),
        education: pick(rnd, ['初中及以下', '高中', '大学'], [0.3, 0.4, 0.3]),
        housing: pick(rnd, ['自有', '租住'], [0.75, 0.25]),
        occupation: pick(rnd, ['在职', '退休', '个体', '学生'], [0.45, 0.3, 0.15, 0.1]),
        district: pick(rnd, ['东片', '西片', '南片', '北片'], [0.4, 0.3, 0.2, 0.1]),
      },
      timesServed: Math.floor(rnd() * 3),
      lastServedAt:
        opts.rotation && rnd() < 0.1 ? new Date(now - Math.floor(rnd() * 400) * 86_400_000).toISOString() : rnd() < 0.3 ? '2023-03-01T00:00:00Z' : null,
    }
  })
  return {
    seats: 25,
    seed: `${seed}-draw`,
    now: '2025-06-01T00:00:00Z',
    topic: { category: '交通运输', keywords: ['小河小学', '拥堵', '停车'], place: '长征桥社区', community: '长征桥社区' },
    roleSeats: { police: 1, school: 1, shop: 1, city_management: 1, traffic_police: 1 },
    quotas: {
      gender: { 女: [12, 13], 男: [12, 13] },
      age: { '18-29': [5, 8], '30-44': [6, 9], '45-59': [6, 9], '60+': [4, 7] },
      education: { 初中及以下: [6, 10], 高中: [7, 12], 大学: [6, 10] },
      housing: { 租住: [8, 12], 自有: [12, 17] },
      occupation: { 在职: [9, 14], 退休: [6, 9], 个体: [3, 6], 学生: [2, 5] },
      district: { 东片: [6, 10], 西片: [6, 9], 南片: [5, 8], 北片: [4, 6] },
    },
    pool,
  }
}
