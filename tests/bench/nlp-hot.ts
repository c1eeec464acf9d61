/**
 * "Five hottest real issues" evaluation of the topic engine:
 *   npx tsx tests/bench/nlp-hot.ts [--seeds 1,2,3] [--data <dir>] [--natural-times] [--hard] [--top 10]
 *     [--debug H2] (clusters holding an issue, on stderr) [--dump 5] (members of the 5th topic)
 *
 * Takes the real board messages in ../shared/data (read by path, never copied;
 * skips with a message when absent), squeezes them into one year (each keeps its
 * month, day and time of day; `--natural-times` keeps the real years), gives every
 * message — real or injected — likes from the same distribution, and injects
 * synthetic hot issues and decoys generated here from word pools (no real text):
 * varied wording, weeks to months long, different residents, some writing twice,
 * place sometimes only in the body, one issue with no place but a company name,
 * places written in several variant forms, categories that disagree.
 * It then runs the same code path as `nlp topics` (time order, no window, whole
 * input) and prints JSON: per injected issue the rank, precision, recall and F1 of
 * its best-matching topic; how many of the five largest hot issues are in the top
 * five with F1 ≥ 0.5; time and peak memory. Exit status 0 even when it fails:
 * it is a measurement, not a test.
 *
 * Beside the synthetic figures it reports the real truth: the hand-checked hot
 * issues of hot_issues_dev.jsonl over the real messages alone, at their own
 * times (ids resolved per file through `ids_by_file`): for each issue the rank
 * and F1 of its best-matching topic, hits in the top 5 / top 10 (F1 ≥ 0.5) and
 * the mean best F1.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createTopicEngine, defaultTaxonomy, type ComplaintInput, type SuggestedTopic } from '../../nlp/index'

const args = process.argv.slice(2)
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : dflt
}
const dataDir = flag('data', new URL('../../../shared/data/', import.meta.url).pathname).replace(/\/?$/, '/')
const seeds = flag('seeds', '1,2,3').split(',').map(Number)
const naturalTimes = args.includes('--natural-times')
const showTop = Number(flag('top', '8'))
/** `--hard`: a fifth of the messages name no place or company at all, and letters carry more filler. */
const hard = args.includes('--hard')
/** `--debug H2`: print every cluster holding that issue's messages (block, categories, places). */
const debugIssue = flag('debug', '')
/** `--gap-days 90`: the lull that ends an issue (engine default when absent); `--no-names`: no learned names. */
const gapDays = flag('gap-days', '') ? Number(flag('gap-days', '')) : undefined
const learnNames = !args.includes('--no-names')
/** `--dump 5`: print the members of the topic ranked 5th. */
const dumpRank = Number(flag('dump', '0'))

type Rand = () => number
const prng = (seed: number): Rand => {
  let s = seed >>> 0 || 1
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296
}
const pick = <T>(r: Rand, xs: T[]): T => xs[Math.floor(r() * xs.length)]
const pickSome = <T>(r: Rand, xs: T[], lo: number, hi: number): T[] => {
  const k = lo + Math.floor(r() * (hi - lo + 1))
  const pool = [...xs]
  const out: T[] = []
  while (out.length < k && pool.length) out.push(pool.splice(Math.floor(r() * pool.length), 1)[0])
  return out
}
/** Board-like likes: most messages have none or a few, some many. */
const likes = (r: Rand) => (r() < 0.45 ? 0 : r() < 0.8 ? 1 + Math.floor(r() * 4) : r() < 0.9 ? 5 + Math.floor(r() * 20) : Math.floor(r() * 120))

interface Row extends ComplaintInput {
  issue?: string
}

/** A synthetic issue: word pools the generator combines. {P} = a place form, {O} = an organisation form. */
interface IssueSpec {
  key: string
  hot: boolean
  n: number
  start: string
  days: number
  places: string[]
  orgs?: string[]
  subjects: string[]
  /** Subjects without the place (the place is then only in the body). */
  bareSubjects: string[]
  openings: string[]
  facts: string[]
  harms: string[]
  demands: string[]
  /** Share of messages from a resident who already wrote about it. */
  repeat: number
}

