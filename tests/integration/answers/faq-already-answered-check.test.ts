import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { updateFaq } from '#app/commands/answers.server'
import { action } from '#app/routes/_answers+/answers.review'
import { action as entryAction } from '#app/routes/_answers+/answers.review_.$id'
import { answersForQuestion } from '#app/services/answers.server'
import { getPublishedAnswer, publishFaqEntry } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { answers, auditEvents } from '#db/schema/index'
import { createLoggedInUser, createTestDb, postForm, seedTestUnits } from '#tests/db-utils'
import { alertOf, control, visible } from '#tests/render-page'
import { faqEditorPages } from './faq-editor-pages'

const CHARGING = '电动自行车能不能在楼道里充电？小区哪里可以充？'

// Published FAQ entries on charging e-bikes, on flu jabs and on the elderly canteen, and a worker at the FAQ editor.
async function setup() {
  const db = createTestDb()
  seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'street_staff', 'gs-xh')
  const entry = (question: string, reply: string) => publishFaqEntry(db, { question, reply, sourceIds: [] }, SYSTEM)
  const charging = entry(CHARGING, '不能。楼道、楼梯间和家中都严禁给电动自行车充电。各社区都建有集中充电棚，扫码付费充电。')
  const flu = entry('流感疫苗在哪里打？', '社区卫生服务中心接种门诊，工作日上午可接种流感疫苗。')
  const canteen = entry('老年食堂几点开饭？', '每天十一点到十二点半供应午餐。')
  const path = `/answers/review?q=${encodeURIComponent('电动车充电')}`
  const { page, entryPage } = faqEditorPages(worker.cookie, path)
  const check = (fields: Record<string, string>) =>
    postForm(action, path, worker.cookie, {
      intent: 'check',
      question: '电动车在哪里充电？',
      reply: '请到小区集中充电棚充电，我写的答复。',
      sources: '',
      category: '城乡建设',
      ...fields,
    })
  const update = (id: number, fields: Record<string, string>) =>
    postForm(entryAction, `/answers/review/${id}`, worker.cookie, { intent: 'update', ...fields }, { id: String(id) })
  const rows = () => db.select().from(answers).all()
  const audit = () => db.select().from(auditEvents).all()
  const updates = (id: number) =>
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'answer.faq_updated'), eq(auditEvents.subjectId, String(id))))
      .all()
  return { db, worker, charging, flu, canteen, page, entryPage, check, update, rows, audit, updates }
}

