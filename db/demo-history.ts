// Twelve months of synthetic history for the demo district, written by us:
// in every community, topics taken up, deliberated with published minutes,
// decided with measured targets, worked on by departments, delivered and
// rated (one reopened after a poor rating), one suggestion turned down with
// its reason, one still being worked on and one meeting coming up. Every step
// goes through the same query functions the app uses, so audit rows, status
// histories and notifications are consistent; afterwards each step's rows are
// moved back to the day it "happened".
import { and, count, eq, gte, inArray, lte, sql } from 'drizzle-orm'
import { DEFAULT_HEAT_WEIGHTS, heatOf, type Cluster, type Member } from '../nlp/cluster'
import type { Db } from './client'
import { DAY_MS, HOUR_MS, chinaDay, startOfChinaDay } from './dates'
import { DEMO_DEPARTMENTS } from './demo-data'
import type { Role } from './enums'
import { SYSTEM, type Actor } from './queries/audit'
import { createUser } from './queries/auth'
import { createComplaint, setComplaintStatus } from './queries/complaints'
import { recordDecision, recordMeasurement } from './queries/decisions'
import {
  addMeetingParticipant,
  approveMinutes,
  createMeeting,
  forgetMeetingStates,
  getMeeting,
  publishMinutes,
  runMeetingCommand,
  saveMinutesDraft,
  type CommandActor,
} from './queries/meetings'
import { answerSatisfaction } from './queries/satisfaction'
import { writeTopicApproval, writeTopicRejection } from './queries/topics'
import { getUnitByCode } from './queries/units'
import { createWorkOrders, postWorkOrderUpdate, reopenedDeadlineOf, transitionWorkOrder } from './queries/work-orders'
import { complaints, nlpQueue, satisfactionRatings, topicComplaints, topics, users, workOrders } from './schema/index'

/**
 * The engine's heat of a demo suggestion over its own complaints, as of `now`: on the
 * same scale as suggestions from real letters, so the demo never outranks them by fiat.
 */
function demoHeat(db: Db, complaintIds: number[], now: number) {
  const rows = db
    .select({
      id: complaints.id,
      receivedAt: complaints.receivedAt,
      key: complaints.complainantKey,
      likes: complaints.supportersCount,
      channel: complaints.channel,
      unitId: complaints.unitId,
    })
    .from(complaints)
    .where(inArray(complaints.id, complaintIds))
    .all()
  const members = rows.map(
    r =>
      ({
        id: String(r.id),
        time: r.receivedAt.getTime(),
        user: r.key ?? undefined,
        likes: r.likes,
        channel: r.channel,
        sameAuthorDuplicate: false,
      }) as unknown as Member,
  )
  const times = members.map(m => m.time)
  const cluster: Cluster = { id: 'demo', block: '', members, firstTime: Math.min(...times), lastTime: Math.max(...times) }
  // The community's usual daily rate over the 90 days before.
  const unitId = rows[0]?.unitId ?? null
  const recent =
    unitId == null
      ? 0
      : (db
          .select({ n: count() })
          .from(complaints)
          .where(and(eq(complaints.unitId, unitId), gte(complaints.receivedAt, new Date(now - 90 * DAY_MS)), lte(complaints.receivedAt, new Date(now))))
          .get()?.n ?? 0)
  return heatOf(cluster, { now, baselinePerDay: Math.max(recent, 1) / 90, weights: DEFAULT_HEAT_WEIGHTS })
}

type Target = { metric: string; unit: string; baseline: number; target: number; measured: number }
type Story = {
  kind: 'delivered' | 'reopened' | 'working' | 'rejected' | 'upcoming'
  /** Days before now when the first complaint came in. */
  startDaysAgo: number
  place: string
  category: string
  /** The taxonomy's subcategory of the matter, where its complaints are answered in public (the answer shows it). */
  subcategory?: string
  title: string
  complaint: { subject: string; body: string }
  department?: string
  proposal?: { title: string; text: string; statements: [string, string][] }
  targets?: Target[]
  order?: { title: string; progressNote: string }
  reject?: { reason: 'not_jurisdiction' | 'already_handled' | 'not_deliberation'; note: string }
}

const storyPath = (story: Story) => (story.subcategory ? [story.category, story.subcategory] : [story.category])