const ISSUES: IssueSpec[] = [
  {
    key: 'H1 mixing plant (noise, dust)',
    hot: true,
    n: 48,
    start: '2019-03-05',
    days: 150,
    places: ['A市A4区金域华府小区', '金域华府', '金域华府小区', 'A4区金域华府'],
    subjects: [
      '{P}旁搅拌站噪音扰民',
      '强烈要求关停{P}附近的混凝土搅拌站',
      '{P}业主再次反映搅拌站问题',
      '{P}边上的搅拌站日夜生产',
      '关于{P}周边搅拌站粉尘污染的投诉',
      '{P}被搅拌站包围了',
    ],
    bareSubjects: [
      '搅拌站粉尘污染严重，居民苦不堪言',
      '投诉A4区一家混凝土搅拌站夜间生产',
      '混凝土搅拌站违规生产何时取缔？',
      '搅拌站噪音太大，晚上无法入睡',
      '再次投诉违建搅拌站',
    ],
    openings: ['我们是{P}的业主，', '本人住在{P}，', '各位领导好！我家在{P}，', '{P}全体业主联名反映：', '尊敬的领导：', '您好，'],
    facts: [
      '小区东边一墙之隔就是一家混凝土搅拌站，',
      '搅拌站每天从早到晚机器轰鸣，',
      '晚上十一点以后还在生产，水泥罐车进进出出，',
      '粉尘漫天，阳台上一层灰，窗户都不敢开，',
      '大型罐车把路面压坏了，还到处洒落泥浆，',
      '听说这家搅拌站根本没有环评手续，',
      '离搅拌站最近的楼栋不到五十米，',
      '凌晨两三点还能听到搅拌机的声音，',
      '我们已经多次打电话反映，一直没有结果，',
    ],
    harms: ['老人和小孩晚上根本睡不着。', '孩子咳嗽不断，医生说和粉尘有关。', '业主们身心俱疲，严重影响正常生活。', '小区空气质量极差，晾的衣服都是灰。'],
    demands: ['恳请环保部门尽快调查处理！', '请求相关部门依法关停搅拌站。', '希望政府还我们一个安静干净的家。', '请给业主一个答复，什么时候搬走？'],
    repeat: 0.15,
  },
  {
    key: 'H2 P2P car-loan platform (no place)',
    hot: true,
    n: 40,
    start: '2019-05-10',
    days: 120,
    places: [],
    orgs: ['鑫盛车贷', '鑫盛车贷平台', '鑫盛金融信息服务有限公司', '鑫盛公司'],
    subjects: ['{O}逾期无法兑付，请求立案', '{O}投资人的求助', '关于{O}涉嫌非法集资的举报', '{O}何时还钱？', '请求政府督促{O}兑付本金', '{O}老板跑路了吗'],
    bareSubjects: ['车贷平台暴雷，血汗钱拿不回来', 'P2P平台逾期，投资人急需帮助', '网贷平台无法提现怎么办', '请求经侦尽快立案侦查'],
    openings: ['本人是{O}的出借人，', '我在{O}投资了十几万，', '我们是{O}的投资人，', '各位领导：{O}的投资人向您求助。', '您好，'],
    facts: [
      '从上个月开始平台就无法提现，',
      '客服电话打不通，公司办公室已经人去楼空，',
      '平台宣称有车辆抵押，资金安全有保障，',
      '到期的本金和利息一直没有兑付，',
      '很多投资人都是退休老人，投入的是养老钱，',
      '平台公告说是资金周转困难，要延期三个月，',
      '我们怀疑老板已经转移资产，',
      '已经去公安经侦部门报案，但迟迟没有立案，',
    ],
    harms: ['家里生活已经陷入困境。', '很多家庭因此负债累累。', '投资人情绪激动，担心血本无归。'],
    demands: ['恳请政府出面督促平台兑付。', '请求公安机关尽快立案，追回资金。', '希望金融办介入调查，保护投资人合法权益。', '请尽快冻结公司资产！'],
    repeat: 0.2,
  },
  {
    key: 'H3 street-front restaurants (oil fume, noise)',
    hot: true,
    n: 34,
    start: '2019-06-01',
    days: 90,
    places: ['A3区枫林雅苑', '枫林雅苑小区', '枫林雅苑', 'A市枫林雅苑'],
    subjects: ['{P}楼下餐馆油烟扰民', '{P}临街门面烧烤店噪音油烟问题', '投诉{P}底商餐饮油烟直排', '{P}居民被油烟熏得受不了', '{P}商铺违规开餐馆'],
    bareSubjects: ['楼下烧烤店油烟噪音扰民严重', '临街餐馆油烟直排，居民无法开窗', '小区底商开饭店，噪音油烟扰民', '夜宵摊深夜喧哗'],
    openings: ['我是{P}的住户，', '{P}的居民反映：', '我家住{P}二栋，', '尊敬的领导，', '你好，'],
    facts: [
      '小区临街一楼门面开了好几家餐馆和烧烤店，',
      '油烟管道直接对着住户窗户排放，',
      '每天晚上烧烤一直营业到凌晨两点，',
      '食客喝酒划拳吵闹，',
      '厨房的排风扇噪音很大，',
      '油烟顺着楼道往上窜，家里全是油烟味，',
      '这些门面原本是商铺，不允许开餐饮，',
      '空调外机和排风机就装在住户窗下，',
    ],
    harms: ['家里窗户一年四季不敢开。', '老人孩子晚上休息不好。', '墙面和窗户都是油污。'],
    demands: ['请城管和环保部门管一管。', '要求取缔这些违规餐馆。', '希望督促安装油烟净化设备。', '请相关部门执法检查。'],
    repeat: 0.12,
  },
  {
    key: 'H4 parking bundled with flats (2-3 place forms)',
    hot: true,
    n: 28,
    start: '2019-08-15',
    days: 60,
    places: ['A6区悦澜湾锦绣苑', '悦澜湾锦绣苑', '锦绣苑', '悦澜湾锦绣苑小区', '悦澜湾'],
    orgs: ['恒达地产', '开发商'],
    subjects: ['{P}开发商捆绑销售车位', '{P}不买车位不给交房', '投诉{P}{O}强制购买车位', '{P}车位捆绑销售问题', '{P}业主被迫买车位'],
    bareSubjects: ['开发商捆绑销售车位，侵害业主权益', '交房要求必须购买车位合理吗', '恳请查处开发商强卖车位'],
    openings: ['我是{P}的业主，', '{P}准业主反映：', '本人在{P}购买了一套住房，', '领导好，'],
    facts: [
      '{O}要求业主必须购买车位才给办理交房手续，',
      '一个车位要价十五万，远超周边价格，',
      '购房时销售人员从来没有提过车位要捆绑，',
      '不买车位就不给钥匙，也不给办房产证，',
      '{O}说这是公司规定，没得商量，',
      '车位只售不租，业主没有选择，',
    ],
    harms: ['业主们敢怒不敢言。', '这明显违反了商品房销售的相关规定。', '我们已经按合同付清了全款。'],
    demands: ['请住建部门和市场监管部门调查处理。', '要求开发商立即停止捆绑销售。', '请依法保障业主的合法权益。'],
    repeat: 0.1,
  },
  {
    key: 'H5 new development problem list',
    hot: true,
    n: 24,
    start: '2019-02-01',
    days: 180,
    places: ['A5区中冶青山府', '中冶青山府', '中冶青山府小区', 'A5区青山路中冶青山府'],
    subjects: [
      '{P}周边道路何时打通',
      '{P}配套学校什么时候建',
      '{P}旁工地夜间施工噪音',
      '{P}没有公交车，出行困难',
      '{P}业主关于配套设施的诉求',
      '{P}交房后问题多',
    ],
    bareSubjects: ['新小区配套严重滞后', '小区门口的路一直没修通', '孩子上学没有学位', '工地夜间施工扰民'],
    openings: ['我是{P}业主，', '{P}已经交房一年多了，', '我们{P}的业主想反映几个问题：', '您好！'],
    facts: [
      '小区门口的青山路只修了一半，下雨全是泥，',
      '当初承诺的配套小学到现在还没动工，',
      '孩子只能跨区去很远的学校读书，',
      '旁边的工地晚上还在打桩施工，',
      '附近没有一条公交线路，出门只能打车，',
      '小区周边路灯不亮，晚上很不安全，',
      '雨水管网没有接通，一下雨地下车库就进水，',
    ],
    harms: ['业主们的生活很不方便。', '这和当初宣传的完全不一样。', '老人小孩出行很危险。'],
    demands: ['请相关部门尽快落实配套设施。', '希望政府督促开发商兑现承诺。', '请给业主一个明确的时间表。'],
    repeat: 0.15,
  },
  {
    key: 'H6 college forced internship',
    hot: true,
    n: 16,
    start: '2019-10-08',
    days: 30,
    places: ['A市星城职业技术学院', '星城职业技术学院', '星城职院'],
    subjects: ['{P}强制学生去工厂实习', '{P}实习要交钱吗', '投诉{P}变相收费', '{P}学生被安排到流水线顶岗'],
    bareSubjects: ['学校强制安排学生到电子厂实习', '职业学院顶岗实习不合理'],
    openings: ['我是{P}的学生，', '我是{P}一名学生的家长，', '领导您好，'],
    facts: [
      '学校要求全体学生到外省电子厂实习半年，',
      '实习内容和所学专业完全无关，',
      '不去实习就不发毕业证，',
      '每天工作十二个小时，工资被学校和中介抽成，',
      '还要交一笔实习管理费，',
    ],
    harms: ['学生们苦不堪言。', '家长们非常担心孩子的安全。'],
    demands: ['请教育部门调查处理。', '希望取消强制实习。', '请退还不合理的收费。'],
    repeat: 0.1,
  },
  // Decoys: real-looking but moderate issues.
  {
    key: 'D1 lift breakdowns',
    hot: false,
    n: 9,
    start: '2019-04-02',
    days: 20,
    places: ['阳光水岸小区', 'A2区阳光水岸'],
    subjects: ['{P}电梯经常故障', '{P}电梯困人', '{P}物业不修电梯'],
    bareSubjects: ['小区电梯三天两头坏'],
    openings: ['我是{P}的业主，', '您好，'],
    facts: ['三号楼电梯这个月已经坏了五次，', '昨天还有老人被困在电梯里，', '物业说没钱维修，'],
    harms: ['高层住户上下楼非常困难。'],
    demands: ['请质监部门督促物业维修。'],
    repeat: 0.1,
  },
  {
    key: 'D2 street lights',
    hot: false,
    n: 7,
    start: '2019-11-03',
    days: 25,
    places: ['A1区白沙路', '白沙路'],
    subjects: ['{P}路灯不亮', '{P}晚上一片漆黑'],
    bareSubjects: ['路灯坏了很久没人修'],
    openings: ['您好，', '我每天晚上经过{P}，'],
    facts: ['这一段路灯已经坏了一个多月，', '晚上行人和电动车很多，'],
    harms: ['存在很大的安全隐患。'],
    demands: ['请尽快维修。'],
    repeat: 0,
  },
  {
    key: 'D3 kindergarten fees',
    hot: false,
    n: 8,
    start: '2019-09-01',
    days: 15,
    places: ['小太阳幼儿园', 'A7区小太阳幼儿园'],
    subjects: ['{P}乱收费', '{P}收取高额赞助费'],
    bareSubjects: ['幼儿园开学乱收费'],
    openings: ['我是{P}的家长，', '领导好，'],
    facts: ['开学要求每个孩子交三千元赞助费，', '不交就不给入园，'],
    harms: ['家长负担很重。'],
    demands: ['请教育局查处。'],
    repeat: 0,
  },
  {
    key: 'D4 bus line request',
    hot: false,
    n: 10,
    start: '2019-07-01',
    days: 40,
    places: ['A7区梅溪湖片区', '梅溪湖片区'],
    subjects: ['建议{P}开通公交线路', '{P}公交太少'],
    bareSubjects: ['请求增开公交线路'],
    openings: ['我住在{P}，', '您好，'],
    facts: ['附近几万居民只有一条公交线路，', '早高峰等车要半个小时，'],
    harms: ['上班族出行非常不便。'],
    demands: ['建议增开公交线路或加密班次。'],
    repeat: 0,
  },
]

