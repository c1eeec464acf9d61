import { defaultTaxonomy, suggestTopics, type ComplaintInput, type SuggestedTopic } from '#nlp/index'

/**
 * Hot issues as real boards have them: one estate, company or programme with the
 * problems raised about it, over months, worded differently by each resident,
 * hidden among hundreds of everyday complaints. All text here is invented.
 */
const taxonomy = defaultTaxonomy()
const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 6)
const at = (d: number, h = 9) => new Date(T0 + d * DAY + h * 3_600_000).toISOString()
const pick = <T>(xs: T[], i: number) => xs[((i % xs.length) + xs.length) % xs.length]

// Everyday complaints about many places and problems over the year.
const BG_PLACES = ['翠湖', '金桂', '丽景', '春江', '阳光', '和平', '东湖', '湘江', '望月', '枫叶', '梅溪', '芙蓉', '锦江', '白鹭', '桃源', '龙湾'].flatMap(a =>
  ['苑', '花园', '新村', '家园'].map(b => a + b),
)
const BG_ROADS = ['人民', '解放', '建设', '中山', '滨江', '迎宾', '五一', '车站', '新华', '文化'].flatMap(a => ['路', '北路', '南路', '大道'].map(b => a + b))
const BG_THINGS = [
  '电梯三天两头故障',
  '物业费突然上涨',
  '楼道堆满杂物',
  '门口路灯不亮',
  '下水道经常堵塞',
  '车辆乱停乱放',
  '绿化带被毁',
  '外墙瓷砖脱落',
  '消防通道被占用',
  '公交站台太远',
  '自来水发黄',
  '化粪池冒水',
  '屋顶漏水',
  '广场舞噪音扰民',
  '垃圾清运不及时',
  '夜间施工噪音',
]
// An estate's defects after handover, as its owners write them ({o}: the estate).
const DEFECT_SUBJECTS = ['{o}交房后问题多', '{o}消防设施不合格', '{o}墙体开裂', '{o}房屋面积缩水', '投诉{o}开发商', '{o}业主维权']
const DEFECT_BODIES = [
  '交房才三个月，墙面就出现多处裂缝，',
  '消防栓里没有水，烟感也是坏的，',
  '实测面积比合同少了好几个平方，',
  '地下室渗水严重，',
  '开发商一直推诿不肯整改，',
  '窗户漏风，门也关不严，',
]
const DEFECT_ASKS = ['请住建部门督促整改。', '要求开发商赔偿。', '希望政府主持公道。']
const BG_ROAD_THINGS = ['路面坑洼不平', '红绿灯时间太短', '占道经营严重', '井盖缺失', '渣土车抛洒', '人行道被占']
const BG_GENERAL = [
  '孩子上学择校问题咨询',
  '医保报销比例咨询',
  '退休工资调整何时到位',
  '社保转移手续太麻烦',
  '公积金提取被拒',
  '办理居住证要跑好几趟',
  '农村低保评定不公平',
  '驾照换证流程咨询',
]
const OPEN = ['我是{p}的居民，', '本人住在{p}，', '您好，{p}这边', '反映一下{p}的情况：', '领导好，我家在{p}，']
const MORE = ['已经好几个月了，', '打了几次电话没人理，', '老人出行很不方便，', '晚上回家很不安全，', '', '邻居们意见很大，']
const ASK = ['希望尽快处理。', '请相关部门管一管。', '盼早日解决。', '望给予答复。', '谢谢！']

function background(n: number, days = 330): ComplaintInput[] {
  return Array.from({ length: n }, (_, i) => {
    const kind = i % 5
    const time = at((i * days) / n, 8 + (i % 10))
    if (kind === 4 && i % 2) {
      const s = pick(BG_GENERAL, i * 3 + Math.floor(i / 40))
      return { id: `bg${i}`, subject: s, text: `${pick(['您好，', '领导好，', ''], i)}${s}，${pick(MORE, i * 7)}${pick(ASK, i)}`, time, user: `bg${i}` }
    }
    if (kind === 3) {
      const road = pick(BG_ROADS, Math.floor(i / 5) * 3)
      const thing = pick(BG_ROAD_THINGS, i * 7 + Math.floor(i / 30))
      return { id: `bg${i}`, subject: `${road}${thing}`, text: `${road}${thing}，${pick(MORE, i * 11)}${pick(ASK, i * 3)}`, time, user: `bg${i}` }
    }
    const place = pick(BG_PLACES, i * 37 + 1)
    const thing = pick(BG_THINGS, i * 7 + Math.floor(i / 16))
    return {
      id: `bg${i}`,
      subject: pick([`${place}${thing}`, `${thing}`, `关于${place}${thing}的问题`], i),
      text: pick(OPEN, i * 3).replace('{p}', place) + `${thing}，` + pick(MORE, i * 11) + pick(BG_THINGS, i * 13 + 5) + '也没人管，' + pick(ASK, i),
      time,
      user: `bg${i}`,
    }
  })
}