/** The stories of each community; places are the community's own. */
export const HISTORY: Record<string, Story[]> = {
  'gs-czq': [
    {
      kind: 'delivered',
      startDaysAgo: 330,
      place: '长征桥农贸市场',
      category: '商贸旅游',
      title: '长征桥农贸市场门口占道经营',
      department: 'dept-cityman',
      complaint: { subject: '长征桥农贸市场门口摊位占道', body: '早上市场门口的流动摊位把人行道全占了，推婴儿车的只能走机动车道。' },
      proposal: {
        title: '设立限时疏导摊区并每日巡查',
        text: '在市场东侧空地划出限时摊区（6:00–9:00），城管每天早晚各巡查一次。',
        statements: [
          ['菜场摊主', '摊位挪到东侧空地可以接受，但要有遮雨棚。'],
          ['附近居民', '只要人行道畅通就好，早上推车买菜太危险了。'],
        ],
      },
      targets: [{ metric: '早高峰占道摊位', unit: '个', baseline: 14, target: 0, measured: 1 }],
      order: { title: '划设限时摊区并开展早晚巡查', progressNote: '东侧空地摊区已划线，遮雨棚安装完成一半。' },
    },
    {
      kind: 'reopened',
      startDaysAgo: 240,
      place: '长征桥公园',
      category: '城乡建设',
      title: '长征桥公园夜间照明不足',
      department: 'dept-property',
      complaint: { subject: '长征桥公园晚上太黑', body: '公园北侧步道的路灯坏了好几盏，晚上散步的老人看不清台阶。' },
      proposal: {
        title: '更换北侧步道路灯并增设台阶警示灯',
        text: '物业更换 12 盏损坏路灯，在台阶处增设地面警示灯，每月检查一次。',
        statements: [
          ['晨练队队长', '台阶那里最要紧，去年冬天有人摔过。'],
          ['物业代表', '路灯可以一个月内换完，警示灯需要街道支持经费。'],
        ],
      },
      targets: [{ metric: '正常工作的步道路灯', unit: '盏', baseline: 6, target: 18, measured: 18 }],
      order: { title: '更换北侧步道路灯并增设台阶警示灯', progressNote: '已更换 8 盏路灯，警示灯材料已到货。' },
    },
    {
      kind: 'working',
      startDaysAgo: 50,
      place: '长征新苑',
      category: '城乡建设',
      title: '长征新苑垃圾分类点满溢',
      department: 'dept-property',
      complaint: { subject: '长征新苑垃圾桶天天满出来', body: '小区南门的垃圾分类点每天下午就满了，垃圾堆在地上，气味很大。' },
      proposal: {
        title: '增加下午清运一次并扩容分类点',
        text: '物业每天下午三点加清运一次，南门分类点增加两组桶。',
        statements: [
          ['楼道长', '下午那一趟最关键，晚饭后扔垃圾的人最多。'],
          ['保洁班长', '加一趟清运人手够，但需要物业调整排班。'],
        ],
      },
      targets: [{ metric: '每日清运次数', unit: '次', baseline: 1, target: 2, measured: 2 }],
      order: { title: '南门分类点扩容并增加下午清运', progressNote: '下午清运已开始，两组新桶下周到位。' },
    },
    {
      kind: 'rejected',
      startDaysAgo: 150,
      place: '小河路',
      category: '劳动和社会保障',
      title: '小河路装修公司拖欠工资',
      complaint: { subject: '小河路一家装修公司拖欠工资', body: '老板拖欠了两个月工资，希望有人帮忙讨薪。' },
      reject: { reason: 'not_jurisdiction', note: '属于劳动监察事项，已转区劳动保障监察大队办理，不适合社区议事。' },
    },
  ],
  'gs-hm': [
    {
      kind: 'delivered',
      startDaysAgo: 300,
      place: '和睦新村',
      category: '城乡建设',
      title: '和睦新村加装电梯协商',
      department: 'dept-property',
      complaint: { subject: '和睦新村5幢加装电梯一直谈不拢', body: '高层老人下楼很难，低层住户担心采光，希望社区组织大家坐下来商量。' },
      proposal: {
        title: '5幢试点加装电梯，低层住户获得采光补偿',
        text: '采用贴墙式电梯减少遮光，高层住户按楼层分摊费用，一、二层住户获得一次性补偿。',
        statements: [
          ['5幢住户（高层）', '愿意多出一些钱，只要电梯能装上。'],
          ['5幢住户（一层）', '方案改成贴墙式，采光影响小多了，我同意。'],
        ],
      },
      targets: [{ metric: '签字同意的住户比例', unit: '%', baseline: 55, target: 100, measured: 100 }],
      order: { title: '5幢加装电梯施工协调', progressNote: '施工许可已办理，井道基础开挖完成。' },
    },
    {
      kind: 'reopened',
      startDaysAgo: 210,
      place: '和睦菜场',
      category: '商贸旅游',
      title: '和睦菜场缺斤短两',
      department: 'dept-market',
      complaint: { subject: '和睦菜场买菜缺斤短两', body: '称了两次都不一样，找摊主理论也没有用，希望有公平秤。' },
      proposal: {
        title: '设置公平秤并每月抽检电子秤',
        text: '菜场入口设两台公平秤，市场监管所每月抽检一次摊位电子秤并公示结果。',
        statements: [
          ['买菜的阿姨', '有公平秤就能当场复秤，心里踏实。'],
          ['菜场管理方', '公平秤可以马上放，抽检请监管所来做。'],
        ],
      },
      targets: [{ metric: '抽检合格率', unit: '%', baseline: 70, target: 100, measured: 96 }],
      order: { title: '设置公平秤并开展电子秤月度抽检', progressNote: '公平秤已安装，第一次抽检完成。' },
    },
    {
      kind: 'upcoming',
      startDaysAgo: 40,
      place: '和睦公园',
      category: '环境保护',
      subcategory: '噪音污染',
      title: '和睦公园广场舞音量协商',
      complaint: { subject: '和睦公园广场舞音响太响', body: '每晚音响开到九点半，楼上的孩子写不了作业。' },
    },
    {
      kind: 'rejected',
      startDaysAgo: 120,
      place: '和睦路口',
      category: '交通运输',
      title: '和睦路口红绿灯时长',
      complaint: { subject: '和睦路口绿灯太短', body: '老人过马路走不完，希望延长绿灯时间。' },
      reject: { reason: 'already_handled', note: '交警大队已于上月延长行人绿灯至 35 秒，问题已解决。' },
    },
  ],
  'gs-dy': [
    {
      kind: 'delivered',
      startDaysAgo: 280,
      place: '登云花苑',
      category: '交通运输',
      title: '登云花苑消防通道被占',
      department: 'dept-traffic',
      complaint: { subject: '登云花苑消防通道停满车', body: '晚上消防通道停满私家车，上次救护车进不来耽误了时间。' },
      proposal: {
        title: '施划禁停标线并开放夜间共享车位',
        text: '消防通道施划黄色网格线，附近单位开放 30 个夜间共享车位。',
        statements: [
          ['业委会代表', '光禁停不够，得给大家找地方停车。'],
          ['附近单位后勤', '晚上七点到早上七点可以开放我们的停车场。'],
        ],
      },
      targets: [{ metric: '夜间共享车位', unit: '个', baseline: 0, target: 30, measured: 32 }],
      order: { title: '消防通道施划禁停标线并协调共享车位', progressNote: '标线已施划，共享车位协议已签。' },
    },
    {
      kind: 'reopened',
      startDaysAgo: 190,
      place: '登云路',
      category: '城乡建设',
      subcategory: '市政设施与公共服务',
      title: '登云路路面坑洼积水',
      department: 'dept-cityman',
      complaint: { subject: '登云路一下雨就积水', body: '路面坑坑洼洼，电动车经过很容易摔倒。' },
      proposal: {
        title: '修补坑洼并疏通雨水口',
        text: '城管中队修补 20 处坑洼，疏通沿线雨水口，雨季前完成。',
        statements: [
          ['外卖骑手', '雨天这条路最危险，一个月摔了两个人。'],
          ['沿街商户', '积水溅到店里，希望雨水口一起疏通。'],
        ],
      },
      targets: [{ metric: '待修补坑洼', unit: '处', baseline: 20, target: 0, measured: 0 }],
      order: { title: '登云路坑洼修补及雨水口疏通', progressNote: '已修补 12 处坑洼。' },
    },
    {
      // Handled by the traffic police, so the demo's department login has an order in hand.
      kind: 'working',
      startDaysAgo: 45,
      place: '登云路口',
      category: '交通运输',
      title: '登云路口行人过街不安全',
      department: 'dept-traffic',
      complaint: { subject: '登云路口过马路太危险', body: '早晚高峰车流大，路口没有斑马线，老人和孩子过马路很危险。' },
      proposal: {
        title: '施划人行横道并增设行人过街信号灯',
        text: '交警大队在登云路口施划人行横道，增设按钮式行人过街信号灯，上下学时段安排协管员。',
        statements: [
          ['学生家长', '孩子每天都要穿过这个路口，希望先把斑马线划出来。'],
          ['沿街商户', '装了信号灯车会慢下来，顾客过马路也方便。'],
        ],
      },
      targets: [{ metric: '高峰时段行人等候过街时间', unit: '秒', baseline: 120, target: 45, measured: 80 }],
      order: { title: '登云路口施划人行横道并安装过街信号灯', progressNote: '人行横道已施划，信号灯在安装调试。' },
    },
    {
      kind: 'rejected',
      startDaysAgo: 100,
      place: '红石新城',
      category: '环境保护',
      title: '红石新城工地夜间施工',
      complaint: { subject: '红石新城工地半夜施工', body: '晚上十一点以后还在打桩，吵得睡不着。' },
      reject: { reason: 'not_deliberation', note: '夜间施工属于执法事项，已转生态环境分局立案查处，无需议事协商。' },
    },
  ],
  'gs-xhjy': [
    {
      kind: 'delivered',
      startDaysAgo: 320,
      place: '运河绿道',
      category: '教育文体',
      title: '运河绿道缺少健身设施',
      department: 'dept-cityman',
      complaint: { subject: '运河绿道边没有健身器材', body: '老人只能在绿道边上拉伸，希望装一些健身器材。' },
      proposal: {
        title: '利用绿道边角地建设口袋健身点',
        text: '在佳苑北门外绿道边角地建设口袋健身点，配 8 件适老健身器材。',
        statements: [
          ['退休教师', '器材要适合老人，别装太高难度的。'],
          ['年轻家长', '能不能顺便放几件儿童设施？'],
        ],
      },
      targets: [{ metric: '健身器材', unit: '件', baseline: 0, target: 8, measured: 8 }],
      order: { title: '建设绿道口袋健身点', progressNote: '场地硬化完成，器材进场安装。' },
    },
    {
      kind: 'reopened',
      startDaysAgo: 200,
      place: '小河佳苑幼儿园',
      category: '交通运输',
      title: '佳苑幼儿园门口接送拥堵',
      department: 'dept-traffic',
      complaint: { subject: '幼儿园门口接送太乱', body: '放学时电动车和汽车挤在一起，孩子很危险。' },
      proposal: {
        title: '设置接送等候区并错峰放学',
        text: '幼儿园门口划设电动车等候区，大中小班间隔十分钟放学，交警高峰时段值守。',
        statements: [
          ['家长代表', '错峰十分钟就能松很多。'],
          ['幼儿园老师', '我们可以调整放学时间，请交警帮忙维持秩序。'],
        ],
      },
      targets: [{ metric: '放学高峰通行时间', unit: '分钟', baseline: 25, target: 10, measured: 12 }],
      order: { title: '划设接送等候区并安排高峰值守', progressNote: '等候区标线完成，交警已安排值守。' },
    },
    {
      kind: 'upcoming',
      startDaysAgo: 30,
      place: '佳苑北门',
      category: '城乡建设',
      title: '佳苑北门电动车充电难',
      complaint: { subject: '佳苑北门电动车没地方充电', body: '很多人从楼上拉电线充电，很不安全，希望建集中充电桩。' },
    },
    {
      kind: 'rejected',
      startDaysAgo: 90,
      place: '湖墅南路口',
      category: '城乡建设',
      title: '湖墅南路口商铺装修',
      complaint: { subject: '湖墅南路口商铺装修噪音', body: '白天装修声音很大。' },
      reject: { reason: 'not_deliberation', note: '装修在允许时段内进行，已请物业提醒商户控制噪音，不需要议事会协商。' },
    },
  ],
}

