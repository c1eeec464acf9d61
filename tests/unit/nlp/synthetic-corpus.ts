import type { ComplaintInput } from '#nlp/index'

/**
 * A deterministic synthetic district: residents of a few communities writing about
 * estates (with and without a suffix), schools, roads, companies and programmes,
 * with problems from every category, copies, traditional characters, full-width
 * letters and long letters. Written for these tests; no real message is in it.
 */
const COMMUNITIES = ['长征桥社区', '金盆岭社区', '杨家山社区', '湘湖社区', '白沙社区']
const ABOUT = [
  '阳光花园小区',
  '星河左岸',
  '翠苑三期',
  '东方明珠花园',
  '小河小学',
  '医院路',
  '建设路与人民路交叉口',
  '鑫盛车贷平台',
  '恒达地产',
  '安居补贴',
  '绿城华庭',
  '湘江新城',
  '河西农贸市场',
  '第一中学',
  '桂花公园',
  '长城物业管理有限公司',
  '鼎利宝',
  '书院路',
  '金桥大厦',
  '杨家山幼儿园',
]
const PROBLEMS: [subject: string, body: string][] = [
  ['垃圾堆放没人清理', '垃圾桶满了好几天没有人来清运，夏天臭气熏天，苍蝇蚊子很多，居民出门都要捂着鼻子。'],
  ['晚上施工噪音扰民', '工地每天晚上十一点以后还在施工，机器轰鸣，噪音很大，老人和孩子都睡不着觉，多次打电话也没人管。'],
  ['路灯坏了一个多月', '路灯坏了一个多月没有修，晚上路上一片漆黑，行人经常摔倒，存在安全隐患。'],
  ['下水道堵塞污水横流', '下水道堵塞，污水从井盖冒出来，流得满地都是，气味难闻，请尽快疏通。'],
  ['停车难乱停车', '小区车位严重不足，车辆乱停乱放堵住消防通道，救护车都进不来。'],
  ['楼顶漏水无人维修', '顶楼一下雨就漏水，墙面发霉，找了物业几次都推脱不管，维修基金也申请不下来。'],
  ['拖欠农民工工资', '工程已经完工半年，老板一直拖欠工资不给，几十个工人过年回不了家。'],
  ['学校乱收费', '学校以各种名义收取资料费、补课费，家长负担很重，希望教育局查处。'],
  ['上下学高峰拥堵', '每天早上接送孩子的车辆乱停，路口拥堵严重，孩子过马路很危险，希望交警来疏导。'],
  ['无法提现投资人维权', '平台突然无法提现，老板跑路，几千名投资人的血汗钱拿不回来，请求公安立案侦查。'],
  ['补贴迟迟不发放', '申请补贴已经一年多，材料都交齐了，审核通过了也不发放，打电话问都说在走流程。'],
  ['电梯经常故障困人', '电梯经常故障，上个月还困住了老人，物业只是简单修一下，没有彻底更换。'],
  ['广场舞音响太吵', '每天晚上广场舞音响开得很大声，一直跳到十点，附近居民无法休息。'],
  ['占道经营油烟扰民', '路边摊贩占道经营，烧烤油烟很大，垃圾随地扔，晚上吵到半夜。'],
  ['医院挂号难排队久', '医院挂号要排好几个小时，专家号根本挂不上，黄牛倒卖号源，希望卫健委管一管。'],
]
const OPENINGS = ['', '您好，', '尊敬的领导：', '我是附近的居民，', '本人是业主，', '反映一个问题：']
const TAILS = [
  '',
  '希望相关部门尽快处理。',
  '请领导重视，给老百姓一个说法！',
  '已经反映过多次，至今没有解决。',
  '附近还有学校和医院，每天人流量很大，这个问题不解决影响很多家庭的正常生活，恳请有关部门实地查看，拿出切实可行的办法，尽快彻底解决，不要再推来推去。',
]
// Traditional forms of a few phrases: residents write them too.
const TRADITIONAL: [string, string][] = [
  ['垃圾', '垃圾'],
  ['没有', '沒有'],
  ['问题', '問題'],
  ['噪音', '噪音'],
  ['学校', '學校'],
  ['处理', '處理'],
  ['维修', '維修'],
  ['电梯', '電梯'],
  ['发放', '發放'],
  ['车辆', '車輛'],
]

export function syntheticCorpus(n = 600, seed = 20240501): ComplaintInput[] {
  let s = seed >>> 0
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
  const start = Date.parse('2025-01-01T08:00:00Z')
  const out: ComplaintInput[] = []
  // Recurring issues: each pairs a place with a problem, so clusters form.
  const issues = Array.from({ length: 40 }, () => ({
    about: pick(ABOUT),
    problem: pick(PROBLEMS),
    community: pick(COMMUNITIES),
    day: Math.floor(rand() * 300),
  }))
  for (let i = 0; i < n; i++) {
    const id = `s${i + 1}`
    const user = `u${Math.floor(rand() * 250)}`
    const r = rand()
    if (r < 0.05 && out.length > 10) {
      // A copy of an earlier complaint, sometimes by the same resident.
      const orig = out[Math.floor(rand() * out.length)]
      out.push({
        ...orig,
        id,
        user: rand() < 0.5 ? orig.user : user,
        time: new Date(Date.parse(String(orig.time)) + 3_600_000).toISOString(),
        classification: undefined,
      })
      continue
    }
    const issue = r < 0.7 ? pick(issues) : { about: pick(ABOUT), problem: pick(PROBLEMS), community: pick(COMMUNITIES), day: Math.floor(rand() * 300) }
    const [problemSubject, problemBody] = issue.problem
    let subject = rand() < 0.85 ? `${issue.about}${problemSubject}` : ''
    let text = `${pick(OPENINGS)}${rand() < 0.8 ? issue.about : ''}${problemBody}${pick(TAILS)}`
    if (rand() < 0.3) text += text
    if (rand() < 0.15) for (const [simp, trad] of TRADITIONAL) ((subject = subject.split(simp).join(trad)), (text = text.split(simp).join(trad)))
    if (rand() < 0.1) text = `Ａ市 ${text}　联系电话１３８００００${String(i).padStart(4, '0')}`
    const day = issue.day + Math.floor(rand() * 20)
    out.push({
      id,
      subject,
      text,
      time: new Date(start + day * 86_400_000 + Math.floor(rand() * 86_400_000)).toISOString(),
      community: rand() < 0.9 ? issue.community : undefined,
      user: rand() < 0.9 ? user : undefined,
      likes: Math.floor(rand() * 5),
      channel: pick(['web', 'hotline', 'wechat']),
    })
  }
  return out.sort((a, b) => Date.parse(String(a.time)) - Date.parse(String(b.time)) || (a.id < b.id ? -1 : 1))
}
