import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { action as complaintAction, loader as complaintLoader } from '#app/routes/_intake+/complaints.$id'
import { getPipeline, processQueue, retrainClassifier } from '#app/services/nlp.server'
import { afterClassified, resetTopicEngine } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint, getComplaint } from '#db/queries/complaints'
import { listCorrectedExamples } from '#db/queries/corrections'
import { writeTaxonomyVersion } from '#db/queries/taxonomy'
import { getTopic } from '#db/queries/topics'
import { auditEvents, categoryCorrections, complaintStatusEvents, complaints, topicComplaints, topics, users } from '#db/schema/index'
import { nullNotifier } from '#realtime/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

let db: Db
let u: ReturnType<typeof seedTestUnits>
const DAY = 86_400_000
const ASK = '希望社区管一管，晚上九点以后不要再放音响。'
// Written by residents who name the noise: the taxonomy files these under 环境保护 › 噪音污染.
const NOISE = ['晚上广场舞音响声音太吵影响休息', '广场舞音响太吵，晚上睡不着', '晚上广场舞噪音扰民严重', '广场舞音响声音大影响孩子休息']
// The same matter told through its effect on schoolchildren: the taxonomy reads 教育文体.
const MISFILED = { subject: '晚上音响太吵学生写作业受影响', body: `晚上音响太吵，学生写作业受影响。${ASK}` }
const SCHOOL = ['学校操场体育设施破损', '学校篮球架坏了没人修', '学校体育器材破损学生容易受伤']

function file(subject: string, body: string, i: number, unitId = u.czq.id) {
  return createComplaint(
    db,
    {
      channel: 'web',
      communityId: unitId,
      subject,
      body,
      receivedAt: new Date(Date.now() - 5 * DAY + i * 3600_000),
      complainantKey: `resident-${unitId}-${i}`,
    },
    SYSTEM,
  ).complaint
}

function runPipeline() {
  return afterClassified(db, nullNotifier, processQueue(db, { limit: 10_000 }))
}

function topicOf(complaintId: number) {
  return db
    .select({ id: topics.id, category: topics.category, unitId: topics.unitId })
    .from(topicComplaints)
    .innerJoin(topics, eq(topics.id, topicComplaints.topicId))
    .where(and(eq(topicComplaints.complaintId, complaintId), eq(topics.status, 'suggested')))
    .all()
}

/** Two suggestions in one community, and one complaint the taxonomy files under the wrong one. */
function seedNoiseAndSchool() {
  const noise = NOISE.map((s, i) => file(s, `${s}。${ASK}`, i))
  SCHOOL.forEach((s, i) => file(s, `${s}，学生上体育课容易受伤，希望学校尽快维修。`, 10 + i))
  const misfiled = file(MISFILED.subject, MISFILED.body, 20)
  runPipeline()
  return { noise, misfiled }
}

async function correct(cookie: string, complaintId: number, nodeId: string) {
  return callRoute(complaintAction, makeRequest(`/complaints/${complaintId}`, { method: 'POST', cookie, form: { intent: 'category', nodeId } }), {
    id: String(complaintId),
  })
}

afterEach(() => {
  vi.useRealTimers()
})

beforeEach(() => {
  db = createTestDb()
  resetTopicEngine()
  u = seedTestUnits(db)
})