const MEETING_AGENDA = [
  { title: '情况通报', plannedMinutes: 10 },
  { title: '方案讨论', plannedMinutes: 40 },
  { title: '表决', plannedMinutes: 10 },
]

const RESIDENT_NAMES = ['钱秀兰', '孙建国', '周玉兰', '吴志强', '郑海燕', '冯国庆', '陈淑珍', '褚红梅', '卫明', '蒋丽']

/**
 * Move every timestamp the steps in `fn` wrote "now" back to `when`. Rows
 * written before the history began keep theirs.
 */
function makeClock(db: Db) {
  const startedAt = Date.now()
  const COLUMNS: [string, string][] = [
    ['audit_events', 'created_at'],
    ['notifications', 'created_at'],
    ['complaint_status_events', 'created_at'],
    ['complaints', 'created_at'],
    ['topic_events', 'created_at'],
    ['topics', 'created_at'],
    ['topics', 'reviewed_at'],
    ['topics', 'updated_at'],
    ['meetings', 'created_at'],
    ['meeting_events', 'created_at'],
    ['meeting_participants', 'created_at'],
    ['minutes', 'approved_at'],
    ['minutes', 'published_at'],
    ['minutes', 'updated_at'],
    ['decisions', 'created_at'],
    ['decisions', 'delivered_at'],
    ['work_orders', 'created_at'],
    ['work_orders', 'closed_at'],
    ['work_order_events', 'created_at'],
    ['satisfaction_ratings', 'created_at'],
    ['satisfaction_ratings', 'answered_at'],
    ['attachments', 'created_at'],
  ]
  const statements = COLUMNS.map(([table, column]) => db.$client.prepare(`update "${table}" set "${column}" = ? where "${column}" >= ?`))
  return <T>(when: number, fn: () => T): T => {
    const out = fn()
    for (const st of statements) st.run(Math.round(when), startedAt)
    return out
  }
}

