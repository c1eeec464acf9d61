import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import AnswersReview, { action, loader } from '#app/routes/_answers+/answers.review'
import { listPublishedAnswers, publishFaqEntry, recordComplaintReply, republishAnswer, reviewAnswer, withdrawAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { answers, auditEvents } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, postForm, seedTestUnits } from '#tests/db-utils'
import { control, renderPage, visible } from '#tests/render-page'

// Three published replies on primary school enrolment, an FAQ entry drawn from all three, and an FAQ entry on flu jabs.
async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const publish = (subject: string, body: string, reply: string) => {
    const c = createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body }, SYSTEM).complaint
    const a = recordComplaintReply(db, { complaintId: c.id, reply }, SYSTEM)
    return reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM).id
  }
  const reply = '小学新生报名在每年五月网上进行，需准备户口簿、房产证明和预防接种证。'
  const sources = [
    publish('咨询小学报名', '孩子明年上小学，小学报名怎么报？', reply),
    publish('小学报名要准备什么', '小学报名需要准备哪些材料？', reply),
    publish('小学报名时间', '今年小学报名什么时候开始？', reply),
  ]
  const enrolment = publishFaqEntry(db, { question: '孩子明年上小学，怎么报名？', reply, sourceIds: sources }, SYSTEM)
  const flu = publishFaqEntry(db, { question: '流感疫苗在哪里打？', reply: '社区卫生服务中心接种门诊，工作日上午可接种流感疫苗。', sourceIds: [] }, SYSTEM)
  const cookie = (locale: 'zh' | 'en') => `${worker.cookie}; th_prefs=${locale}.0.0`
  const loaderData = async (path: string, locale: 'zh' | 'en' = 'zh') =>
    (await (await callRoute(loader, makeRequest(path, { cookie: cookie(locale) }))).json()) as LoaderData
  const page = async (path: string, actionData?: object, locale: 'zh' | 'en' = 'zh') =>
    renderPage(AnswersReview, { path, locale, loaderData: await loaderData(path, locale), actionData })
  const faqRows = () => listPublishedAnswers(db).filter(a => a.kind === 'faq')
  const faqAudit = () => db.select().from(auditEvents).where(eq(auditEvents.action, 'answer.faq_published')).all()
  return { db, worker, publish, reply, sources, enrolment, flu, loaderData, page, faqRows, faqAudit }
}

type LoaderData = {
  matches: { id: number; question: string; usedBy: { id: number; question: string } | null }[]
  faqs: { id: number; question: string }[]
  faqNotice: string | null
  draft: { sources: { id: number }[] } | null
}

const enrolmentPath = (sources: number[], draft = false) =>
  `/answers/review?q=${encodeURIComponent('小学报名')}${draft ? '&draft=1' : ''}${sources.map(id => `&source=${id}`).join('')}`

describe('publishing an FAQ entry whose replies are all sources of one published entry', () => {
  it('is refused with the entry named by its question, writing no row and no audit row', async () => {
    const { db, sources, enrolment, reply, faqRows, faqAudit } = await setup()
    const before = { rows: db.select().from(answers).all().length, audit: faqAudit().length }
    const refuse = (sourceIds: number[]) => () => publishFaqEntry(db, { question: '小学报名怎么报？', reply, sourceIds }, SYSTEM)
    for (const ids of [sources, [sources[0]!, sources[2]!], [sources[1]!]])
      expect(refuse(ids)).toThrow(
        expect.objectContaining({ code: 'conflict', messageKey: 'answers.faq.sameSources', params: { id: enrolment.id, question: enrolment.publicQuestion } }),
      )
    expect(db.select().from(answers).all()).toHaveLength(before.rows)
    expect(faqAudit()).toHaveLength(before.audit)
    expect(faqRows().filter(a => a.publicQuestion.includes('报名'))).toHaveLength(1)
  })

  it('is published when it also draws on a reply no entry relies on, or on none', async () => {
    const { publish, sources, reply, db } = await setup()
    const fresh = publish('小学报名网址', '小学报名在哪个网站报？', reply)
    expect(publishFaqEntry(db, { question: '小学报名在哪个网站？', reply, sourceIds: [sources[0]!, fresh] }, SYSTEM).status).toBe('published')
    expect(publishFaqEntry(db, { question: '小学报名要带什么？', reply, sourceIds: [] }, SYSTEM).status).toBe('published')
  })

  it('names the same question’s entry by its question too, and a withdrawn entry is not published again beside one on its replies', async () => {
    const { db, sources, enrolment, reply } = await setup()
    expect(() => publishFaqEntry(db, { question: '孩子明年上小学，怎么报名', reply, sourceIds: [] }, SYSTEM)).toThrow(
      expect.objectContaining({ messageKey: 'answers.faq.duplicate', params: { id: enrolment.id, question: enrolment.publicQuestion } }),
    )
    withdrawAnswer(db, { answerId: enrolment.id, reason: 'outdated' }, SYSTEM)
    const second = publishFaqEntry(db, { question: '小学报名怎么报？', reply, sourceIds: sources }, SYSTEM)
    expect(() => republishAnswer(db, { answerId: enrolment.id }, SYSTEM)).toThrow(
      expect.objectContaining({ messageKey: 'answers.faq.sameSources', params: { id: second.id, question: second.publicQuestion } }),
    )
  })
})

