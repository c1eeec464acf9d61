import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loader as apiLoader } from '#app/routes/_api+/api.v1.topics'
import { runImport } from '#app/services/import.server'
import { processQueue } from '#app/services/nlp.server'
import { afterClassified, getTopicEngine, resetTopicEngine } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createApiToken } from '#db/queries/auth'
import { auditEvents, complaints as complaintsTable, notifications, units } from '#db/schema/index'
import { nullNotifier } from '#realtime/index'
import { callRoute, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

/**
 * A street office's first act: import a past year of board letters (no community
 * column, in the file's own order, not by time) and ask the API what residents
 * cared about most. All letters are invented here in the style of board messages.
 */
const DAY = 86_400_000
const YEAR_START = Date.UTC(2023, 0, 3)
const pick = <T>(xs: T[], i: number) => xs[((i % xs.length) + xs.length) % xs.length]!

type Letter = { 留言编号: string; 留言用户: string; 留言主题: string; 留言时间: string; 留言详情: string; issue?: string }

/** `n` letters of one issue on the given days of the year, from `residents` different people. */
function issue(key: string, days: number[], residents: number, make: (i: number) => { subject: string; body: string }): Letter[] {
  return days.map((d, i) => {
    const { subject, body } = make(i)
    return {
      留言编号: `${key}-${i}`,
      留言用户: `${key}-user-${i % residents}`,
      留言主题: subject,
      留言时间: new Date(YEAR_START + d * DAY + ((i * 7) % 11) * 3_600_000).toISOString(),
      留言详情: body,
      issue: key,
    }
  })
}
const spread = (n: number, from: number, to: number) => Array.from({ length: n }, (_, i) => Math.round(from + ((to - from) * i) / (n - 1)))

const PLANT_EST = ['翠屏湾', '翠屏湾小区', '翠屏湾二期']
const plant = issue('plant', spread(26, 20, 230), 22, i => ({
  subject: pick(
    ['{e}旁沥青搅拌站臭味扰民', '强烈要求搬迁{e}附近的沥青厂', '{e}业主再次投诉搅拌站噪音', '{e}被沥青烟熏得不敢开窗', '关于{e}周边搅拌站夜间生产的投诉'],
    i,
  ).replace('{e}', pick(PLANT_EST, i * 2)),
  body: `我是${pick(PLANT_EST, i)}的业主，${pick(['小区西边的沥青搅拌站晚上还在生产，', '沥青烟的臭味飘进家里，', '搅拌机轰隆隆响到凌晨，', '大货车进出把路面压烂了，'], i)}${pick(['老人孩子整夜睡不着，', '孩子咳嗽不止，', '衣服晾出去全是黑灰，'], i * 3)}${pick(['恳请环保部门查处。', '请求尽快搬迁这家厂。', '希望给业主一个答复。'], i)}`,
}))
const PLATFORM = ['汇融宝', '汇融宝平台', '汇融宝网贷']
const platform = issue('platform', spread(20, 120, 250), 17, i => ({
  subject: pick(['{o}逾期不兑付，请求立案', '{o}投资人的求助', '关于{o}涉嫌非法集资的举报', '{o}何时还钱', '请政府督促{o}兑付本金'], i).replace(
    '{o}',
    pick(PLATFORM, i),
  ),
  body: `${pick(['本人是', '我们是', '我母亲是'], i)}${pick(PLATFORM, i * 2)}的出借人，${pick(['平台上个月起无法提现，', '客服电话打不通，办公室人去楼空，', '到期的本金和利息一直没有兑付，'], i)}${pick(['很多人投的是养老钱，', '家里已经陷入困境，'], i)}${pick(['恳请公安机关尽快立案。', '请金融办介入调查。', '希望冻结公司资产。'], i)}`,
}))
const subsidy = issue('subsidy', spread(16, 40, 310), 14, i => ({
  subject: pick(['新市民购房补贴申请一直不通过', '购房补贴审核为什么这么慢', '咨询新市民购房补贴发放时间', '新市民购房补贴材料被退回三次'], i),
  body: `${pick(['您好，', '领导好，', ''], i)}我${pick(['去年买了首套房，', '今年三月提交了购房补贴申请，', '按政策申请新市民购房补贴，'], i)}${pick(['审核半年了还没有结果，', '窗口说材料不全又说不清缺什么，', '网上系统一直显示审核中，'], i * 2)}${pick(['请问补贴什么时候能发？', '希望简化审核流程。', '请相关部门给个说法。'], i)}`,
}))
const lamps = issue('lamps', spread(5, 60, 75), 5, i => ({
  subject: pick(['松柏路路灯不亮', '松柏路晚上一片漆黑'], i),
  body: '松柏路这一段路灯坏了一个多月，晚上行人很多，存在安全隐患，请尽快维修。',
}))
// Everyday letters: each place with each problem at most once (no hidden hot issue among them).
const BG_PLACES = [
  '金桂苑',
  '春江花园',
  '望月家园',
  '丽景新村',
  '枫叶小区',
  '白鹭湾',
  '桃源路',
  '中山北路',
  '滨江大道',
  '文化路',
  '梅溪苑',
  '芙蓉小区',
  '锦江花园',
  '东湖新村',
  '湘江路',
  '龙湾家园',
  '和风苑',
  '青松小区',
  '南湖路',
  '兴业大道',
  '明月新村',
  '杏林苑',
  '景和花园',
  '朝阳路',
]
const BG_THINGS = [
  '电梯经常故障',
  '物业费上涨',
  '楼道堆放杂物',
  '下水道堵塞',
  '车辆乱停',
  '外墙瓷砖脱落',
  '消防通道被占',
  '自来水发黄',
  '广场舞噪音',
  '垃圾清运不及时',
  '路面坑洼',
  '占道经营',
]
const background: Letter[] = Array.from({ length: 180 }, (_, i) => {
  const place = pick(BG_PLACES, i)
  const thing = pick(BG_THINGS, i * 5 + Math.floor(i / BG_PLACES.length))
  return {
    留言编号: `bg-${i}`,
    留言用户: `bg-user-${i}`,
    留言主题: pick([`${place}${thing}`, `关于${place}${thing}的问题`, `${thing}没人管`], i),
    留言时间: new Date(YEAR_START + ((i * 353) % 355) * DAY + (i % 9) * 3_600_000).toISOString(),
    留言详情: `${pick(['您好，', '我是附近居民，', ''], i)}${place}${thing}，${pick(['已经好几个月了，', '打电话没人管，', ''], i * 3)}${pick(['希望尽快处理。', '请相关部门管一管。'], i)}`,
  }
})
const HOT = ['plant', 'platform', 'subsidy'] as const

/** The letters file as an export gives it: ordered by letter number, not by time. */
function lettersFile(order: 'shuffled' | 'by-time' | 'newest-first' = 'shuffled', seed = 7): { file: string; issueOf: Map<string, string> } {
  const all = [...plant, ...platform, ...subsidy, ...lamps, ...background]
  let s = seed
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[all[i], all[j]] = [all[j]!, all[i]!]
  }
  if (order !== 'shuffled') all.sort((a, b) => (a.留言时间 < b.留言时间 ? -1 : a.留言时间 > b.留言时间 ? 1 : 0) * (order === 'by-time' ? 1 : -1))
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-past-year-'))
  const file = path.join(dir, 'letters.jsonl')
  fs.writeFileSync(file, all.map(({ issue: _, ...l }) => JSON.stringify(l)).join('\n') + '\n')
  return { file, issueOf: new Map(all.filter(l => l.issue).map(l => [l.留言编号, l.issue!])) }
}

