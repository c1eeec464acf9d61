import fs from 'node:fs'
import path from 'node:path'
import { and, asc, count, eq, gt, ne } from 'drizzle-orm'
import type { Db } from './client'
import { DAY_MS } from './dates'
import * as demo from './demo-data'
import { seedDemoHistory } from './demo-history'
import type { Channel, Role } from './enums'
import { countAnswerView, listPublishedAnswers, publishFaqEntry, recordAnswerFeedback, recordComplaintReply, reviewAnswer } from './queries/answers'
import { ANONYMOUS, SYSTEM } from './queries/audit'
import { createUser } from './queries/auth'
import { createComplaint } from './queries/complaints'
import { acceptInvitation, buildPanelRequest, drawPanel, savePanelAndInvite } from './queries/panels'
import { SYSTEM_VERSION_NOTE } from './queries/taxonomy'
import { createUnit, getUnitByCode, invalidateUnits } from './queries/units'
import { ensureReferenceData } from './reference-data'
import { complaints, deliberators, meetings, notifications, panelMembers, taxonomyVersions, topics, units, users } from './schema/index'

/** Small seeded PRNG (mulberry32) so the demo is the same on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!
  return { next, pick, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) }
}

export const defaultTaxonomyPath = () => path.join(process.cwd(), 'nlp', 'taxonomy', 'default.json')

/** Reference data plus taxonomy version 1; needed by every installation, demo or not. */
export function ensureBaseline(db: Db) {
  ensureReferenceData(db)
  const hasTaxonomy = (db.select({ n: count() }).from(taxonomyVersions).get()?.n ?? 0) > 0
  if (!hasTaxonomy && fs.existsSync(defaultTaxonomyPath())) {
    const data = JSON.parse(fs.readFileSync(defaultTaxonomyPath(), 'utf8'))
    db.insert(taxonomyVersions).values({ version: 1, data, note: SYSTEM_VERSION_NOTE.initial }).run()
  }
}

