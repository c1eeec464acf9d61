import { describe, expect, it } from 'vitest'
import { checkFaq } from '#app/commands/answers.server'
import { action } from '#app/routes/_answers+/answers.review'
import { action as entryAction } from '#app/routes/_answers+/answers.review_.$id'
import { publishFaqEntry } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { answers, auditEvents } from '#db/schema/index'
import { createLoggedInUser, createTestDb, postForm, seedTestUnits } from '#tests/db-utils'
import { alertOf, control, describedBy, visible } from '#tests/render-page'
import { faqEditorPages } from './faq-editor-pages'

const CHARGING = '电动自行车能不能在楼道里充电？小区哪里可以充？'
const FLU = '流感疫苗在哪里打？'
// A name in a question the charging entry answers, a mobile in the answer.
const WITH_NAME = '张伟明问电动车在哪里充电？'
const WITH_MOBILE = '请联系13812345678，到小区集中充电棚充电。'

// Published FAQ entries on charging e-bikes and on flu jabs, and a worker at the FAQ editor and on an entry's update page.
async function setup() {
  const db = createTestDb()
  seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'street_staff', 'gs-xh')
  const entry = (question: string, reply: string) => publishFaqEntry(db, { question, reply, sourceIds: [] }, SYSTEM)
  const charging = entry(CHARGING, '不能。楼道、楼梯间和家中都严禁给电动自行车充电。各社区都建有集中充电棚，扫码付费充电。')
  const flu = entry(FLU, '社区卫生服务中心接种门诊，工作日上午可接种流感疫苗。')
  const path = `/answers/review?q=${encodeURIComponent('电动车充电')}`
  const { page, entryPage } = faqEditorPages(worker.cookie, path)
  const check = (fields: Record<string, string>) =>
    postForm(action, path, worker.cookie, { intent: 'check', question: '社区自习室周末开不开门？', reply: '', sources: '', category: '', ...fields })
  const checkEntry = (id: number, fields: Record<string, string>) =>
    postForm(entryAction, `/answers/review/${id}`, worker.cookie, { intent: 'check', ...fields }, { id: String(id) })
  const snapshot = () => ({ rows: db.select().from(answers).all(), audit: db.select().from(auditEvents).all().length })
  return { db, worker, charging, flu, page, entryPage, check, checkEntry, snapshot }
}

/** What the page's status notices say, together. */
const statusOf = (html: string) => [...html.matchAll(/<p [^>]*role="status"[^>]*>(.*?)<\/p>/gs)].map(m => m[1]).join(' ')

// What the form says beside each field holding personal data, as a refused publication says it, and the notice over the form.
const SAID = {
  zh: {
    address: '这里有住址（门牌或房号），请删去或写成【地址】。',
    name: '这里有姓名，请删去或写成【姓名】。',
    mobile: '这里有电话号码（手机号）。手机号码属于个人，一律不公开',
    notice: '文字里有个人信息（见下面各栏的说明），删去后才能公开。',
    clear: '没有已发布的常见问题回答这个问题。',
    answered: `常见问题“${CHARGING}”已经回答了这个问题。`,
    refused: ['没有发布', '没有保存'],
  },
  en: {
    address: 'There is a home address (house or flat number) here: take it out or write 【地址】.',
    name: 'There is a name here: take it out or write 【姓名】.',
    mobile: 'There is a phone number here (a mobile).',
    notice: 'The texts hold personal data (see each field below); take it out before they can be made public.',
    clear: 'No published frequent question answers this question.',
    answered: `The frequent question “${CHARGING}” already answers this question.`,
    refused: ['Not published', 'Not saved'],
  },
} as const