let db: Db
let dirs: string[] = []
beforeEach(() => {
  db = createTestDb()
  resetTopicEngine()
})
afterEach(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
  dirs = []
})

/** The server's NLP worker: small classified batches, each handed to the topic engine. */
function drainLikeTheServer() {
  for (let batch = processQueue(db, { limit: 25 }); batch.length; batch = processQueue(db, { limit: 25 })) afterClassified(db, nullNotifier, batch)
}

async function importAndAsk(order?: Parameters<typeof lettersFile>[0], seed?: number) {
  const { file, issueOf } = lettersFile(order, seed)
  dirs.push(path.dirname(file))
  const summary = await runImport(db, { filePath: file, actor: SYSTEM })
  expect(summary.imported).toBe(issueOf.size + background.length)
  drainLikeTheServer()
  const externalOf = new Map(
    db
      .select({ id: complaintsTable.id, ext: complaintsTable.externalId })
      .from(complaintsTable)
      .all()
      .map(r => [r.id, r.ext ?? '']),
  )
  const token = createApiToken(db, { name: 'office', role: 'street_staff', unitId: null }, SYSTEM).token
  const res = await callRoute(apiLoader, makeRequest('/api/v1/topics?status=suggested', { headers: { authorization: `Bearer ${token}` } }))
  expect(res.status).toBe(200)
  const topics = (await res.json()).topics as { complaintIds: number[]; heat: number; historical: boolean; communityId: number }[]
  const issueOfTopic = (t: (typeof topics)[number]) => {
    const counts = new Map<string, number>()
    for (const id of t.complaintIds) {
      const k = issueOf.get(externalOf.get(id)!) ?? 'other'
      counts.set(k, (counts.get(k) ?? 0) + 1)
    }
    const [key, hits] = [...counts].sort((a, b) => b[1] - a[1])[0]!
    const size = [...issueOf.values()].filter(v => v === key).length
    const precision = hits / t.complaintIds.length
    const recall = size ? hits / size : 0
    return { key, f1: (2 * precision * recall) / (precision + recall || 1) }
  }
  return { topics, issueOfTopic, externalOf }
}