/**
 * A rating reopens an order with a new deadline counted from the day it is
 * answered, which for the history is the day the demo is seeded. The history's
 * reopening happened months ago: the order, its deadline line, its audit rows
 * and the messages about it get the deadline it was given on that day.
 */
function backdateReopenedDeadline(db: Db, orderId: number, reopenedAt: Date) {
  const order = db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!
  const given = order.dueAt
  const due = reopenedDeadlineOf(db, order, reopenedAt)
  if (due.getTime() === given.getTime()) return
  const run = (statement: string, ...params: (string | number)[]) => db.$client.prepare(statement).run(...params)
  run('update work_orders set due_at = ? where id = ?', due.getTime(), orderId)
  run("update work_order_events set to_due_at = ? where work_order_id = ? and kind = 'deadline' and to_due_at = ?", due.getTime(), orderId, given.getTime())
  run(
    `update audit_events set "after" = json_set("after", '$.dueAt', ?)
      where subject_type = 'work_order' and subject_id = ? and action in ('work_order.deadline', 'work_order.reopen') and json_extract("after", '$.dueAt') = ?`,
    due.toISOString(),
    String(orderId),
    given.toISOString(),
  )
  run(
    `update notifications set params = json_set(params, '$.due', ?)
      where message_key = 'outcome.notify.reopenedOrderDue' and link = ? and json_extract(params, '$.due') = ?`,
    chinaDay(due),
    `/orders/${orderId}`,
    chinaDay(given),
  )
}