describe('the FAQ editor’s check also looks for personal data', () => {
  it('says beside each field what kind of personal data it holds, as publishing would, saving nothing and keeping what was typed', async () => {
    const { page, check, snapshot } = await setup()
    const before = snapshot()
    const res = await check({ question: '社区自习室周末开不开门？住在幸福路12号3单元501室', reply: WITH_MOBILE })
    expect(res.status).toBe(400)
    const actionData = (await res.json()) as object
    expect(actionData).toMatchObject({
      checked: true,
      result: { error: { '': ['answers.check.personalData'], question: ['answers.error.found.address'], reply: ['answers.error.found.mobile'] } },
    })
    expect(snapshot()).toEqual(before)
    for (const locale of ['zh', 'en'] as const) {
      const html = await page(actionData, locale)
      const said = SAID[locale]
      expect(describedBy(html, 'question').join(' ')).toContain(said.address)
      expect(describedBy(html, 'reply').join(' ')).toContain(said.mobile)
      expect(control(html, 'question')).toContain('aria-invalid="true"')
      expect(visible(alertOf(html))).toContain(said.notice)
      // The duplicate judgement ran too: nothing answers the question.
      expect(visible(statusOf(html))).toContain(said.clear)
      for (const refused of said.refused) expect(visible(html)).not.toContain(refused)
      expect(control(html, 'question')).toContain('value="社区自习室周末开不开门？住在幸福路12号3单元501室"')
      expect(html).toContain(WITH_MOBILE)
    }
  })

  it('reports personal data alongside a published entry that already answers the question', async () => {
    const { charging, page, check, snapshot } = await setup()
    const before = snapshot()
    const res = await check({ question: WITH_NAME, reply: WITH_MOBILE })
    expect(res.status).toBe(409)
    const actionData = (await res.json()) as object
    expect(actionData).toMatchObject({ error: 'answers.check.alreadyAnswered', params: { id: charging.id, question: CHARGING } })
    expect(snapshot()).toEqual(before)
    for (const locale of ['zh', 'en'] as const) {
      const html = await page(actionData, locale)
      const said = SAID[locale]
      const alert = alertOf(html)
      expect(visible(alert)).toContain(said.answered)
      expect(visible(alert)).toContain(said.notice)
      expect(alert).toMatch(new RegExp(`<a [^>]*href="/answers/${charging.id}"[^>]*>${CHARGING}</a>`))
      expect(control(html, 'confirmNew')).toContain(`value="${charging.id}"`)
      expect(describedBy(html, 'question').join(' ')).toContain(said.name)
      expect(describedBy(html, 'reply').join(' ')).toContain(said.mobile)
      expect(visible(html)).not.toContain(said.clear)
    }
  })

  it('is the same finding as publishing’s refusal', async () => {
    const { check } = await setup()
    const fields = { question: '社区自习室周末开不开门？住在幸福路12号3单元501室', reply: WITH_MOBILE }
    const checked = (await (await check(fields)).json()) as { result: { error: Record<string, string[]> } }
    const published = (await (await check({ ...fields, intent: 'faq' })).json()) as { result: { error: Record<string, string[]> } }
    expect(published.result.error['']).toEqual(['answers.error.notPublished'])
    expect(checked.result.error.question).toEqual(published.result.error.question)
    expect(checked.result.error.reply).toEqual(published.result.error.reply)
  })
})