/** Seed the demo district when the database has no units yet. Returns true when it seeded. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  ensureBaseline(db)
  const n = db.select({ n: count() }).from(units).get()?.n ?? 0
  if (n > 0) return false
  await seedDemo(db)
  return true
}

const CHANNEL_WEIGHTS: [Channel, number][] = [
  ['web', 30],
  ['hotline', 25],
  ['grid', 15],
  ['mailbox', 8],
  ['petition', 7],
  ['online', 10],
  ['open311', 5],
]

export async function seedDemo(db: Db, opts: { complaints?: number; pool?: number; now?: Date; history?: boolean } = {}) {
  const rnd = prng(20261121)
  const now = opts.now ?? new Date()
  invalidateUnits()
  const district = createUnit(db, { kind: 'district', ...demo.DEMO_DISTRICT })
  const street = createUnit(db, { kind: 'street', parentId: district.id, ...demo.DEMO_STREET, aliases: [...demo.DEMO_STREET.aliases] })
  for (const c of demo.DEMO_COMMUNITIES) {
    createUnit(db, { kind: 'community', parentId: street.id, code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, aliases: [...c.aliases], heatThreshold: 20 })
  }
  for (const d of demo.DEMO_DEPARTMENTS) createUnit(db, { kind: 'department', parentId: street.id, ...d })

  for (const a of demo.DEMO_ACCOUNTS) {
    const unitId = a.unit ? getUnitByCode(db, a.unit)!.id : null
    await createUser(
      db,
      {
        username: a.username,
        password: demo.DEMO_PASSWORD,
        displayName: a.displayName,
        phone: `1390000${String(1000 + demo.DEMO_ACCOUNTS.indexOf(a)).slice(-4)}`,
        homeUnitId: a.role === 'resident' ? unitId : null,
        isDemo: true,
      },
      [{ role: a.role as Role, unitId }],
      SYSTEM,
    )
  }
  const resident = db.select().from(users).where(eq(users.username, 'resident1')).get()!
  // A year of topics, meetings, decisions and deliveries, so every page has an outcome to show.
  if (opts.history !== false) await seedDemoHistory(db, now)

  const totalWeight = CHANNEL_WEIGHTS.reduce((s, [, w]) => s + w, 0)
  const pickChannel = (): Channel => {
    let r = rnd.next() * totalWeight
    for (const [c, w] of CHANNEL_WEIGHTS) if ((r -= w) < 0) return c
    return 'web'
  }
  const person = () => `${rnd.pick([...demo.SURNAMES])}${rnd.pick(demo.GIVEN)}`
  const phone = () => `1${rnd.pick(['3', '5', '7', '8'])}${String(rnd.int(0, 999_999_999)).padStart(9, '0')}`
  const fill = (s: string, p: string) => s.replaceAll('{p}', p)
  // resident1 files online under her own name and number; the random draws still happen so the rest of the demo stays as it was.
  const residentPhone = resident.phone ?? '13957100001'
  const asResident = <T extends { channel: Channel; complainantName: string; complainantPhone: string }>(c: T): T & { complainantUserId: number } => ({
    ...c,
    channel: 'web',
    complainantName: resident.displayName,
    complainantPhone: residentPhone,
    complainantUserId: resident.id,
  })

  const nComplaints = opts.complaints ?? 240
  db.transaction(tx => {
    // The Gongshu story: nine letters in one month about the 小河小学 crossing.
    const school = demo.PROBLEMS[0]!
    const czq = getUnitByCode(tx, 'gs-czq')!
    for (let i = 0; i < 9; i++) {
      const letter = {
        channel: (i % 3 === 0 ? 'petition' : i % 3 === 1 ? 'hotline' : 'web') as Channel,
        communityId: czq.id,
        placeText: '小河小学路口',
        subject: i % 2 ? fill(school.subject, '小河小学路口') : '小河小学路口接送孩子车辆拥堵',
        body: school.body
          .map(b => fill(b, '小河小学路口'))
          .slice(0, 2 + (i % 2))
          .join(''),
        receivedAt: new Date(now.getTime() - (26 - i * 3) * DAY_MS - rnd.int(0, 8) * 3600_000),
        complainantName: person(),
        complainantPhone: phone(),
        complainantAddress: `长征桥小区${rnd.int(1, 30)}幢`,
        complainantUserId: null as number | null,
        supportersCount: rnd.int(0, 12),
      }
      createComplaint(tx, i === 0 ? asResident(letter) : letter, SYSTEM)
    }
    for (let i = 0; i < nComplaints - 9; i++) {
      const community = rnd.pick(demo.DEMO_COMMUNITIES)
      const unit = getUnitByCode(tx, community.code)!
      // Problems where they happen: a market's scales, an estate's lifts, a crossing's lights.
      const here = (problem: (typeof demo.PROBLEMS)[number]) => problem.at.filter(p => (community.places as readonly string[]).includes(p))
      const problem = rnd.pick(demo.PROBLEMS.filter(p => here(p).length))
      const place = rnd.pick(here(problem))
      const sentences = problem.body.map(b => fill(b, place))
      const letter = {
        channel: pickChannel(),
        communityId: rnd.next() < 0.9 ? unit.id : null,
        placeText: place,
        subject: fill(problem.subject, place),
        body: sentences.slice(0, rnd.int(2, sentences.length)).join(''),
        receivedAt: new Date(now.getTime() - rnd.int(0, 120) * DAY_MS - rnd.int(0, 86_399) * 1000),
        complainantName: person(),
        complainantPhone: phone(),
        complainantAddress: `${community.nameZh}${place}${rnd.int(1, 20)}幢${rnd.int(1, 6)}单元`,
        complainantUserId: null as number | null,
        supportersCount: rnd.int(0, 5),
      }
      createComplaint(tx, i < 3 ? asResident(letter) : letter, SYSTEM)
    }

    const communities = demo.DEMO_COMMUNITIES.map(c => getUnitByCode(tx, c.code)!)
    const nPool = opts.pool ?? 120
    for (let i = 0; i < nPool; i++) {
      const community = rnd.pick(communities)
      const roles = rnd.next() < 0.35 ? [rnd.pick(demo.POOL_ROLES)] : []
      if (i < 6) roles.push(demo.POOL_ROLES[i % demo.POOL_ROLES.length]!)
      tx.insert(deliberators)
        .values({
          communityId: community.id,
          name: person(),
          phone: phone(),
          building: `${rnd.int(1, 30)}幢`,
          interests: [...new Set([rnd.pick(demo.CATEGORIES), rnd.pick(demo.CATEGORIES)])],
          expertise: rnd.next() < 0.5 ? [rnd.pick(demo.EXPERTISE)] : [],
          roles: [...new Set(roles)],
          attributes: { gender: rnd.next() < 0.52 ? '女' : '男', ageBand: rnd.pick(['18-39', '40-59', '60+']), tenure: rnd.pick(['<5y', '5-15y', '15y+']) },
          availability: rnd.pick(['工作日晚上', '周末', '任何时间']),
          languages: rnd.next() < 0.1 ? ['杭州话', '普通话'] : ['普通话'],
          capability: Math.round((2 + rnd.next() * 3) * 10) / 10,
          consentAt: new Date(now.getTime() - rnd.int(10, 400) * DAY_MS),
          consentText: '同意将以上信息用于社区议事会议事员遴选（演示数据）',
          timesServed: rnd.int(0, 4),
          lastServedAt: rnd.next() < 0.4 ? new Date(now.getTime() - rnd.int(5, 400) * DAY_MS) : null,
        })
        .run()
    }
  })
  await seedDemoPanel(db, now)
  seedDemoAnswers(db, now)
  // A report received months ago was received then, not on the day the demo was seeded.
  db.$client
    .prepare(
      `update complaint_status_events set created_at = (select received_at from complaints c where c.id = complaint_id)
       where status = 'received' and created_at > (select received_at from complaints c where c.id = complaint_id)`,
    )
    .run()
}

/**
 * The demo's first upcoming meeting has a panel, so a new user can try the
 * live meeting as a deliberator: the demo resident (王阿姨, resident1) is in
 * the pool like her neighbours, the street draws the panel as it would on the
 * draw page, and she and two other members accept their invitations (which
 * seats them in the meeting); the others have not answered yet. The draw's
 * seed is fixed, as every draw's is once opened, and is one that seats her:
 * the demo needs her on the panel, and the same seed gives the same panel on
 * every machine (tests/integration/meetings/demo-panel.test.ts).
 */