/** 19:00 Beijing time, `days` days after `now`. */
function eveningInDays(now: Date, days: number) {
  return new Date(startOfChinaDay(now).getTime() + days * DAY_MS + 19 * HOUR_MS)
}

export async function seedDemoHistory(db: Db, now: Date) {
  const clock = makeClock(db)
  // Office hours in Beijing (09:00–17:00, varying by day), never later than now: whatever hour the demo is seeded at.
  const at = (daysAgo: number) =>
    Math.min(now.getTime() - 60_000, startOfChinaDay(now).getTime() - Math.round(daysAgo) * DAY_MS + (9 + (Math.abs(Math.round(daysAgo)) % 9)) * HOUR_MS)
  // A deadline is the end of a China-time day, as the dispatch form stores it; unlike events it may lie ahead.
  const dueDay = (daysAgo: number) => new Date(startOfChinaDay(now).getTime() - Math.round(daysAgo) * DAY_MS + DAY_MS - 1)
  const userId = (username: string) => db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!.id
  const actor = (username: string): Actor => ({ kind: 'user', id: userId(username) })
  const street = actor('street1')
  const supervisor = actor('supervisor1')
  const facilitator = { kind: 'user' as const, id: userId('facilitator1') }
  // Each department has a duty account (no password) that acts on its work orders.
  const deptActors = new Map<string, Actor>([['dept-traffic', actor('dept1')]])
  const departmentActor = async (code: string) => {
    if (!deptActors.has(code)) {
      const unit = getUnitByCode(db, code)!
      const u = await createUser(
        db,
        { username: `${code}-duty`, displayName: `${unit.nameZh}值班员`, isDemo: true },
        [{ role: 'department_staff' as Role, unitId: unit.id }],
        SYSTEM,
      )
      deptActors.set(code, { kind: 'user', id: u.id })
    }
    return deptActors.get(code)!
  }
  const workerOf = (code: string) => (code === 'gs-czq' ? actor('worker1') : code === 'gs-hm' ? actor('worker2') : street)
  // The demo resident wrote the first letter of their community's first delivered story and has not rated it yet.
  const resident = userId('resident1')
  const residentName = db.select({ name: users.displayName }).from(users).where(eq(users.id, resident)).get()!.name
  const residentStory = HISTORY['gs-czq']!.find(s => s.kind === 'delivered')

  let n = 0
  for (const [code, stories] of Object.entries(HISTORY)) {
    const community = getUnitByCode(db, code)!
    const worker = workerOf(code)
    for (const story of stories) {
      const t0 = story.startDaysAgo
      // Residents write in over three weeks.
      const complaintIds: number[] = []
      for (let i = 0; i < 5; i++) {
        const received = at(t0 - i * 4)
        const id = clock(
          received,
          () =>
            createComplaint(
              db,
              {
                channel: (['web', 'hotline', 'grid', 'petition', 'web'] as const)[i]!,
                communityId: community.id,
                placeText: story.place,
                subject: i === 0 ? story.complaint.subject : `${story.complaint.subject}（${i + 1}）`,
                body: story.complaint.body,
                receivedAt: new Date(received),
                // The demo resident's letter carries her own name, as the account that filed it.
                complainantName: story === residentStory && i === 0 ? residentName : RESIDENT_NAMES[(n + i) % RESIDENT_NAMES.length]!,
                complainantPhone: `1380000${String(1000 + n * 5 + i).slice(-4)}`,
                complainantUserId: story === residentStory && i === 0 ? resident : null,
                supportersCount: 2 + ((n + i) % 7),
              },
              SYSTEM,
            ).complaint.id,
        )
        complaintIds.push(id)
        // Classified long ago: the category is known and the complaint never goes back to the topic engine.
        db.delete(nlpQueue).where(eq(nlpQueue.complaintId, id)).run()
        db.update(complaints)
          .set({ categoryPath: storyPath(story) })
          .where(eq(complaints.id, id))
          .run()
        clock(received + 3600_000, () => setComplaintStatus(db, id, 'classified', SYSTEM))
      }
      n++
      // The engine's suggestion, then the worker's review.
      const heat = demoHeat(db, complaintIds, at(t0 - 18))
      const suggested = clock(at(t0 - 18), () => {
        const row = db
          .insert(topics)
          .values({
            unitId: community.id,
            status: 'suggested',
            title: story.title,
            description: story.complaint.body,
            category: story.category,
            categoryPath: storyPath(story),
            place: story.place,
            heat: heat.total,
            heatBreakdown: heat as unknown as Record<string, unknown>,
            fromTime: new Date(at(t0)),
            toTime: new Date(at(t0 - 16)),
          })
          .returning()
          .get()
        for (const cid of complaintIds) db.insert(topicComplaints).values({ topicId: row.id, complaintId: cid }).run()
        return row
      })
      if (story.kind === 'rejected') {
        clock(at(t0 - 20), () =>
          writeTopicRejection(
            db,
            { topicId: suggested.id, expectedVersion: suggested.version, reason: story.reject!.reason, note: story.reject!.note },
            worker,
          ),
        )
        continue
      }
      const topic = clock(at(t0 - 20), () =>
        db.transaction(tx =>
          writeTopicApproval(
            tx,
            {
              topicId: suggested.id,
              expectedVersion: suggested.version,
              title: story.title,
              description: story.complaint.body,
              category: story.category,
              place: story.place,
            },
            worker,
          ),
        ),
      )

      // Every story's meeting: public, in the community's meeting room, run by the street's facilitator.
      const scheduleMeeting = (startsAt: Date) =>
        createMeeting(
          db,
          {
            topicId: topic.id,
            title: `${story.title}议事会`,
            mode: 'hybrid',
            startsAt,
            place: `${community.nameZh}会议室`,
            isPublic: true,
            speakerSeconds: 180,
            agenda: MEETING_AGENDA,
            facilitatorIds: [facilitator.id],
          },
          facilitator,
        )

      if (story.kind === 'upcoming') {
        clock(at(1), () => scheduleMeeting(eveningInDays(now, 5 + (n % 5))))
        continue
      }

      // The meeting: statements from the room, a proposal, a vote, adoption.
      // Residents meet in the evening: 19:00 Beijing time, for an hour and a half; it is scheduled a week before.
      const meetingDay = startOfChinaDay(new Date(at(t0 - 32))).getTime() + 19 * HOUR_MS
      const { meetingId, voteSeq } = (() => {
        // The worker records what people in the room say and how they vote.
        const recorderId = (worker as { id: number }).id
        const meeting = clock(at(t0 - 25), () => {
          const m = scheduleMeeting(new Date(meetingDay))
          addMeetingParticipant(db, { meetingId: m.id, userId: recorderId, role: 'recorder' }, facilitator)
          return m
        })
        const detail = getMeeting(db, meeting.id)!
        const me: CommandActor = { userId: facilitator.id, role: 'facilitator', name: '周老师' }
        const recorder: CommandActor = { userId: recorderId, role: 'recorder', name: '记录员' }
        let k = 0
        const run = (type: string, payload: unknown, who: CommandActor = me) => {
          const r = runMeetingCommand(db, {
            meetingId: meeting.id,
            actor: who,
            type,
            payload,
            idempotencyKey: `history-${meeting.id}-${k++}`,
            agendaItemIds: detail.agenda.map(a => a.id),
            speakerSeconds: 180,
          })
          if (!r.ok) throw new Error(`demo meeting ${type}: ${r.error} ${r.issue ?? ''}`)
          return r.event
        }
        // Each step at its minute of the evening.
        const minute = <T>(m: number, fn: () => T) => clock(meetingDay + m * 60_000, fn)
        const p = story.proposal!
        // Nine people in the room, those who speak among them.
        const room = [...p.statements.map(([name]) => name), ...Array.from({ length: 9 }, (_, i) => `议事代表${i + 1}`)].slice(0, 9)
        minute(0, () => {
          run('meeting.start', {})
          for (const name of room) run('attendance.checkin', { inRoomName: name }, recorder)
        })
        const seqs = p.statements.map(([name, text], i) => minute(10 + i * 15, () => run('statement.post', { text, inRoomName: name }, recorder).seq))
        const proposal = minute(45, () => run('proposal.draft', { title: p.title, text: p.text, fromSeqs: seqs }))
        const vote = minute(60, () => {
          const v = run('vote.open', { question: `是否采纳：${p.title}`, kind: 'single', options: ['同意', '反对', '弃权'], proposalSeq: proposal.seq })
          for (const [i, name] of room.entries())
            run('vote.cast', { voteSeq: v.seq, ballot: { choice: i < 7 ? 0 : i === 7 ? 1 : 2 }, inRoomName: name }, recorder)
          return v
        })
        minute(75, () => {
          run('vote.close', { voteSeq: vote.seq })
          run('proposal.decide', { proposalSeq: proposal.seq, outcome: 'adopted', voteSeq: vote.seq })
        })
        minute(90, () => run('meeting.end', {}))
        return { meetingId: meeting.id, voteSeq: vote.seq }
      })()
      clock(meetingDay + 2 * DAY_MS, () => {
        const p = story.proposal!
        const markdown = [
          `# ${story.title}议事会纪要`,
          '',
          `地点：${community.nameZh}会议室`,
          '',
          '## 发言摘要',
          ...p.statements.map(([who, text]) => `- ${who}：${text}`),
          '',
          '## 表决',
          `- 方案“${p.title}”：同意 7，反对 1，弃权 1，通过。`,
          '',
          '## 决定',
          p.text,
        ].join('\n')
        saveMinutesDraft(db, { meetingId, markdown }, facilitator)
        approveMinutes(db, { meetingId, userId: facilitator.id })
        publishMinutes(db, { meetingId, userId: facilitator.id })
      })

      // The decision, with its measurable targets, and the work order.
      const decision = clock(
        at(t0 - 35),
        () =>
          recordDecision(db, { meetingId, title: story.proposal!.title, description: story.proposal!.text, voteSeq, targets: story.targets }, worker).decision,
      )
      const department = getUnitByCode(db, story.department!)!
      const dept = await departmentActor(story.department!)
      const order = clock(
        at(t0 - 36),
        () =>
          createWorkOrders(
            db,
            {
              decisionId: decision.id,
              departmentIds: [department.id],
              title: story.order!.title,
              problem: story.complaint.body,
              place: story.place,
              priority: 'normal',
              dueAt: dueDay(t0 - 80),
              dispatch: true,
            },
            street,
          ).orders[0]!,
      )
      const version = () => db.select({ v: workOrders.version }).from(workOrders).where(eq(workOrders.id, order.id)).get()!.v
      const move = (daysAgo: number, to: string, who: Actor, note?: string) =>
        clock(at(daysAgo), () => transitionWorkOrder(db, { workOrderId: order.id, to, expectedVersion: version(), note }, who))
      move(t0 - 38, 'accepted', dept)
      move(t0 - 40, 'in_progress', dept)
      clock(at(Math.max(t0 - 50, 2)), () => postWorkOrderUpdate(db, { workOrderId: order.id, note: story.order!.progressNote, progress: 60 }, dept))
      if (story.kind === 'working') continue
      move(t0 - 65, 'awaiting_verification', dept, '已按决定完成，请核验。')
      move(t0 - 68, 'verified', supervisor, '现场核验通过。')
      for (const target of story.targets ?? []) {
        const row = db.$client.prepare('select id from decision_targets where decision_id = ? and metric = ?').get(decision.id, target.metric) as { id: number }
        recordMeasurement(db, { targetId: row.id, value: target.measured, measuredAt: new Date(at(t0 - 72)), note: '街道复核实测' }, street)
      }
      const requests = () =>
        db
          .select()
          .from(satisfactionRatings)
          .where(sql`${satisfactionRatings.decisionId} = ${decision.id} and ${satisfactionRatings.answeredAt} is null`)
          .all()
          .filter(r => r.userId !== resident)
      /** Every open request answered, a day apart from `daysAgo` on; the first with `comment`. */
      const answerAll = (daysAgo: number, rating: (i: number) => number, comment: string) => {
        for (const [i, r] of requests().entries())
          clock(at(daysAgo - i), () => answerSatisfaction(db, { token: r.token, rating: rating(i), comment: i === 0 ? comment : null }, SYSTEM))
      }
      if (story.kind === 'reopened') {
        // One resident finds the result poor and reopens it; the department goes back and finishes.
        const [first] = requests()
        clock(at(t0 - 75), () => answerSatisfaction(db, { token: first!.token, rating: 2, comment: '只做了一半，问题还在。', reopen: true }, SYSTEM))
        backdateReopenedDeadline(db, order.id, new Date(at(t0 - 75)))
        clock(at(t0 - 85), () => postWorkOrderUpdate(db, { workOrderId: order.id, note: '根据居民反馈返工，补齐剩余部分。', progress: 90 }, dept))
        move(t0 - 95, 'awaiting_verification', dept, '返工完成，请再次核验。')
        move(t0 - 98, 'verified', supervisor, '复核通过。')
        answerAll(t0 - 100, i => (i % 3 === 0 ? 4 : 5), '返工后好多了。')
      } else {
        answerAll(t0 - 78, i => (i % 4 === 3 ? 3 : 5), '办得实在，谢谢。')
      }
      clock(at(t0 - 105), () => {
        for (const cid of complaintIds) setComplaintStatus(db, cid, 'resolved', SYSTEM, '议事决定已兑现')
      })
    }
  }
  // Every department can receive an order dispatched in the demo, not only those the history used.
  for (const d of DEMO_DEPARTMENTS) await departmentActor(d.code)
  // The meetings were folded as they ran, at today's time: fold them again from the times written above.
  forgetMeetingStates(db)
  // Yesterday's news: people have seen the notifications the history sent them, except the demo resident's request to rate.
  db.$client.prepare("update notifications set read_at = created_at where read_at is null and not (user_id = ? and kind = 'satisfaction')").run(resident)
}