describe('checking on the update page of a published FAQ entry', () => {
  it('offers the same check button beside the question, in both languages', async () => {
    const { flu, entryPage } = await setup()
    for (const [locale, name] of [
      ['zh', '检查是否已有常见问题'],
      ['en', 'Check for a frequent question that answers it'],
    ] as const) {
      const html = await entryPage(flu.id, undefined, locale)
      expect(html).toMatch(new RegExp(`<button [^>]*name="intent"[^>]*value="check"[^>]*>${name}</button>`))
      // Before the save button, so that Enter in the question checks rather than saves.
      expect(html.indexOf('value="check"')).toBeLessThan(html.indexOf('value="update"'))
    }
  })

  it('does not find the entry being edited, whether its question is kept or reworded', async () => {
    const { flu, entryPage, checkEntry, snapshot } = await setup()
    const before = snapshot()
    for (const question of [FLU, '流感疫苗去哪里打？']) {
      const res = await checkEntry(flu.id, { question, reply: '社区卫生服务中心接种门诊，工作日上午可以打。' })
      expect(res.status).toBe(200)
      const actionData = (await res.json()) as object
      expect(snapshot()).toEqual(before)
      for (const locale of ['zh', 'en'] as const) {
        const html = await entryPage(flu.id, actionData, locale)
        expect(visible(statusOf(html))).toContain(SAID[locale].clear)
        expect(alertOf(html)).toBe('')
        expect(control(html, 'question')).toContain(`value="${question}"`)
        expect(html).toContain('社区卫生服务中心接种门诊，工作日上午可以打。')
      }
    }
  })

  it('names and links another entry that answers the reworded question, with the tick to save it all the same, saving nothing', async () => {
    const { db, charging, flu, entryPage, checkEntry, snapshot } = await setup()
    const before = snapshot()
    const res = await checkEntry(flu.id, { question: '电动车在哪里充电？', reply: '请到小区集中充电棚充电。', addSource: '' })
    expect(res.status).toBe(409)
    const actionData = (await res.json()) as object
    expect(actionData).toMatchObject({ error: 'answers.check.alreadyAnswered', params: { id: charging.id, question: CHARGING } })
    expect(snapshot()).toEqual(before)
    expect(
      db
        .select()
        .from(answers)
        .all()
        .find(a => a.id === flu.id)?.publicQuestion,
    ).toBe(FLU)
    for (const [locale, confirm] of [
      ['zh', '仍然保存为另一个问题'],
      ['en', 'Save it as another question all the same'],
    ] as const) {
      const html = await entryPage(flu.id, actionData, locale)
      const alert = alertOf(html)
      expect(visible(alert)).toContain(SAID[locale].answered)
      for (const refused of SAID[locale].refused) expect(visible(alert)).not.toContain(refused)
      expect(alert).toMatch(new RegExp(`<a [^>]*href="/answers/${charging.id}"[^>]*>${CHARGING}</a>`))
      expect(control(html, 'confirmNew')).toContain(`value="${charging.id}"`)
      expect(html).toMatch(new RegExp(`<label[^>]*>(?:(?!</label>).)*name="confirmNew"(?:(?!</label>).)*${confirm}`, 's'))
      expect(control(html, 'question')).toContain('value="电动车在哪里充电？"')
      expect(html).toContain('请到小区集中充电棚充电。')
      expect(visible(html)).not.toContain(SAID[locale].clear)
    }
  })

  it('says a question another entry already asks is published, naming it', async () => {
    const { charging, flu, checkEntry } = await setup()
    const res = await checkEntry(flu.id, { question: CHARGING, reply: '请到小区集中充电棚充电。' })
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ error: 'answers.check.duplicate', params: { id: charging.id, question: CHARGING } })
  })

  it('reports personal data beside each field, with any entry answering the question', async () => {
    const { charging, flu, entryPage, checkEntry, snapshot } = await setup()
    const before = snapshot()
    const res = await checkEntry(flu.id, { question: WITH_NAME, reply: WITH_MOBILE })
    expect(res.status).toBe(409)
    const actionData = (await res.json()) as object
    expect(actionData).toMatchObject({
      error: 'answers.check.alreadyAnswered',
      params: { id: charging.id },
      result: { error: { question: ['answers.error.found.name'], reply: ['answers.error.found.mobile'] } },
    })
    expect(snapshot()).toEqual(before)
    for (const locale of ['zh', 'en'] as const) {
      const html = await entryPage(flu.id, actionData, locale)
      const said = SAID[locale]
      expect(visible(alertOf(html))).toContain(said.answered)
      expect(visible(alertOf(html))).toContain(said.notice)
      expect(describedBy(html, 'question').join(' ')).toContain(said.name)
      expect(describedBy(html, 'reply').join(' ')).toContain(said.mobile)
    }
    // Only personal data: the duplicate judgement says nothing answers it.
    const own = await checkEntry(flu.id, { question: FLU, reply: `预约请打${'13812345678'}。` })
    expect(own.status).toBe(400)
    const ownData = (await own.json()) as object
    expect(ownData).toMatchObject({ result: { error: { reply: ['answers.error.found.mobile'] } } })
    const html = await entryPage(flu.id, ownData)
    expect(visible(statusOf(html))).toContain(SAID.zh.clear)
    expect(describedBy(html, 'reply').join(' ')).toContain(SAID.zh.mobile)
  })

  it('is judged by the command, the entry being edited left out', async () => {
    const { db, worker, charging, flu } = await setup()
    const ctx = { db, actor: { kind: 'user' as const, id: worker.id }, notify: { toUser() {}, toUnit() {} } }
    expect(checkFaq(ctx, { question: FLU, reply: '', sourceIds: [], answerId: flu.id })).toEqual({ refusal: null, found: null })
    expect(checkFaq(ctx, { question: FLU, reply: '', sourceIds: [] }).refusal).toMatchObject({ messageKey: 'answers.check.duplicate', params: { id: flu.id } })
    const other = checkFaq(ctx, { question: '电动车在哪里充电？', reply: WITH_MOBILE, sourceIds: [], answerId: flu.id })
    expect(other.refusal).toMatchObject({ messageKey: 'answers.check.alreadyAnswered', params: { id: charging.id } })
    expect(other.found).toEqual({ reply: ['mobile'] })
  })
})