describe('the FAQ editor on replies another entry is built from', () => {
  it('says which offered replies are already sources of a published entry, linking it, and does not tick them', async () => {
    const { sources, enrolment, loaderData, page } = await setup()
    const data = await loaderData(enrolmentPath(sources))
    expect(data.matches.map(m => m.id).sort()).toEqual([...sources].sort())
    for (const m of data.matches) expect(m.usedBy).toEqual({ id: enrolment.id, question: enrolment.publicQuestion })
    // Nothing left to draw on: no draft is made from them unasked.
    expect(data.draft).toBeNull()
    for (const [locale, note] of [
      ['zh', '已是常见问题“孩子明年上小学，怎么报名？”的依据'],
      ['en', 'Already a source of the frequent question “孩子明年上小学，怎么报名？”'],
    ] as const) {
      const html = await page(enrolmentPath(sources), undefined, locale)
      const boxes = html.match(/<input type="checkbox" name="source"[^>]*>/g) ?? []
      expect(boxes).toHaveLength(sources.length)
      for (const box of boxes) expect(box).not.toContain('checked')
      expect(visible(html).split(note).length - 1).toBe(sources.length)
      expect(html).toContain(`href="/answers/${enrolment.id}"`)
    }
  })

  it('refuses the entry when only its question was changed, linking the entry and its update page, keeping what was typed', async () => {
    const { sources, enrolment, worker, page, faqRows, faqAudit } = await setup()
    // Ticked on purpose and drafted: the worker's choice is kept.
    const path = enrolmentPath(sources, true)
    // Said before anything is written, with the entry linked.
    const note = /<p class="warn" role="note">(.*?)<\/p>/s.exec(await page(path))?.[1] ?? ''
    expect(visible(note)).toContain('这些答复都已是常见问题“孩子明年上小学，怎么报名？”的依据，发布时会被拒绝。')
    expect(note).toContain(`href="/answers/review/${enrolment.id}"`)
    const before = faqAudit().length
    const res = await postForm(action, path, worker.cookie, {
      intent: 'faq',
      question: '小学新生报名怎么办理？',
      reply: '五月网上报名，我改过的答复。',
      sources: sources.join(','),
      category: '',
    })
    expect(res.status).toBe(409)
    const actionData = (await res.json()) as { error: string; params: unknown }
    expect(actionData).toMatchObject({ error: 'answers.faq.sameSources', params: { id: enrolment.id } })
    expect(faqRows().filter(a => a.publicQuestion.includes('报名'))).toHaveLength(1)
    expect(faqAudit()).toHaveLength(before)
    for (const [locale, message, update] of [
      ['zh', '选中的答复都已是常见问题“孩子明年上小学，怎么报名？”的依据，没有再发布一条。', '改为更新这条常见问题'],
      [
        'en',
        'The replies you ticked are all sources of the frequent question “孩子明年上小学，怎么报名？”; no second entry was published.',
        'Update that frequent question instead',
      ],
    ] as const) {
      const html = await page(path, actionData, locale)
      const alert = /<ul[^>]*role="alert"[^>]*>(.*?)<\/ul>/s.exec(html)?.[1] ?? ''
      expect(visible(alert)).toContain(message)
      expect(alert).toMatch(new RegExp(`<a [^>]*href="/answers/${enrolment.id}"[^>]*>孩子明年上小学，怎么报名？</a>`))
      expect(alert).toMatch(new RegExp(`<a [^>]*href="/answers/review/${enrolment.id}"[^>]*>${update}</a>`))
      expect(control(html, 'question')).toContain('value="小学新生报名怎么办理？"')
      expect(html).toContain('五月网上报名，我改过的答复。')
    }
  })

  it('names and links the entry asking the same question, not its number', async () => {
    const { flu, worker, page } = await setup()
    const path = `/answers/review?q=${encodeURIComponent('流感疫苗在哪打')}`
    const res = await postForm(action, path, worker.cookie, { intent: 'faq', question: '流感疫苗在哪里打', reply: '卫生服务中心。', sources: '', category: '' })
    expect(res.status).toBe(409)
    const actionData = (await res.json()) as object
    for (const [locale, message] of [
      ['zh', '这个常见问题已经发布过：“流感疫苗在哪里打？”，没有重复发布。'],
      ['en', 'This frequent question is already published: “流感疫苗在哪里打？”; it was not published again.'],
    ] as const) {
      const html = await page(path, actionData, locale)
      expect(visible(html)).toContain(message)
      expect(visible(html)).not.toMatch(/第 \d+ 号|no\. \d+/)
      expect(html).toMatch(new RegExp(`<a [^>]*href="/answers/${flu.id}"[^>]*>流感疫苗在哪里打？</a>`))
      expect(control(html, 'question')).toContain('aria-invalid="true"')
    }
  })
})

describe('the FAQ editor’s search', () => {
  it('lists published FAQ entries that match, linked, instead of saying nothing was found', async () => {
    const { flu, loaderData, page } = await setup()
    const path = `/answers/review?q=${encodeURIComponent('流感疫苗')}`
    const data = await loaderData(path)
    expect(data.faqs).toEqual([{ id: flu.id, question: flu.publicQuestion }])
    expect(data.faqNotice).not.toBe('answers.faq.noMatches')
    for (const [locale, heading] of [
      ['zh', '已发布的常见问题'],
      ['en', 'Published frequent questions'],
    ] as const) {
      const html = await page(path, undefined, locale)
      expect(visible(html)).toContain(heading)
      expect(visible(html)).not.toContain('没有找到同类的已发布答复')
      expect(html).toMatch(new RegExp(`<a [^>]*href="/answers/${flu.id}"[^>]*>流感疫苗在哪里打？</a>`))
    }
  })
})
