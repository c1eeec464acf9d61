import { createTopicEngine, extractOrgs, extractPlaces, suggestTopics, type ComplaintInput } from '#nlp/index'
import { smallTaxonomy } from './helpers'

const taxonomy = smallTaxonomy()
const day = (d: number, h = 9) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000 + h * 3_600_000).toISOString()
const pick = <T>(xs: T[], i: number) => xs[i % xs.length]

describe('places: names that are not places, and names glued together', () => {
  const found = (text: string) => extractPlaces(text).map(p => `${p.name}/${p.kind}${p.generic ? '/generic' : ''}`)
  test.each([
    ['跑路 is not a road', '鑫盛公司老板跑路了吗', []],
    ['线路 is not a road', '附近没有一条公交线路', []],
    ['走路 is not a road, 铁路 neither', '铁路局说走路去', []],
    ['a school named after its town part', 'A市星城职业技术学院强制实习', ['星城职业技术学院/school']],
    ['a compound’s 配套 school is not a place of its own', '中冶青山府配套学校什么时候建', ['中冶青山府/compound']],
    ['compound then kindergarten stays as before', '丽发新城幼儿园收费', ['丽发新城幼儿园/school', '丽发新城/compound']],
    ['经济学院 keeps its name', 'A市经济学院收费', ['经济学院/school']],
    ['村级公路 is any village road', '反映石常村村级公路硬化问题', ['石常村/community']],
  ])('%s', (_, text, expected) => {
    expect(found(text)).toEqual(expected)
  })

  test.each([['星城职业技术学院'], ['星城职业学院'], ['星城职院']])('%s folds to one canonical school', name => {
    expect(extractPlaces(`我是${name}的学生`)[0]?.canonical).toBe('星城职院')
  })
})

describe('extractOrgs', () => {
  test.each([
    ['鑫盛车贷平台老板跑路了吗', [['鑫盛车贷平台', '鑫盛']]],
    ['我们是鑫盛金融信息服务有限公司的投资人', [['鑫盛金融信息服务有限公司', '鑫盛']]],
    ['鑫盛公司投资人的求助', [['鑫盛公司', '鑫盛']]],
    ['我在58车贷投资了十万', [['58车贷', '58']]],
    ['投诉A6区恒达地产强制购买车位', [['恒达地产', '恒达']]],
    ['A市金鼎置业有限公司', [['金鼎置业有限公司', '金鼎']]],
    ['该公司拒不退款', []],
    ['物业公司不作为', []],
    ['中国移动乱扣费', []],
    ['开发商捆绑销售', []],
    ['网贷平台无法提现', []],
    ['请质监部门督促物业维修', []],
    ['', []],
  ])('%s', (text, expected) => {
    expect(extractOrgs(text).map(o => [o.name, o.canonical])).toEqual(expected)
  })
})

/**
 * Everyday complaints about many places and problems, so document frequencies look
 * like a real inbox (words every complaint uses are common, names are rare). Sentences
 * come from several pools picked independently, so no two letters read alike.
 */