export const DEMO_PANEL_SEED = '20261121-003'

async function seedDemoPanel(db: Db, now: Date) {
  const meeting = db
    .select({ id: meetings.id, topicId: meetings.topicId })
    .from(meetings)
    .where(and(eq(meetings.status, 'scheduled'), gt(meetings.startsAt, now)))
    .orderBy(asc(meetings.startsAt), asc(meetings.id))
    .get()
  if (!meeting) return
  const topic = db.select().from(topics).where(eq(topics.id, meeting.topicId)).get()!
  const resident = db.select().from(users).where(eq(users.username, 'resident1')).get()!
  const street = db.select().from(users).where(eq(users.username, 'street1')).get()!
  const own = db
    .insert(deliberators)
    .values({
      communityId: resident.homeUnitId ?? getUnitByCode(db, 'gs-czq')!.id,
      userId: resident.id,
      name: resident.displayName,
      phone: resident.phone ?? '13957100001',
      building: '5幢',
      interests: ['城乡建设', '环境保护'],
      expertise: ['养老服务'],
      roles: [],
      attributes: { gender: '女', ageBand: '60+', tenure: '15y+' },
      availability: '工作日晚上',
      languages: ['杭州话', '普通话'],
      capability: 4,
      consentAt: new Date(now.getTime() - 60 * DAY_MS),
      consentText: '同意将以上信息用于社区议事会议事员遴选（演示数据）',
      timesServed: 0,
    })
    .returning({ id: deliberators.id })
    .get()
  const pool = db.select({ n: count() }).from(deliberators).get()?.n ?? 0
  const seats = Math.min(7, pool - 1)
  if (seats < 3) return
  const request = buildPanelRequest(db, topic, {
    seats,
    seed: DEMO_PANEL_SEED,
    roleSeats: {},
    quotas: {},
    alternates: Math.min(3, pool - seats),
    language: 'zh',
    now: now.toISOString(),
  })
  const drawn = await drawPanel(request)
  if (!drawn.ok) return
  const actor = { kind: 'user' as const, id: street.id }
  const { panel } = savePanelAndInvite(db, { topicId: topic.id, request: drawn.request, result: drawn.result }, actor)
  const invited = db
    .select()
    .from(panelMembers)
    .where(and(eq(panelMembers.panelId, panel.id), eq(panelMembers.kind, 'member')))
    .orderBy(asc(panelMembers.position))
    .all()
  const accepting = [...invited.filter(m => m.deliberatorId === own.id), ...invited.filter(m => m.deliberatorId !== own.id).slice(0, 2)]
  for (const m of accepting) acceptInvitation(db, { token: m.inviteToken! }, ANONYMOUS)
  // She answered from the invitation's notice: it has been read.
  db.update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, resident.id), eq(notifications.kind, 'panel')))
    .run()
}

