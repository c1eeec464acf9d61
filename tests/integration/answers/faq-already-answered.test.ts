import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { publishFaq } from '#app/commands/answers.server'
import { action } from '#app/routes/_answers+/answers.review'
import { listPublishedAnswers, publishFaqEntry } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { answers, auditEvents } from '#db/schema/index'
import { createLoggedInUser, createTestDb, postForm, seedTestUnits } from '#tests/db-utils'
import { control, visible } from '#tests/render-page'
import { faqEditorPages } from './faq-editor-pages'

// A published FAQ entry on charging e-bikes, one on flu jabs, and a worker at the FAQ editor.
async function setup() {
  const db = createTestDb()
  seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'street_staff', 'gs-xh')
  const charging = publishFaqEntry(
    db,
    {
      question: '电动自行车能不能在楼道里充电？小区哪里可以充？',
      reply: '不能。楼道、楼梯间和家中都严禁给电动自行车充电。各社区都建有集中充电棚，扫码付费充电。',
      sourceIds: [],
      categoryPath: ['城乡建设', '物业管理'],
    },
    SYSTEM,
  )
  publishFaqEntry(db, { question: '流感疫苗在哪里打？', reply: '社区卫生服务中心接种门诊，工作日上午可接种流感疫苗。', sourceIds: [] }, SYSTEM)
  const path = `/answers/review?q=${encodeURIComponent('电动车充电')}`
  const { page } = faqEditorPages(worker.cookie, path)
  const faqRows = () => listPublishedAnswers(db).filter(a => a.kind === 'faq')
  const faqAudit = () => db.select().from(auditEvents).where(eq(auditEvents.action, 'answer.faq_published')).all()
  const post = (fields: Record<string, string>) =>
    postForm(action, path, worker.cookie, {
      intent: 'faq',
      question: '电动车在哪里充电？',
      reply: '请到小区集中充电棚充电，我写的答复。',
      sources: '',
      category: '城乡建设',
      ...fields,
    })
  return { db, worker, charging, page, faqRows, faqAudit, post }
}

describe('publishing an FAQ entry whose question a published entry already answers', () => {
  it('is refused once, naming and linking that entry and its update page, writing nothing and keeping what was typed', async () => {
    const { db, charging, page, faqRows, faqAudit, post } = await setup()
    const before = { rows: db.select().from(answers).all().length, audit: faqAudit().length }
    const res = await post({})
    expect(res.status).toBe(409)
    const actionData = (await res.json()) as { error: string; params: unknown }
    expect(actionData).toMatchObject({ error: 'answers.faq.alreadyAnswered', params: { id: charging.id, question: charging.publicQuestion } })
    expect(db.select().from(answers).all()).toHaveLength(before.rows)
    expect(faqAudit()).toHaveLength(before.audit)
    expect(faqRows().map(a => a.publicQuestion)).not.toContain('电动车在哪里充电？')
    for (const [locale, message, update, confirm] of [
      ['zh', '常见问题“电动自行车能不能在楼道里充电？小区哪里可以充？”已经回答了这个问题，没有发布。', '改为更新这条常见问题', '仍然发布为新的常见问题'],
      [
        'en',
        'The frequent question “电动自行车能不能在楼道里充电？小区哪里可以充？” already answers this question; nothing was published.',
        'Update that frequent question instead',
        'Publish it as a new frequent question all the same',
      ],
    ] as const) {
      const html = await page(actionData, locale)
      const alert = /<ul[^>]*role="alert"[^>]*>(.*?)<\/ul>/s.exec(html)?.[1] ?? ''
      expect(visible(alert)).toContain(message)
      expect(alert).toMatch(new RegExp(`<a [^>]*href="/answers/${charging.id}"[^>]*>电动自行车能不能在楼道里充电？小区哪里可以充？</a>`))
      expect(alert).toMatch(new RegExp(`<a [^>]*href="/answers/review/${charging.id}"[^>]*>${update}</a>`))
      // The confirmation, unticked, names the entry it is confirmed against.
      const box = control(html, 'confirmNew')
      expect(box).toContain('type="checkbox"')
      expect(box).toContain(`value="${charging.id}"`)
      expect(box).not.toContain('checked')
      expect(html).toMatch(new RegExp(`<label[^>]*>(?:(?!</label>).)*name="confirmNew"(?:(?!</label>).)*${confirm}`, 's'))
      expect(control(html, 'question')).toContain('value="电动车在哪里充电？"')
      expect(html).toContain('请到小区集中充电棚充电，我写的答复。')
      expect(/<option [^>]*value="城乡建设"[^>]*>/.exec(html)?.[0]).toContain('selected')
    }
  })

  it('is published once the worker confirms it is a new question, audited as any entry', async () => {
    const { db, charging, faqRows, faqAudit, post } = await setup()
    const before = faqAudit().length
    const res = await post({ confirmNew: String(charging.id) })
    expect(res.status).toBe(302)
    const id = Number(new URL(res.headers.get('location')!, 'http://x').searchParams.get('published'))
    expect(faqRows().find(a => a.id === id)?.publicQuestion).toBe('电动车在哪里充电？')
    const audit = faqAudit()
    expect(audit).toHaveLength(before + 1)
    // The worker's word that it is another question is kept with it.
    expect(audit.at(-1)).toMatchObject({ subjectId: String(id), after: { sourceIds: [], categoryPath: ['城乡建设'], publishedBeside: [charging.id] } })
    expect(db.select().from(answers).where(eq(answers.id, id)).get()?.status).toBe('published')
  })

  it('is refused again when the confirmation was given for another entry', async () => {
    const { charging, post } = await setup()
    const res = await post({ confirmNew: String(charging.id + 100) })
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ error: 'answers.faq.alreadyAnswered', params: { id: charging.id } })
  })

  it('is refused by the command itself, not only by the page', async () => {
    const { db, worker, charging } = await setup()
    const ctx = { db, actor: { kind: 'user' as const, id: worker.id }, notify: { toUser() {}, toUnit() {} } }
    expect(() => publishFaq(ctx, { question: '电动车能不能在楼道充电？', reply: '不能，请到充电棚充电。', sourceIds: [] })).toThrow(
      expect.objectContaining({ code: 'conflict', messageKey: 'answers.faq.alreadyAnswered', params: { id: charging.id, question: charging.publicQuestion } }),
    )
    expect(publishFaq(ctx, { question: '电动车能不能在楼道充电？', reply: '不能，请到充电棚充电。', sourceIds: [], confirmedNew: [charging.id] }).status).toBe(
      'published',
    )
  })

  it('is not asked about a question no published entry answers', async () => {
    const { post, faqRows } = await setup()
    const res = await post({ question: '老年食堂几点开饭？', reply: '每天十一点到十二点半供应午餐。' })
    expect(res.status).toBe(302)
    expect(faqRows().map(a => a.publicQuestion)).toContain('老年食堂几点开饭？')
  })
})