/** Messages of one issue: `n` over `days`, each built from its own pick of the pools. */
function issue(prefix: string, n: number, start: number, days: number, make: (i: number) => { subject: string; text: string }): ComplaintInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    ...make(i),
    time: at(start + (i * days) / (n - 1), 7 + ((i * 5) % 13)),
    user: `${prefix}-u${i % Math.ceil(n * 0.85)}`,
  }))
}

/** Best topic for the issue's ids: how many it holds and how many others. */
function best(topics: SuggestedTopic[], prefix: string) {
  const mine = (t: SuggestedTopic) => t.complaintIds.filter(id => id.startsWith(prefix)).length
  const t = [...topics].sort((a, b) => mine(b) - mine(a))[0]
  return { hits: mine(t), others: t.complaintIds.length - mine(t), rank: t.rank, pieces: topics.filter(x => mine(x) > 0).length, topic: t }
}

describe('hot issues are entities with their problems', () => {
  test('an estate’s noise and dust complaints about a nearby plant over five months form one issue', () => {
    const est = ['锦绣华庭', '锦绣华庭小区', 'A2区锦绣华庭']
    const subjects = [
      '{e}旁搅拌站噪音扰民',
      '{e}业主投诉粉尘污染',
      '关于{e}附近混凝土厂的问题',
      '{e}周边大货车日夜轰鸣',
      '{e}居民被灰尘和噪音困扰',
      '再次反映{e}边上的水泥厂',
    ]
    const bodies = [
      '小区东边的混凝土搅拌站晚上还在生产，机器声吵得睡不着，',
      '粉尘漫天，阳台上一层灰，窗户都不敢开，',
      '罐车进进出出，路面全是泥浆，',
      '孩子一直咳嗽，怀疑和粉尘有关，',
      '凌晨两点还能听到搅拌机的声音，',
    ]
    const asks = ['恳请环保部门查处。', '请求关停这家厂。', '希望还我们安静的生活。']
    const cs = issue('n', 30, 20, 150, i => ({
      subject: pick(subjects, i).replace('{e}', pick(est, i * 3)),
      text: `我是${pick(est, i)}的业主，${pick(bodies, i * 2)}${pick(bodies, i * 3 + 1)}${pick(asks, i)}`,
    }))
    const topics = suggestTopics([...background(600), ...cs], { taxonomy })
    const b = best(topics, 'n')
    expect(b.hits).toBeGreaterThanOrEqual(27)
    expect(b.others).toBeLessThanOrEqual(2)
    expect(b.rank).toBeLessThanOrEqual(3)
    // Noise, dust and trucks are filed under different categories: listed as the issue's sub-problems.
    expect(b.topic.entity).toBe('锦绣华庭')
    expect(b.topic.subProblems.length).toBeGreaterThanOrEqual(2)
    expect(b.topic.subProblems.flatMap(p => p.complaintIds).sort()).toEqual([...b.topic.complaintIds].sort())
  })

  test('a lending platform’s collapse in varied wording, with no place, is one issue', () => {
    const forms = ['鼎利宝', '鼎利宝平台', '鼎利宝网贷', '鼎利宝理财']
    const subjects = ['{o}无法提现', '{o}暴雷投资人求助', '关于{o}非法集资的举报', '{o}什么时候兑付', '请求立案侦查{o}', '{o}老板失联']
    const bodies = [
      '我在{o}出借了十几万，',
      '从上个月开始就取不出钱，',
      '客服不接电话，办公室人去楼空，',
      '很多出借人是退休老人，',
      '平台说在清退但一直没有进展，',
      '已经去经侦报案，',
    ]
    const asks = ['请政府督促兑付。', '请求公安尽快立案。', '恳请冻结老板的资产。']
    const cs = issue('p', 26, 100, 110, i => ({
      subject: pick(subjects, i).replace('{o}', pick(forms, i * 3)),
      text: `${pick(bodies, i).replace('{o}', pick(forms, i))}${pick(bodies, i * 5 + 2).replace('{o}', pick(forms, i + 1))}${pick(asks, i)}`,
    }))
    const topics = suggestTopics([...background(600), ...cs], { taxonomy })
    const b = best(topics, 'p')
    expect(b.hits).toBeGreaterThanOrEqual(24)
    expect(b.others).toBeLessThanOrEqual(1)
    expect(b.rank).toBeLessThanOrEqual(3)
    expect(b.topic.entity).toBe('鼎利宝')
    expect(b.topic.title).toContain('鼎利宝')
  })

  test('an estate written with and without a word of its name, never both in one message, is one issue', () => {
    const forms = ['香樟国际水岸', '香樟水岸']
    const cs = issue('v', 20, 60, 150, i => {
      const form = pick(forms, i)
      return {
        subject: pick(DEFECT_SUBJECTS, i).replace('{o}', form),
        text: `我们是${form}的业主，${pick(DEFECT_BODIES, i * 2)}${pick(DEFECT_BODIES, i * 2 + 1)}${pick(DEFECT_ASKS, i)}`,
      }
    })
    const topics = suggestTopics([...background(600), ...cs], { taxonomy })
    const b = best(topics, 'v')
    expect(b.hits).toBeGreaterThanOrEqual(18)
    expect(b.others).toBeLessThanOrEqual(1)
    expect(b.rank).toBeLessThanOrEqual(3)
  })

  test('two estates whose names share only their beginning stay two issues', () => {
    const estate = (prefix: string, name: string) =>
      issue(prefix, 12, 60, 150, i => ({
        subject: pick(DEFECT_SUBJECTS, i).replace('{o}', name),
        text: `我们是${name}的业主，${pick(DEFECT_BODIES, i * 2)}${pick(DEFECT_BODIES, i * 2 + 1)}请住建部门督促整改。`,
      }))
    const topics = suggestTopics([...background(600), ...estate('v', '香樟水岸'), ...estate('w', '香樟丽景')], { taxonomy })
    for (const prefix of ['v', 'w']) {
      const b = best(topics, prefix)
      expect(b.hits).toBeGreaterThanOrEqual(10)
      expect(b.others).toBeLessThanOrEqual(1)
    }
  })

  test('a city-wide subsidy programme’s failed applications over nine months, with no place, form one issue', () => {
    const subjects = [
      '新市民安居补贴申请被驳回',
      '申请了安居补贴一直没有到账',
      '安居补贴审核不通过是什么原因',
      '咨询新市民安居补贴发放进度',
      '安居补贴系统一直提交失败',
      '为什么我的安居补贴被退回',
    ]
    const bodies = [
      '我去年在本市买了首套房，按政策申请新市民安居补贴，',
      '网上提交材料后显示审核不通过，',
      '打电话问住建局说材料不全，但没说缺什么，',
      '已经等了半年多补贴还没发下来，',
      '身边好几个同事都申请成功了，',
      '社保也交满了一年，符合条件，',
    ]
    const asks = ['请帮忙查一下。', '希望给个明确答复。', '请问该怎么办？']
    const cs = issue('s', 25, 30, 270, i => ({ subject: pick(subjects, i * 5), text: `${pick(bodies, i)}${pick(bodies, i * 3 + 1)}${pick(asks, i)}` }))
    const topics = suggestTopics([...background(600), ...cs], { taxonomy })
    const b = best(topics, 's')
    expect(b.topic.entity).toBe('安居补贴')
    expect(b.hits).toBeGreaterThanOrEqual(22)
    expect(b.others).toBeLessThanOrEqual(2)
    expect(b.rank).toBeLessThanOrEqual(3)
  })

  test('an estate named without any 小区/苑 suffix, with varied defects over five months, forms one issue', () => {
    const cs = issue('x', 20, 60, 150, i => ({
      subject: pick(DEFECT_SUBJECTS, i).replace('{o}', '星河左岸'),
      text: `我们是${pick(['星河左岸', '星河左岸二期'], i)}的业主，${pick(DEFECT_BODIES, i * 2)}${pick(DEFECT_BODIES, i * 2 + 1)}${pick(DEFECT_ASKS, i)}`,
    }))
    const topics = suggestTopics([...background(600), ...cs], { taxonomy })
    const b = best(topics, 'x')
    expect(b.hits).toBeGreaterThanOrEqual(18)
    expect(b.others).toBeLessThanOrEqual(1)
    expect(b.rank).toBeLessThanOrEqual(3)
  })

  test('two estates with the same problems, written the same way, never share an issue', () => {
    const names = ['云栖里', '枫丹丽舍']
    const cs = names.flatMap((name, k) =>
      issue(`${'ab'[k]}`, 8, 40 + k, 60, i => ({
        subject: `${name}交房后墙体开裂`,
        text: `我们是${name}的业主，交房后墙面多处开裂，开发商不肯维修，${pick(['请住建部门督促整改。', '希望政府主持公道。'], i)}`,
      })),
    )
    const topics = suggestTopics([...background(300), ...cs], { taxonomy })
    for (const t of topics) {
      const kinds = new Set(t.complaintIds.filter(id => id[0] === 'a' || id[0] === 'b').map(id => id[0]))
      expect(kinds.size).toBeLessThanOrEqual(1)
    }
    expect(best(topics, 'a').hits).toBeGreaterThanOrEqual(7)
    expect(best(topics, 'b').hits).toBeGreaterThanOrEqual(7)
  })
  test('the same wording about an unnamed gate in another community does not join a named school crossing', () => {
    const crossing = issue('x', 9, 200, 20, i => ({
      subject: pick(['小河小学路口接送孩子车辆拥堵', '小河小学路口上下学高峰拥堵严重'], i),
      text: '每天早上七点半到八点，小河小学路口接送孩子的车辆排成长队，孩子过马路很危险。',
    })).map(c => ({ ...c, community: '长征桥' }))
    // Written before the crossing's first complaint and after it, by residents who name
    // their gate in words the engine learns as a name but not as a place.
    const elsewhere: ComplaintInput[] = [150, 190, 205, 210].map((day, k) => ({
      id: `y${k}`,
      subject: '佳苑北门上下学高峰拥堵严重',
      text: '每天早上七点半到八点，佳苑北门接送孩子的车辆排成长队，孩子过马路很危险。',
      time: at(day),
      user: `y-u${k}`,
      community: '小河佳苑',
    }))
    const topics = suggestTopics([...background(200), ...crossing, ...elsewhere], { taxonomy })
    const t = best(topics, 'x')
    expect(t.hits).toBeGreaterThanOrEqual(8)
    expect(t.topic.complaintIds.filter(id => id.startsWith('y'))).toEqual([])
  })
})