const OPEN = ['我是{p}的居民，', '本人住在{p}，', '您好，{p}这边', '反映一下{p}的情况：', '{p}业主求助：', '领导好，我家在{p}，']
const THINGS = [
  '电梯三天两头故障',
  '物业费突然上涨',
  '楼道堆满杂物',
  '门口路灯不亮',
  '下水道经常堵塞',
  '车辆乱停乱放',
  '绿化带被毁',
  '外墙瓷砖脱落',
  '消防通道被占用',
  '房产证迟迟办不下来',
  '公交站台太远',
  '自来水发黄',
  '监控坏了没人修',
  '快递柜收费',
  '健身器材损坏',
  '化粪池冒水',
  '单元门禁失灵',
  '屋顶漏水',
]
const MORE = ['已经好几个月了，', '打了几次电话没人理，', '老人出行很不方便，', '晚上回家很不安全，', '业委会也不管，', '', '', '邻居们意见很大，']
const ASK = ['希望尽快处理。', '请相关部门管一管。', '盼早日解决。', '望给予答复。', '谢谢！', '请督促物业整改。']
const PLACES = ['翠湖', '金桂', '丽景', '春江', '阳光', '和平', '东湖', '湘江', '望月', '枫叶', '梅溪', '芙蓉', '锦江', '白鹭', '桃源', '龙湾'].flatMap(a =>
  ['苑', '花园', '新村', '家园'].map(b => a + b),
)
const background = (n: number, from = 0, days = 120): ComplaintInput[] =>
  Array.from({ length: n }, (_, i) => {
    const place = pick(PLACES, i * 37 + 1)
    const thing = pick(THINGS, i * 7 + Math.floor(i / 16))
    return {
      id: `bg${i}`,
      subject: pick([`${place}${thing}`, `${thing}`, `关于${place}${thing}的问题`], i),
      text: pick(OPEN, i * 3).replace('{p}', place) + `${thing}，` + pick(MORE, i * 11) + pick(THINGS, i * 13 + 5) + '也没人管，' + pick(ASK, i),
      time: day(from + (i * days) / n, 10 + (i % 8)),
      user: `bg${i}`,
    }
  })

/** A lending platform failing investors: no place, wording and (classified) categories vary. */
const platform = (n: number): ComplaintInput[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    subject: pick(['鑫盛车贷逾期无法兑付', '鑫盛车贷平台何时还钱', '关于鑫盛公司非法集资的举报', '鑫盛金融信息服务有限公司投资人求助'], i),
    text:
      pick(['平台无法提现，本金和利息一直没有兑付，', '客服电话打不通，公司人去楼空，', '很多投资人是退休老人，投的是养老钱，'], i) +
      pick(['请求公安立案。', '请政府督促兑付。', '噪音一样吵得睡不着。'], i * 7),
    time: day(i * 3),
    user: `u${i % Math.ceil(n * 0.8)}`,
  }))