// Generic sentences residents add to any letter (shared by every issue): they dilute
// the wording the issue's messages have in common, as real letters do.
const FILLERS = [
  '此事已经持续很长时间了，',
  '我们多次拨打12345热线反映，',
  '之前也在网上留过言，',
  '相关部门来看过一次，之后就没有下文了，',
  '作为一名普通市民，',
  '实在没有办法才写信给领导，',
  '周围的邻居都很有意见，',
  '这个问题大家都看在眼里，',
  '说句实话，我们也理解政府的难处，',
  '今年以来情况越来越严重，',
  '本人多次向街道和社区反映，',
  '我们不是无理取闹，',
]

function fill(t: string, place: string, org: string): string {
  return t.replaceAll('{P}', place).replaceAll('{O}', org)
}

/** Generates one issue's messages (ids `syn-<issue>-<i>`). */
function generate(spec: IssueSpec, idx: number, r: Rand): Row[] {
  const out: Row[] = []
  const users: string[] = []
  const t0 = Date.parse(`${spec.start}T00:00:00`)
  for (let i = 0; i < spec.n; i++) {
    const place = spec.places.length ? pick(r, spec.places) : ''
    const org = spec.orgs ? pick(r, spec.orgs) : ''
    // The subject leaves the place out about a third of the time; the body then names it.
    const bare = !spec.subjects.length || r() < 0.33
    const anonymous = hard && r() < 0.2
    const subject = fill(bare || anonymous ? pick(r, spec.bareSubjects) : pick(r, spec.subjects), place, org)
    const named = spec.openings.filter(o => o.includes('{P}'))
    const unnamed = spec.openings.filter(o => !o.includes('{P}') && !o.includes('{O}'))
    const opening = anonymous && unnamed.length ? pick(r, unnamed) : pick(r, bare && place && named.length ? named : spec.openings)
    const body =
      fill(opening, place || org, org) +
      pickSome(r, FILLERS, hard ? 1 : 0, hard ? 5 : 3).join('') +
      pickSome(r, spec.facts, 2, 4)
        .map(f => fill(f, anonymous ? '' : place, anonymous ? '开发商' : org || '开发商'))
        .join('') +
      pickSome(r, spec.harms, 1, 2).join('') +
      pick(r, spec.demands)
    let user: string
    if (users.length && r() < spec.repeat) user = pick(r, users)
    else users.push((user = `S${idx}${String(i).padStart(3, '0')}`))
    // Times: spread over the span, denser early on (issues flare up, then simmer).
    const when = t0 + Math.floor(r() ** 1.3 * spec.days * 86_400_000) + Math.floor(r() * 36_000_000)
    out.push({ id: `syn-${idx}-${i}`, subject, text: body, time: new Date(when).toISOString(), user, likes: likes(r), issue: spec.key })
  }
  return out
}