describe('one named place, letters filed under two categories', () => {
  test('a letter in the category of a good share of the place’s letters counts as in its category', () => {
    // Three residents write about demolition and planning (城乡建设), then heritage letters (文物) about the same demolition.
    const letters: [number, string, string][] = [
      [0, '反对拆除青石古桥建商业街', '听说要拆青石古桥建商业街，规划不合理，请住建局重新论证。'],
      [2, '青石古桥拆除规划何时公示', '青石古桥拆除改建的规划一直没有公示，施工方案也没有听证。'],
      [4, '青石古桥拆迁改建不合理', '拆掉青石古桥盖商铺，占用公共空间，规划部门要听取意见。'],
      [6, '反对拆除青石古桥这处文物古迹', '反对拆除青石古桥建商业街，青石古桥是文物古迹。'],
      [8, '反对拆除青石古桥文物建商业街', '青石古桥是文物古迹，反对拆除青石古桥建商业街。'],
      [12, '青石古桥文物价值请专家鉴定', '青石古桥的石刻是清代文物，希望专家来鉴定后再决定。'],
    ]
    const rows = letters.map(([d, subject, text], i) => ({ id: `k${i}`, subject, text, time: at(d), user: `k-u${i}` }))
    const topics = suggestTopics([...background(400, 440), ...rows], { taxonomy })
    expect(best(topics, 'k').hits).toBe(6)
    expect(best(topics, 'k').others).toBe(0)
  })
})