describe('a worker corrects a complaint’s category', () => {
  it('updates the category with a correction row, a status-history note and an audit row', async () => {
    const { misfiled } = seedNoiseAndSchool()
    expect(getComplaint(db, misfiled.id)!.categoryPath![0]).toBe('教育文体')
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await correct(worker.cookie, misfiled.id, 'environment.noise')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, message: 'correction.saved' })

    const after = getComplaint(db, misfiled.id)!
    expect(after.categoryPath).toEqual(['环境保护', '噪音污染'])
    expect(after.status).toBe('classified')
    const rows = db.select().from(categoryCorrections).where(eq(categoryCorrections.complaintId, misfiled.id)).all()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ fromPath: ['教育文体', '学校与教学管理'], toPath: ['环境保护', '噪音污染'], actorId: worker.id })
    const history = db.select().from(complaintStatusEvents).where(eq(complaintStatusEvents.complaintId, misfiled.id)).all()
    expect(history.at(-1)).toMatchObject({ status: 'classified', actorId: worker.id, note: '教育文体 / 学校与教学管理 → 环境保护 / 噪音污染' })
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, 'complaint.category')).all()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      actorId: worker.id,
      subjectId: String(misfiled.id),
      before: { categoryPath: ['教育文体', '学校与教学管理'] },
      after: { categoryPath: ['环境保护', '噪音污染'] },
    })

    // Choosing the same category again changes nothing.
    const again = await correct(worker.cookie, misfiled.id, 'environment.noise')
    expect(again.status).toBe(400)
    expect(db.select().from(categoryCorrections).all()).toHaveLength(1)
  })

  it('refuses a category the taxonomy does not have, and workers of another community', async () => {
    const { misfiled } = seedNoiseAndSchool()
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    expect((await correct(worker.cookie, misfiled.id, 'no.such.node')).status).toBe(400)
    const other = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    expect((await correct(other.cookie, misfiled.id, 'environment.noise')).status).toBe(403)
    expect(getComplaint(db, misfiled.id)!.categoryPath![0]).toBe('教育文体')
    expect(db.select().from(categoryCorrections).all()).toHaveLength(0)
  })

  it('moves the complaint into the suggestion of its corrected category', async () => {
    const { noise, misfiled } = seedNoiseAndSchool()
    const noiseTopic = topicOf(noise[0]!.id)
    expect(noiseTopic).toHaveLength(1)
    expect(noiseTopic[0]!.category).toBe('环境保护')
    expect(topicOf(misfiled.id)).toEqual([])

    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    await correct(worker.cookie, misfiled.id, 'environment.noise')
    expect(topicOf(misfiled.id).map(t => t.id)).toEqual([noiseTopic[0]!.id])
    const members = db
      .select({ id: topicComplaints.complaintId })
      .from(topicComplaints)
      .where(eq(topicComplaints.topicId, noiseTopic[0]!.id))
      .all()
      .map(r => r.id)
    expect(members.sort((a, b) => a - b)).toEqual([...noise.map(c => c.id), misfiled.id])
  })

  it('takes the complaint out of the suggestion it no longer belongs to', async () => {
    const { noise } = seedNoiseAndSchool()
    const noiseTopic = topicOf(noise[0]!.id)[0]!
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    // A worker judges one of the noise complaints to be about the school instead.
    await correct(worker.cookie, noise[3]!.id, 'education.school')
    expect(topicOf(noise[3]!.id).map(t => t.id)).not.toContain(noiseTopic.id)
    const members = db
      .select({ id: topicComplaints.complaintId })
      .from(topicComplaints)
      .where(eq(topicComplaints.topicId, noiseTopic.id))
      .all()
      .map(r => r.id)
    expect(members.sort((a, b) => a - b)).toEqual(noise.slice(0, 3).map(c => c.id))
    expect(getTopic(db, noiseTopic.id)!.status).toBe('suggested')
  })

  it('keeps the correction as a labelled example the classifier learns from', async () => {
    const { misfiled } = seedNoiseAndSchool()
    const similar = { subject: '晚上音响太吵，学生写作业受到影响', text: `每天晚上音响太吵学生写作业受影响。${ASK}` }
    expect(getPipeline(db).classifier.classify(similar).category).toBe('教育文体')

    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    await correct(worker.cookie, misfiled.id, 'environment.noise')
    expect(listCorrectedExamples(db)).toMatchObject([{ complaintId: misfiled.id, path: ['环境保护', '噪音污染'] }])
    const learned = retrainClassifier(db).classifier.classify(similar)
    expect(learned.category).toBe('环境保护')
    expect(learned.path).toEqual(['环境保护', '噪音污染'])

    // A new complaint in those words is filed under the corrected category, and one about something else is not.
    const next = file(similar.subject, similar.text, 30)
    const unrelated = file('学校篮球架坏了没人修理', '学校篮球架坏了没人修理，学生上体育课容易受伤。', 31)
    processQueue(db, { limit: 100 })
    expect(getComplaint(db, next.id)!.categoryPath).toEqual(['环境保护', '噪音污染'])
    expect(getComplaint(db, unrelated.id)!.categoryPath![0]).toBe('教育文体')
  })

  it('learns in the background shortly after the last correction, not during the request', async () => {
    const { misfiled } = seedNoiseAndSchool()
    const similar = { subject: '晚上音响太吵，学生写作业受到影响', text: `每天晚上音响太吵学生写作业受影响。${ASK}` }
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    vi.useFakeTimers()
    await correct(worker.cookie, misfiled.id, 'environment.noise')
    expect(getPipeline(db).classifier.classify(similar).category).toBe('教育文体')
    vi.advanceTimersByTime(2_000)
    expect(getPipeline(db).classifier.classify(similar).category).toBe('环境保护')
  })

  it('learns corrections again at start: a fresh pipeline reads them from the database', async () => {
    const { misfiled } = seedNoiseAndSchool()
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    await correct(worker.cookie, misfiled.id, 'environment.noise')
    // A taxonomy save rebuilds the pipeline from scratch, as a restart does.
    db.transaction(tx => writeTaxonomyVersion(tx, { data: getPipeline(db).taxonomy as unknown as Record<string, unknown>, diff: [], note: 'test' }, SYSTEM))
    const rebuilt = getPipeline(db)
    expect(rebuilt.learnedCorrectionId).toBeGreaterThan(0)
    expect(rebuilt.classifier.classify({ subject: MISFILED.subject, text: MISFILED.body }).category).toBe('环境保护')
  })
})