describe('checking while drafting whether a published FAQ entry already answers the question', () => {
  it('offers a check button beside the question, in both languages', async () => {
    const { page } = await setup()
    for (const [locale, name] of [
      ['zh', '检查是否已有常见问题'],
      ['en', 'Check for a frequent question that answers it'],
    ] as const) {
      const html = await page(undefined, locale)
      expect(html).toMatch(new RegExp(`<button [^>]*name="intent"[^>]*value="check"[^>]*>${name}</button>`))
    }
  })

  it('names and links the entry and its update page, saves nothing, and keeps what was typed', async () => {
    const { charging, page, check, rows, audit } = await setup()
    const before = { rows: rows(), audit: audit().length }
    const res = await check({})
    expect(res.status).toBe(409)
    const actionData = (await res.json()) as object
    expect(actionData).toMatchObject({ error: 'answers.check.alreadyAnswered', params: { id: charging.id, question: CHARGING } })
    expect(rows()).toEqual(before.rows)
    expect(audit()).toHaveLength(before.audit)
    // Nothing was being published: the notice says what answers the question, not that publishing failed.
    for (const [locale, message, update, publishing] of [
      ['zh', `常见问题“${CHARGING}”已经回答了这个问题。`, '改为更新这条常见问题', '没有发布'],
      ['en', `The frequent question “${CHARGING}” already answers this question.`, 'Update that frequent question instead', 'published'],
    ] as const) {
      const html = await page(actionData, locale)
      const alert = alertOf(html)
      expect(visible(alert)).toContain(message)
      expect(visible(alert)).not.toContain(publishing)
      expect(alert).toMatch(new RegExp(`<a [^>]*href="/answers/${charging.id}"[^>]*>${CHARGING}</a>`))
      expect(alert).toMatch(new RegExp(`<a [^>]*href="/answers/review/${charging.id}"[^>]*>${update}</a>`))
      const box = control(html, 'confirmNew')
      expect(box).toContain('type="checkbox"')
      expect(box).toContain(`value="${charging.id}"`)
      expect(box).not.toContain('checked')
      expect(control(html, 'question')).toContain('value="电动车在哪里充电？"')
      expect(html).toContain('请到小区集中充电棚充电，我写的答复。')
      expect(/<option [^>]*value="城乡建设"[^>]*>/.exec(html)?.[0]).toContain('selected')
    }
  })

  it('says a question already published is published, naming the entry, not that publishing failed', async () => {
    const { charging, page, check } = await setup()
    const res = await check({ question: CHARGING })
    expect(res.status).toBe(409)
    const actionData = (await res.json()) as object
    expect(actionData).toMatchObject({ error: 'answers.check.duplicate', params: { id: charging.id, question: CHARGING } })
    for (const [locale, message, publishing] of [
      ['zh', `这个常见问题已经发布过：“${CHARGING}”。`, '没有重复发布'],
      ['en', `This frequent question is already published: “${CHARGING}”.`, 'not published again'],
    ] as const) {
      const text = visible(await page(actionData, locale))
      expect(text).toContain(message)
      expect(text).not.toContain(publishing)
    }
  })

  it('keeps the worker’s confirmation ticked, the entry still named, when checked again', async () => {
    const { charging, page, check } = await setup()
    const res = await check({ confirmNew: String(charging.id) })
    expect(res.status).toBe(409)
    const html = await page((await res.json()) as object)
    expect(visible(alertOf(html))).toContain(`常见问题“${CHARGING}”已经回答了这个问题`)
    expect(control(html, 'confirmNew')).toMatch(/value="\d+"[^>]*checked|checked[^>]*value="\d+"/)
    expect(control(html, 'confirmNew')).toContain(`value="${charging.id}"`)
  })

  it('says no published entry answers a new question, with no answer written yet, saving nothing and keeping what was typed', async () => {
    const { page, check, rows, audit } = await setup()
    const before = { rows: rows(), audit: audit().length }
    const res = await check({ question: '社区自习室周末开不开门？', reply: '' })
    expect(res.status).toBe(200)
    const actionData = (await res.json()) as object
    expect(rows()).toEqual(before.rows)
    expect(audit()).toHaveLength(before.audit)
    for (const [locale, message] of [
      ['zh', '没有已发布的常见问题回答这个问题。'],
      ['en', 'No published frequent question answers this question.'],
    ] as const) {
      const html = await page(actionData, locale)
      expect(html).toMatch(new RegExp(`<p [^>]*role="status"[^>]*>${message}</p>`))
      expect(alertOf(html)).toBe('')
      expect(control(html, 'confirmNew')).toBe('')
      expect(control(html, 'question')).toContain('value="社区自习室周末开不开门？"')
      expect(/<option [^>]*value="城乡建设"[^>]*>/.exec(html)?.[0]).toContain('selected')
    }
  })

  it('asks for the question, not the answer', async () => {
    const { check } = await setup()
    const res = await check({ question: '' })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ result: { error: { question: ['answers.error.questionRequired'] } } })
  })
})