describe('event time', () => {
  test('an issue that runs for months stays one issue; after a lull of many months the same complaint starts a new one', () => {
    const make = (i: number) => ({
      subject: pick(['翠湖苑门口夜市占道噪音', '翠湖苑夜市摊贩扰民', '投诉翠湖苑门前夜宵摊'], i),
      text: `翠湖苑门口夜市每天开到凌晨，${pick(['噪音很大，', '油烟呛人，', '垃圾满地，'], i)}请城管整治。`,
    })
    const spring = issue('m', 12, 0, 120, make)
    const autumn = issue('q', 6, 330, 20, make)
    const topics = suggestTopics([...spring, ...autumn], { taxonomy })
    const m = best(topics, 'm')
    expect(m.hits).toBe(12)
    expect(m.others).toBe(0)
    const q = best(topics, 'q')
    expect(q.hits).toBe(6)
    expect(q.others).toBe(0)
  })

  test('an issue residents raise every few months about one bridge stays one issue across lulls longer than the gap', () => {
    const make = (i: number) => ({
      subject: pick(['青石大桥超载货车扰民', '青石大桥上超载大货车日夜通行', '投诉青石大桥超载车辆无人查'], i),
      text: `青石大桥上${pick(['拉砂石的超载货车', '超载的大货车', '超载渣土车'], i)}${pick(['半夜轰隆隆开过，', '把桥面压得坑坑洼洼，', '车速很快，'], i * 2)}治超站形同虚设，请交通部门严查。`,
    })
    // Five letters over fourteen months, 100 to 130 days apart: each lull is longer than the 90-day gap.
    const bridge = [0, 110, 240, 340, 430].map((d, i) => ({ id: `z${i}`, ...make(i), time: at(d), user: `z-u${i}` }))
    const topics = suggestTopics([...background(400, 440), ...bridge], { taxonomy })
    const b = best(topics, 'z')
    expect(b.hits).toBe(5)
    expect(b.others).toBe(0)
    // The same letters with only the default gap and no resumption: the issue falls apart.
    const split = suggestTopics([...background(400, 440), ...bridge], { taxonomy, entityLullDays: 0 })
    expect(best(split, 'z').hits).toBeLessThan(5)
  })

  // Two letters in spring, two more eight months later, each worded afresh: the first pair gives no cadence yet.
  const sparse = (prefix: string, letters: [number, string, string][]) =>
    letters.map(([d, subject, text], i) => ({ id: `${prefix}${i}`, subject, text, time: at(d), user: `${prefix}-u${i}` }))
  test.each([
    [
      'paint fumes from a plant',
      [
        [10, '柳岸名邸旁边工厂喷漆味道刺鼻', '柳岸名邸小区旁边的工厂每天晚上喷漆，窗户都不敢开。'],
        [31, '柳岸名邸附近厂房油漆气味难闻', '住在柳岸名邸，附近厂房天天一股油漆味，孩子咳嗽。'],
        [280, '投诉柳岸名邸周边企业半夜偷排', '又开始了，柳岸名邸这边半夜闻到很重的油漆味，老人头晕。'],
        [296, '柳岸名邸业主再次反映刺鼻气味', '柳岸名邸周围的厂子晚上刺鼻，环保部门来看看吧。'],
      ],
    ],
    [
      'a green belt that is never built',
      [
        [5, '咨询青柳新区绿化带何时动工', '青柳新区规划的绿化带说了两年了，何时动工？'],
        [27, '青柳新区绿化带建设进度', '请问青柳新区那条绿化带现在进展如何，土地已经征了。'],
        [300, '青柳新区的绿化带为何迟迟不建', '青柳新区绿化带还是一片荒地，到底什么时候建？'],
        [322, '关于青柳新区绿化带占用农田', '青柳新区修绿化带占了我们的农田，租金怎么算？'],
      ],
    ],
  ] as [string, [number, string, string][]][])('the same problem about one place, raised again after eight months, stays one issue: %s', (_, letters) => {
    const topics = suggestTopics([...background(400, 440), ...sparse('w', letters)], { taxonomy })
    expect(best(topics, 'w').hits).toBe(4)
    expect(best(topics, 'w').others).toBe(0)
  })

  test('a word of the place’s own name is not a problem both letters raise', () => {
    // 绕城 is a traffic keyword of the taxonomy and the name of the road in both letters.
    const letters: [number, string, string][] = [
      [10, 'Q市绕城高速交警乱罚款', 'Q市绕城高速上交警躲在桥下拍照罚款，投诉电话打不通。'],
      [250, '绕城线匝道太窄天天排队', '早高峰排队两公里，建议改造。'],
    ]
    const topics = suggestTopics([...background(400, 440), ...sparse('r', letters)], { taxonomy })
    expect(topics.filter(t => t.complaintIds.includes('r0') && t.complaintIds.includes('r1'))).toEqual([])
  })

  test('two episodes about one place eight months apart with different problems stay two issues', () => {
    const letters: [number, string, string][] = [
      [10, '柳岸名邸旁边工厂喷漆味道刺鼻', '柳岸名邸小区旁边的工厂每天晚上喷漆，窗户都不敢开。'],
      [31, '柳岸名邸附近厂房油漆气味难闻', '住在柳岸名邸，附近厂房天天一股油漆味，孩子咳嗽。'],
      [280, '柳岸名邸的孩子入学划片不合理', '柳岸名邸的孩子被划到很远的学校上学，入学太难。'],
      [296, '柳岸名邸孩子入学难', '柳岸名邸业主的孩子今年入学被拒，划片要调整。'],
    ]
    const topics = suggestTopics([...background(400, 440), ...sparse('v', letters)], { taxonomy })
    const holding = topics.filter(t => t.complaintIds.some(id => id.startsWith('v')))
    expect(holding.map(t => t.complaintIds.filter(id => id.startsWith('v')).sort())).toEqual(
      expect.arrayContaining([
        ['v0', 'v1'],
        ['v2', 'v3'],
      ]),
    )
  })
})