describe('the complaint page', () => {
  it('lists the complaint’s topics with links for those who may review them', async () => {
    const { noise } = seedNoiseAndSchool()
    const noiseTopic = topicOf(noise[0]!.id)[0]!
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await callRoute(complaintLoader, makeRequest(`/complaints/${noise[0]!.id}`, { cookie: worker.cookie }), { id: String(noise[0]!.id) })
    const data = await res.json()
    expect(data.topics).toEqual([{ id: noiseTopic.id, title: getTopic(db, noiseTopic.id)!.title, status: 'suggested', canOpen: true }])
    expect(data.categories.current).toBe('environment.noise')
    expect(data.categories.options.map((o: { id: string }) => o.id)).toContain('education.school')
  })

  it('in English shows the correction and the choices in English', async () => {
    const { misfiled } = seedNoiseAndSchool()
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    await correct(worker.cookie, misfiled.id, 'environment.noise')
    const res = await callRoute(complaintLoader, makeRequest(`/complaints/${misfiled.id}`, { cookie: worker.cookie, headers: { 'accept-language': 'en' } }), {
      id: String(misfiled.id),
    })
    const data = await res.json()
    const notes: string[] = data.history.map((h: { note: string | null }) => h.note ?? '')
    expect(notes.at(-1)).toMatch(/^[^\p{Script=Han}]+ → [^\p{Script=Han}]+$/u)
    expect(notes.join(' ')).not.toMatch(/\p{Script=Han}/u)
    expect(data.complaint.category).not.toMatch(/\p{Script=Han}/u)
    expect(data.categories.options.filter((o: { label: string }) => /\p{Script=Han}/u.test(o.label))).toEqual([])
  })

  it('names a logged-in resident who filed without typing a name, to the community’s workers', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    db.update(users).set({ displayName: '林晓雨', phone: '13900001111' }).where(eq(users.id, resident.id)).run()
    const c = createComplaint(
      db,
      { channel: 'web', communityId: u.czq.id, subject: '楼道灯坏了', body: '三单元楼道灯坏了一个月。', complainantUserId: resident.id },
      { kind: 'user', id: resident.id },
    ).complaint
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await callRoute(complaintLoader, makeRequest(`/complaints/${c.id}`, { cookie: worker.cookie }), { id: String(c.id) })
    const data = await res.json()
    expect(data.complaint.complainantName).toBe('林晓雨')
    expect(data.complaint.complainantPhone).toBe('13900001111')
    // Those who may not see personal data do not reach the page at all.
    const other = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    expect((await callRoute(complaintLoader, makeRequest(`/complaints/${c.id}`, { cookie: other.cookie }), { id: String(c.id) })).status).toBe(403)
  })

  it('keeps the name a resident typed over their account name', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const c = createComplaint(
      db,
      {
        channel: 'web',
        communityId: u.czq.id,
        subject: '楼道灯坏了',
        body: '三单元楼道灯坏了一个月。',
        complainantName: '林女士',
        complainantUserId: resident.id,
      },
      SYSTEM,
    ).complaint
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const data = await (await callRoute(complaintLoader, makeRequest(`/complaints/${c.id}`, { cookie: worker.cookie }), { id: String(c.id) })).json()
    expect(data.complaint.complainantName).toBe('林女士')
  })
})

describe('suggestions and communities', () => {
  /** One matter written up by residents of two communities in the same words. */
  function crossCommunityBurst(inCzq: number, inHm: number) {
    const ids: number[] = []
    for (let i = 0; i < inCzq + inHm; i++) {
      const s = NOISE[i % NOISE.length]!
      ids.push(file(s, `${s}。${ASK}`, i, i < inCzq ? u.czq.id : u.hm.id).id)
    }
    return ids
  }

  it('never puts another community’s complaint inside a community’s suggestion', () => {
    const ids = crossCommunityBurst(4, 2)
    runPipeline()
    const rows = db
      .select({ topicUnit: topics.unitId, complaintUnit: complaints.unitId })
      .from(topicComplaints)
      .innerJoin(topics, eq(topics.id, topicComplaints.topicId))
      .innerJoin(complaints, eq(complaints.id, topicComplaints.complaintId))
      .all()
    expect(rows.length).toBeGreaterThan(0)
    // Each complaint sits in its own community's suggestion or in the street's.
    for (const r of rows) expect([r.complaintUnit, u.street.id]).toContain(r.topicUnit)
    // The shared matter is the street's suggestion, with every complaint in it.
    const shared = topicOf(ids[0]!)
    expect(shared).toHaveLength(1)
    expect(shared[0]!.unitId).toBe(u.street.id)
    expect(topicOf(ids[5]!).map(t => t.id)).toEqual([shared[0]!.id])
  })

  it('hands a community’s suggestion to the street when another community’s complaint joins it', () => {
    const ids = crossCommunityBurst(4, 0)
    runPipeline()
    const before = topicOf(ids[0]!)[0]!
    expect(before.unitId).toBe(u.czq.id)
    const late = file(NOISE[1]!, `${NOISE[1]}。${ASK}`, 40, u.hm.id)
    runPipeline()
    expect(topicOf(late.id).map(t => t.id)).toEqual([before.id])
    expect(getTopic(db, before.id)!.unitId).toBe(u.street.id)
  })

  it('keeps a community’s own matter with the community', () => {
    const ids = crossCommunityBurst(4, 0)
    runPipeline()
    expect(topicOf(ids[0]!)[0]!.unitId).toBe(u.czq.id)
  })
})