/** The suggestions as sets of letter numbers (independent of database ids), sorted. */
async function partitionAfterImport(order: Parameters<typeof lettersFile>[0], seed?: number) {
  db = createTestDb()
  resetTopicEngine()
  seedTestUnits(db)
  // A running server built its engine at start, before the letters came in.
  getTopicEngine(db)
  const { topics, externalOf } = await importAndAsk(order, seed)
  return topics
    .map(t =>
      t.complaintIds
        .map(id => externalOf.get(id)!)
        .sort()
        .join(' '),
    )
    .sort()
}

describe('a past year of letters imported into a running installation', () => {
  it('serves the three hottest issues as the top three suggestions, hottest first, historical and never pushed', async () => {
    const u = seedTestUnits(db)
    const { topics, issueOfTopic } = await importAndAsk()
    expect(topics.map(t => t.heat)).toEqual([...topics.map(t => t.heat)].sort((a, b) => b - a))
    const top = topics.slice(0, 3).map(issueOfTopic)
    expect(top.map(t => t.key).sort()).toEqual([...HOT].sort())
    for (const t of top) expect(t.f1).toBeGreaterThanOrEqual(0.8)
    expect(topics.every(t => t.historical)).toBe(true)
    // Letters of no known community are the whole district's.
    expect(new Set(topics.map(t => t.communityId))).toEqual(new Set([u.district.id]))
    expect(db.select().from(notifications).all()).toHaveLength(0)
  })

  it('on a database nobody has set up yet, the suggestions go to a district created for them, with an audit row', async () => {
    expect(db.select().from(units).all()).toHaveLength(0)
    const { topics, issueOfTopic } = await importAndAsk()
    expect(
      topics
        .slice(0, 3)
        .map(t => issueOfTopic(t).key)
        .sort(),
    ).toEqual([...HOT].sort())
    const district = db.select().from(units).all()
    expect(district.map(d => [d.kind, d.parentId])).toEqual([['district', null]])
    expect(new Set(topics.map(t => t.communityId))).toEqual(new Set([district[0]!.id]))
    expect(
      db
        .select()
        .from(auditEvents)
        .all()
        .filter(a => a.action === 'unit.create')
        .map(a => a.subjectId),
    ).toEqual([String(district[0]!.id)])
  })

  it('finds the same suggestions whatever the order of the letters in the file', async () => {
    const byTime = await partitionAfterImport('by-time')
    expect(byTime.length).toBeGreaterThanOrEqual(3)
    expect(await partitionAfterImport('newest-first')).toEqual(byTime)
    expect(await partitionAfterImport('shuffled', 7)).toEqual(byTime)
    expect(await partitionAfterImport('shuffled', 99)).toEqual(byTime)
    // Four imports of a year of letters: more than the default limit on a shared machine.
  }, 120_000)
})