describe('hot issues', () => {
  test('a company named in different forms, with no place, is one topic across categories', () => {
    const topics = suggestTopics([...background(300, 0, 80), ...platform(24)], { taxonomy })
    expect(topics.find(t => t.complaintIds.includes('p0'))!.complaintIds.filter(id => id.startsWith('p'))).toHaveLength(24)
    expect(topics[0].complaintIds.every(id => id.startsWith('p'))).toBe(true)
  })

  test('a long-running issue survives hundreds of busier clusters in its block', () => {
    const cs: ComplaintInput[] = []
    // 400 unrelated environmental complaints with no place: one (community × category) block.
    const sources = ['隔壁装修', '楼下商铺', '夜市摊贩', '广场舞音响', '工厂排气', '垃圾站', '烧烤摊', '洗车店', 'KTV', '建筑工地', '养狗人家', '菜场']
    const harms = ['噪音扰民', '垃圾乱堆', '污染空气', '污水横流', '噪声很大', '气味难闻']
    for (let i = 0; i < 400; i++)
      cs.push({
        id: `o${i}`,
        subject: `${pick(sources, i)}${pick(harms, i * 5 + Math.floor(i / 12))}`,
        text: pick(OPEN, i).replace('{p}', '这里') + `${pick(sources, i * 7 + 2)}${pick(harms, i)}，` + pick(MORE, i * 3) + pick(ASK, i * 5),
        time: day(i * 0.5),
      })
    // 20 complaints about one nuisance spread over the same 200 days.
    const subjects = ['搅拌站噪音扰民严重', '混凝土搅拌站日夜生产', '搅拌站粉尘漫天', '强烈要求关停搅拌站']
    const bodies = ['水泥罐车进进出出，搅拌机轰鸣，', '搅拌站粉尘污染，窗户不敢开，', '搅拌站夜里还在生产，']
    for (let i = 0; i < 20; i++) cs.push({ id: `m${i}`, subject: pick(subjects, i), text: pick(bodies, i) + '请环保部门查处。', time: day(i * 10 + 0.3) })
    const topics = suggestTopics(cs, { taxonomy })
    const best = topics.find(t => t.complaintIds.includes('m0'))!
    const hits = best.complaintIds.filter(id => id.startsWith('m')).length
    expect(hits).toBeGreaterThanOrEqual(18)
    expect(best.complaintIds.length - hits).toBeLessThanOrEqual(2)
  })

  test.each([
    ['two compounds', ['翠苑小区', '金桂苑小区']],
    ['two companies', ['鑫盛车贷', '金鼎车贷']],
  ])('%s with the same wording stay apart', (_, names) => {
    const cs = names.flatMap((name, k) =>
      Array.from({ length: 4 }, (_, i) => ({
        id: `${k}-${i}`,
        subject: `${name}交房后电梯问题`,
        text: `${name}电梯坏了一个月，物业不修，业主很着急。`,
        time: day(i * 2 + k),
      })),
    )
    const topics = suggestTopics(cs, { taxonomy })
    for (const t of topics) expect(new Set(t.complaintIds.map(id => id[0])).size).toBe(1)
  })

  test('clusters that grew under two names of one place merge once the names are linked', () => {
    const engine = createTopicEngine({ taxonomy })
    const body = '开发商要求业主必须购买车位才给办理交房手续，车位捆绑销售。'
    let t = 0
    for (let i = 0; i < 4; i++) engine.add({ id: `a${i}`, subject: '锦绣苑车位捆绑销售', text: body, time: day(t++) })
    for (let i = 0; i < 4; i++) engine.add({ id: `b${i}`, subject: '悦澜湾不买车位不给交房', text: '悦澜湾' + body, time: day(t++) })
    expect(engine.clusterOf('a0')).not.toBe(engine.clusterOf('b0'))
    const a = engine.clusterOf('a0')!
    const b = engine.clusterOf('b0')!
    // The first complaint naming both links the names; the two clusters merge on that add.
    const r = engine.add({ id: 'link', subject: '悦澜湾锦绣苑捆绑销售车位', text: body, time: day(t++) })
    expect(r.merged).toEqual([b])
    expect(r.clusterId).toBe(a)
    engine.add({ id: 'next', subject: '锦绣苑开发商捆绑销售车位', text: body, time: day(t++) })
    const ids = ['a0', 'a3', 'b0', 'b3', 'link', 'next'].map(id => engine.clusterOf(id))
    expect(new Set(ids)).toEqual(new Set([a]))
    const topics = engine.topics()
    expect(topics[0].complaintIds).toHaveLength(10)
    // The merged-away cluster is gone; removing still works after a merge.
    expect(engine.clusters().length).toBe(topics.length + engine.clusters().filter(c => c.members.length < 2).length)
    expect(engine.remove('b0')).toBe(true)
    expect(engine.topics()[0].complaintIds).toHaveLength(9)
  })

  test('a 40-complaint issue outranks many liked 3-complaint clusters', () => {
    const cs: ComplaintInput[] = [...background(300), ...platform(40)]
    const places = ['翠苑', '金桂苑', '丽景苑', '春江花园', '阳光家园', '和平新村', '滨河苑', '东湖花园']
    places.forEach((p, k) => {
      for (let i = 0; i < 3; i++)
        cs.push({
          id: `s${k}-${i}`,
          subject: `${p}小区门口垃圾堆放`,
          text: `${p}小区门口垃圾没人清运，发臭。`,
          time: day(110 + k + i / 10),
          likes: 40,
          user: `r${k}-${i}`,
        })
    })
    const topics = suggestTopics(cs, { taxonomy })
    expect(topics[0].complaintIds.filter(id => id.startsWith('p')).length).toBeGreaterThanOrEqual(36)
    expect(topics[0].complaintIds.every(id => id.startsWith('p'))).toBe(true)
  })
})