describe('updating an FAQ entry so that another published entry already answers its question', () => {
  it('is refused once, naming and linking that entry, changing nothing and keeping what was typed', async () => {
    const { db, charging, flu, entryPage, update, updates } = await setup()
    const res = await update(flu.id, { question: '电动车在哪里充电？', reply: '请到小区集中充电棚充电。' })
    expect(res.status).toBe(409)
    const actionData = (await res.json()) as object
    expect(actionData).toMatchObject({ error: 'answers.entry.alreadyAnswered', params: { id: charging.id, question: CHARGING } })
    expect(getPublishedAnswer(db, flu.id)?.publicQuestion).toBe('流感疫苗在哪里打？')
    expect(updates(flu.id)).toHaveLength(0)
    for (const [locale, message, confirm] of [
      ['zh', `常见问题“${CHARGING}”已经回答了这个问题，更新没有保存。`, '仍然保存为另一个问题'],
      ['en', `The frequent question “${CHARGING}” already answers this question; the update was not saved.`, 'Save it as another question all the same'],
    ] as const) {
      const html = await entryPage(flu.id, actionData, locale)
      const alert = alertOf(html)
      expect(visible(alert)).toContain(message)
      expect(alert).toMatch(new RegExp(`<a [^>]*href="/answers/${charging.id}"[^>]*>${CHARGING}</a>`))
      expect(alert).toMatch(new RegExp(`<a [^>]*href="/answers/review/${charging.id}"`))
      const box = control(html, 'confirmNew')
      expect(box).toContain('type="checkbox"')
      expect(box).toContain(`value="${charging.id}"`)
      expect(box).not.toContain('checked')
      expect(html).toMatch(new RegExp(`<label[^>]*>(?:(?!</label>).)*name="confirmNew"(?:(?!</label>).)*${confirm}`, 's'))
      expect(control(html, 'question')).toContain('value="电动车在哪里充电？"')
      expect(html).toContain('请到小区集中充电棚充电。')
    }
  })

  it('is saved once the worker confirms it is another question, the entry it stands beside audited', async () => {
    const { db, charging, flu, update, updates } = await setup()
    const res = await update(flu.id, { question: '电动车在哪里充电？', reply: '请到小区集中充电棚充电。', confirmNew: String(charging.id) })
    expect(res.status).toBe(302)
    expect(getPublishedAnswer(db, flu.id)?.publicQuestion).toBe('电动车在哪里充电？')
    const [row] = updates(flu.id)
    expect(row?.after).toMatchObject({ question: '电动车在哪里充电？', publishedBeside: [charging.id] })
  })

  it('is not asked when only the answer changed, though another entry answers the question', async () => {
    const { db, charging, update, updates } = await setup()
    // Published beside the charging entry without the judgement (as a worker's confirmation would have it).
    const twin = publishFaqEntry(db, { question: '电动车在小区哪里充电？', reply: '到充电棚充电。', sourceIds: [] }, SYSTEM)
    expect(answersForQuestion(db, '电动车在小区哪里充电？', 3).map(a => a.id)).toContain(charging.id)
    const res = await update(twin.id, { question: '电动车在小区哪里充电？', reply: '到小区集中充电棚扫码充电。' })
    expect(res.status).toBe(302)
    expect(getPublishedAnswer(db, twin.id)?.publicReply).toBe('到小区集中充电棚扫码充电。')
    expect(updates(twin.id).at(-1)?.after).not.toHaveProperty('publishedBeside')
    // Its question changed, the other entry answering it is named.
    const changed = await update(twin.id, { question: '电动车能不能在楼道充电？', reply: '到小区集中充电棚扫码充电。' })
    expect(changed.status).toBe(409)
    expect(await changed.json()).toMatchObject({ error: 'answers.entry.alreadyAnswered', params: { id: charging.id } })
  })

  it('is not asked when the entry itself is what answers its reworded question', async () => {
    const { db, flu, update, updates } = await setup()
    const res = await update(flu.id, { question: '流感疫苗去哪里打？', reply: '社区卫生服务中心接种门诊，工作日上午可接种流感疫苗。' })
    expect(res.status).toBe(302)
    expect(getPublishedAnswer(db, flu.id)?.publicQuestion).toBe('流感疫苗去哪里打？')
    expect(updates(flu.id).at(-1)?.after).not.toHaveProperty('publishedBeside')
  })

  it('is refused by the command itself, not only by the page', async () => {
    const { db, worker, charging, canteen } = await setup()
    const ctx = { db, actor: { kind: 'user' as const, id: worker.id }, notify: { toUser() {}, toUnit() {} } }
    const input = { answerId: canteen.id, question: '电动车能不能在楼道充电？', reply: '不能，请到充电棚充电。' }
    expect(() => updateFaq(ctx, input)).toThrow(
      expect.objectContaining({ code: 'conflict', messageKey: 'answers.entry.alreadyAnswered', params: { id: charging.id, question: CHARGING } }),
    )
    expect(updateFaq(ctx, { ...input, confirmedNew: [charging.id] }).publicQuestion).toBe('电动车能不能在楼道充电？')
  })
})