/** Published answers, so the answers page and "ask before you file" show something from the first start. */
function seedDemoAnswers(db: Db, now: Date) {
  for (const r of demo.DEMO_REPLIES) {
    const complaint = db
      .select({ id: complaints.id })
      .from(complaints)
      .where(and(eq(complaints.subject, r.subject), ne(complaints.channel, 'petition')))
      .orderBy(asc(complaints.id))
      .get()
    if (!complaint) continue
    const answer = recordComplaintReply(db, { complaintId: complaint.id, reply: r.reply, repliedAt: new Date(now.getTime() - 3 * DAY_MS) }, SYSTEM)
    reviewAnswer(db, { answerId: answer.id, decision: 'publish' }, SYSTEM)
  }
  // Residents' recurring questions: the answered ones are published, so they are proposed as one FAQ entry.
  demo.DEMO_INQUIRIES.forEach((q, i) => {
    const receivedAt = new Date(now.getTime() - q.daysAgo * DAY_MS)
    const { complaint } = createComplaint(
      db,
      {
        channel: i % 2 ? 'hotline' : 'web',
        communityId: getUnitByCode(db, q.community)!.id,
        subject: q.subject,
        body: q.body,
        receivedAt,
        complainantName: demo.INQUIRY_NAMES[i % demo.INQUIRY_NAMES.length],
        complainantPhone: `1580000${String(1000 + i).slice(-4)}`,
      },
      SYSTEM,
    )
    if (!q.reply) return
    const answer = recordComplaintReply(db, { complaintId: complaint.id, reply: q.reply, repliedAt: new Date(receivedAt.getTime() + 2 * DAY_MS) }, SYSTEM)
    if (q.published !== false) reviewAnswer(db, { answerId: answer.id, decision: 'publish' }, SYSTEM)
  })
  for (const f of demo.DEMO_FAQ) {
    publishFaqEntry(db, { question: f.question, reply: f.reply, sourceIds: [], categoryPath: f.categoryPath }, SYSTEM)
  }
  seedDemoAnswerUse(db)
}

/** Residents' views and votes on the published answers, so the dashboard's library figures are not all zero on the first start. */
function seedDemoAnswerUse(db: Db) {
  const rnd = prng(20261130)
  for (const a of listPublishedAnswers(db)) {
    // Frequent questions are what residents come for; a reply to one resident is read less.
    const views = a.kind === 'faq' ? rnd.int(40, 160) : rnd.int(5, 30)
    for (let i = 0; i < views; i++) countAnswerView(db, a.id)
    const verdicts = [
      ...Array<'helpful'>(Math.round(views * (0.08 + rnd.next() * 0.12))).fill('helpful'),
      ...Array<'not_helpful'>(rnd.int(0, 3)).fill('not_helpful'),
      ...Array<'avoided'>(a.kind === 'faq' ? rnd.int(1, 6) : 0).fill('avoided'),
    ]
    for (const verdict of verdicts) recordAnswerFeedback(db, { answerId: a.id, verdict }, ANONYMOUS)
  }
}

/** Delete everything (for db:reset); migrations stay applied. */
export function wipeDatabase(db: Db) {
  const tables = db.$client
    .prepare(
      `select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like '__drizzle%' and name not like 'complaints_fts_%'`,
    )
    .all() as { name: string }[]
  db.$client.pragma('foreign_keys = OFF')
  db.$client.transaction(() => {
    for (const t of tables) db.$client.prepare(`delete from "${t.name}"`).run()
  })()
  db.$client.pragma('foreign_keys = ON')
  invalidateUnits()
}