function readJsonl(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(l => l.trim())
    .map(l => JSON.parse(l))
}

function realMessages(r: Rand): Row[] | undefined {
  const files = ['messages_with_replies.jsonl', 'messages_unlabeled.jsonl', 'messages_labeled_dev.jsonl'].map(f => dataDir + f)
  if (!files.every(existsSync)) return undefined
  const seen = new Set<string>()
  const out: Row[] = []
  for (const row of files.flatMap(readJsonl)) {
    const id = String(row.id)
    if (seen.has(id)) continue
    seen.add(id)
    let time = String(row.time)
    if (!naturalTimes) time = time.replace(/^\d{4}/, '2019').replace('2019-02-29', '2019-02-28')
    if (!Number.isFinite(Date.parse(time))) continue
    out.push({ id, subject: String(row.subject ?? ''), text: String(row.detail ?? ''), time, user: row.user ? String(row.user) : undefined, likes: likes(r) })
  }
  return out
}

const round = (x: number) => Math.round(x * 1000) / 1000

function evaluate(seed: number) {
  const r = prng(seed * 7919)
  const real = realMessages(r)
  if (!real) return undefined
  const injected = ISSUES.flatMap((s, i) => generate(s, i, r))
  const rows = [...real, ...injected]
  // Same path as `nlp topics`: stable time order, default taxonomy, no window, all topics.
  const withT = rows.map(c => ({ c, t: Date.parse(c.time as string) }))
  withT.sort((a, b) => a.t - b.t)
  const t0 = performance.now()
  const engine = createTopicEngine({ taxonomy: defaultTaxonomy(), gapDays, learnNames })
  for (const { c } of withT) engine.add({ id: c.id, subject: c.subject, text: c.text, time: c.time, likes: c.likes, user: c.user })
  const addMs = performance.now() - t0
  const t1 = performance.now()
  const topics = engine.topics()
  const topicsMs = performance.now() - t1

  const issueOf = new Map(injected.map(m => [m.id, m.issue!]))
  const perIssue = ISSUES.map(spec => {
    const ids = new Set(injected.filter(m => m.issue === spec.key).map(m => m.id))
    let best: { t?: SuggestedTopic; p: number; r: number; f1: number } = { p: 0, r: 0, f1: 0 }
    let bestTop5 = 0
    for (const t of topics) {
      const hit = t.complaintIds.filter(id => ids.has(id)).length
      if (!hit) continue
      const p = hit / t.complaintIds.length
      const rc = hit / ids.size
      const f1 = (2 * p * rc) / (p + rc)
      if (f1 > best.f1) best = { t, p, r: rc, f1 }
      if (t.rank! <= 5) bestTop5 = Math.max(bestTop5, f1)
    }
    const pieces = topics.filter(t => t.complaintIds.some(id => ids.has(id))).length
    return {
      issue: spec.key,
      hot: spec.hot,
      messages: ids.size,
      rank: best.t?.rank ?? null,
      precision: round(best.p),
      recall: round(best.r),
      f1: round(best.f1),
      bestF1InTop5: round(bestTop5),
      topicsHoldingIt: pieces,
      heat: best.t?.heat ?? null,
      title: best.t?.title ?? null,
    }
  })
  if (debugIssue)
    for (const c of engine.clusters()) {
      const mine = c.members.filter(m => issueOf.get(m.id)?.startsWith(debugIssue))
      if (!mine.length) continue
      console.error(
        JSON.stringify({ cluster: c.id, block: c.block, size: c.members.length, mine: mine.length }),
        mine.map(m => `${m.category}/${m.path[1] ?? ''}@${m.place?.canonical ?? '-'}: ${m.subject.slice(0, 24)}`).join(' | '),
      )
    }
  if (dumpRank) {
    const t = topics[dumpRank - 1]
    const byId = new Map(rows.map(x => [x.id, x]))
    const cl = engine.clusters().find(c => c.id === t?.clusterId)
    for (const m of cl?.members ?? [])
      console.error(
        `${m.id} ${m.user} ${new Date(m.time).toISOString().slice(0, 10)} ${m.category} ${m.place?.canonical ?? '-'} | ${byId.get(m.id)?.subject?.slice(0, 40)}`,
      )
  }
  const hottest = perIssue
    .filter(x => x.hot)
    .sort((a, b) => b.messages - a.messages)
    .slice(0, 5)
  const passed = hottest.filter(x => x.bestF1InTop5 >= 0.5).length
  return {
    seed,
    messages: { real: real.length, injected: injected.length },
    hottestFiveInTopFive: passed,
    pass: passed === 5,
    perIssue,
    top: topics.slice(0, showTop).map(t => {
      const by = new Map<string, number>()
      for (const id of t.complaintIds) by.set(issueOf.get(id) ?? 'real', (by.get(issueOf.get(id) ?? 'real') ?? 0) + 1)
      return {
        rank: t.rank,
        heat: t.heat,
        size: t.complaintIds.length,
        title: t.title,
        place: t.place,
        category: t.category,
        composition: Object.fromEntries(by),
      }
    }),
    topics: topics.length,
    addMs: Math.round(addMs),
    topicsMs: Math.round(topicsMs),
  }
}

