import { deliberators, type Db } from '#app/utils/db.server'
import { POOL_ROLES as ROLES } from '#db/enums'
import { getUnitByCode } from '#db/queries/units'
import { seededRandom } from '#panel/index'
import { insertTopic } from '#tests/db-utils'

/** A deterministic pool across the test communities: every role held a few times, all three quota attributes. */
export function seedPool(db: Db, n = 80, seed = 'pool') {
  const rnd = seededRandom(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]
  const communities = ['gs-czq', 'gs-hm'].map(c => getUnitByCode(db, c)!.id)
  const ids: number[] = []
  for (let i = 0; i < n; i++) {
    const roles: string[] = i < ROLES.length * 2 ? [ROLES[i % ROLES.length]] : rnd() < 0.2 ? [pick(ROLES)] : []
    const row = db
      .insert(deliberators)
      .values({
        communityId: communities[i % 2],
        name: `议事员${i}`,
        phone: `1380000${String(1000 + i).slice(-4)}`,
        building: `${1 + (i % 20)}幢`,
        interests: [pick(['交通运输', '教育文体', '环境保护', '城乡建设'])],
        expertise: rnd() < 0.3 ? ['交通规划'] : [],
        roles: [...new Set(roles)],
        attributes: { gender: rnd() < 0.5 ? '女' : '男', ageBand: pick(['18-39', '40-59', '60+']), tenure: pick(['<5y', '5-15y', '15y+']) },
        languages: ['普通话'],
        consentAt: new Date('2025-01-01T00:00:00Z'),
        consentText: '测试同意',
        timesServed: i % 4,
        lastServedAt: i % 5 === 0 ? new Date(Date.now() - 90 * 86_400_000) : null,
      })
      .returning({ id: deliberators.id })
      .get()
    ids.push(row.id)
  }
  return ids
}

/** An approved topic in 长征桥社区 about the school crossing. */
export function createApprovedTopic(db: Db, opts: { status?: string } = {}) {
  return insertTopic(db, {
    unitId: getUnitByCode(db, 'gs-czq')!.id,
    status: opts.status ?? 'approved',
    title: '关于小河小学路口接送拥堵的议题',
    category: '交通运输',
    keywords: ['拥堵', '接送'],
    place: '小河小学路口',
    stakeholders: ['community_committee', 'residents', 'school', 'traffic_police', 'nearby_shops'],
  })
}

/** Form fields for the draw page: 12 seats, role seats police/school/shop, gender and affected quotas. */
export function drawForm(seed: string, extra: Record<string, string> = {}) {
  return {
    intent: 'draw',
    seats: '12',
    seed,
    alternates: '8',
    affectedMin: '4',
    'role.police': '1',
    'role.school_rep': '1',
    'role.shop_owner': '1',
    'quota.gender.女.min': '5',
    'quota.gender.女.max': '7',
    ...extra,
  }
}