/** File prefixes: ids are unique per file only. */
const REAL_FILES: Record<string, string> = {
  'messages_with_replies.jsonl': 'R',
  'messages_unlabeled.jsonl': 'U',
  'messages_labeled_dev.jsonl': 'L',
}

/** The engine on the real messages alone, at their real times, against the hand-checked hot issues. */
function evaluateRealTruth() {
  const truthFile = dataDir + 'hot_issues_dev.jsonl'
  if (!existsSync(truthFile)) return { skipped: `no ${truthFile}` }
  const rows: Row[] = []
  for (const [file, prefix] of Object.entries(REAL_FILES)) {
    if (!existsSync(dataDir + file)) continue
    for (const row of readJsonl(dataDir + file)) {
      const time = String(row.time)
      if (!Number.isFinite(Date.parse(time))) continue
      rows.push({
        id: `${prefix}${row.id}`,
        subject: String(row.subject ?? ''),
        text: String(row.detail ?? ''),
        time,
        user: row.user ? String(row.user) : undefined,
      })
    }
  }
  const withT = rows.map(c => ({ c, t: Date.parse(c.time as string) })).sort((a, b) => a.t - b.t)
  const t0 = performance.now()
  const engine = createTopicEngine({ taxonomy: defaultTaxonomy(), gapDays, learnNames })
  for (const { c } of withT) engine.add({ id: c.id, subject: c.subject, text: c.text, time: c.time, user: c.user })
  const topics = engine.topics()
  const ms = performance.now() - t0
  const truth = readJsonl(truthFile).map(t => {
    const byFile = t.ids_by_file as Record<string, number[]>
    const ids = new Set(Object.entries(byFile).flatMap(([f, xs]) => xs.map(x => `${REAL_FILES[f]}${x}`)))
    return { issue: Number(t.issue), kind: String(t.kind), ids }
  })
  const subjectOf = new Map(rows.map(r => [r.id, r.subject]))
  const perIssue = truth.map(({ issue, kind, ids }) => {
    let best: { t?: SuggestedTopic; f1: number; p: number; r: number } = { f1: 0, p: 0, r: 0 }
    for (const t of topics) {
      const hit = t.complaintIds.filter(id => ids.has(id)).length
      if (!hit) continue
      const p = hit / t.complaintIds.length
      const rc = hit / ids.size
      const f1 = (2 * p * rc) / (p + rc)
      if (f1 > best.f1) best = { t, f1, p, r: rc }
    }
    const row = {
      issue,
      kind,
      messages: ids.size,
      rank: best.t?.rank ?? null,
      size: best.t?.complaintIds.length ?? 0,
      precision: round(best.p),
      recall: round(best.r),
      f1: round(best.f1),
    }
    if (debugIssue === `T${issue}`)
      for (const c of engine.clusters()) {
        const mine = c.members.filter(m => ids.has(m.id))
        if (mine.length)
          console.error(
            JSON.stringify({
              cluster: c.id,
              block: c.block,
              size: c.members.length,
              mine: mine.map(m => `${m.id} ${m.place?.canonical ?? m.org ?? '-'} ${subjectOf.get(m.id)}`),
            }),
          )
      }
    return row
  })
  const hits = (k: number) => perIssue.filter(x => x.rank !== null && x.rank <= k && x.f1 >= 0.5).length
  return {
    issues: perIssue.length,
    messages: rows.length,
    topics: topics.length,
    hitsInTop5: hits(5),
    hitsInTop10: hits(10),
    hitsAnyRank: perIssue.filter(x => x.f1 >= 0.5).length,
    meanBestF1: round(perIssue.reduce((a, x) => a + x.f1, 0) / perIssue.length),
    ms: Math.round(ms),
    perIssue,
  }
}

function main() {
  if (!existsSync(dataDir + 'messages_unlabeled.jsonl')) {
    console.log(
      JSON.stringify({ skipped: `no real messages at ${dataDir} (needs messages_with_replies.jsonl, messages_unlabeled.jsonl, messages_labeled_dev.jsonl)` }),
    )
    return
  }
  const realTruth = evaluateRealTruth()
  const runs = seeds.map(evaluate).filter(x => !!x)
  const mb = (x: number) => Math.round(x / 1024 / 1024)
  console.log(
    JSON.stringify(
      {
        data: dataDir,
        times: naturalTimes ? 'natural' : 'squeezed into 2019',
        hard,
        realTruth,
        summary: {
          seeds: runs.map(x => x.seed),
          hottestFiveInTopFive: runs.map(x => x.hottestFiveInTopFive),
          allPass: runs.every(x => x.pass),
          meanF1: Object.fromEntries(ISSUES.map(s => [s.key, round(runs.reduce((a, x) => a + x.perIssue.find(p => p.issue === s.key)!.f1, 0) / runs.length)])),
          addMsPerRun: runs.map(x => x.addMs),
          peakRssMB: mb(process.resourceUsage().maxRSS * 1024),
        },
        runs,
      },
      null,
      2,
    ),
  )
}

main()
