import { beforeEach, describe, expect, it } from 'vitest'
import { makeT, type Locale } from '#app/i18n/index'
import Dashboard, { loader as dashboardLoader } from '#app/routes/_topics+/dashboard'
import TopicReview, { action as reviewAction, loader as reviewLoader } from '#app/routes/_topics+/topics.$id'
import Topics, { action as listAction, loader as listLoader } from '#app/routes/_topics+/topics._index'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { getTopic, getTopicComplaintIds } from '#db/queries/topics'
import { callRoute, createLoggedInUser, createTestDb, insertTopic, makeRequest, seedTestUnits } from '#tests/db-utils'
import { control, describedBy, occurrences, renderPage } from '#tests/render-page'

let db: Db
let u: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  u = seedTestUnits(db)
})

const zh = makeT('zh')
const en = makeT('en')

function complaint(subject: string) {
  return createComplaint(db, { channel: 'web', communityId: u.czq.id, placeText: '小河小学路口', subject, body: `${subject}，请处理。` }, SYSTEM).complaint.id
}

/** Suggestions in 长征桥, two complaints each, hottest first. */
function suggestions(titles: string[]) {
  return titles.map((title, i) =>
    insertTopic(db, { unitId: u.czq.id, status: 'suggested', title, heat: 30 - i }, [complaint(`${title}一`), complaint(`${title}二`)]),
  )
}

async function reviewPage(topicId: number, cookie: string, locale: Locale, actionData?: object) {
  const path = `/topics/${topicId}`
  const loaderData = await (await callRoute(reviewLoader, makeRequest(path, { cookie }), { id: String(topicId) })).json()
  return renderPage(TopicReview, { path, locale, loaderData, actionData })
}

async function postReview(topicId: number, cookie: string, form: Record<string, string | string[]>) {
  return callRoute(reviewAction, makeRequest(`/topics/${topicId}`, { cookie, form }), { id: String(topicId) })
}

/** The opening tags of the page's forms. */
const forms = (html: string) => [...html.matchAll(/<form[^>]*>/g)].map(m => m[0])

describe('handing a topic to another unit', () => {
  it('offers no unit until the worker chooses one: the first option is an empty “choose a unit”', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const [topic] = suggestions(['路口缺少斑马线'])
    for (const [locale, t] of [['zh', zh] as const, ['en', en] as const]) {
      const html = await reviewPage(topic!.id, worker.cookie, locale)
      const start = html.indexOf(control(html, 'unitId'))
      const options = [...html.slice(start, html.indexOf('</select>', start)).matchAll(/<option([^>]*)>([^<]*)<\/option>/g)]
      expect(options[0]![1]).toContain('value=""')
      expect(options[0]![2]).toBe(t('topics.reassign.choose'))
      // nothing else is chosen for the worker
      expect(options.filter(o => o[1].includes('selected')).every(o => o[1].includes('value=""'))).toBe(true)
      expect(options.map(o => o[2])).toContain('和睦社区')
    }
    expect(zh('topics.reassign.choose')).toBe('请选择单位')
  })

  it('sent without a choice, it is refused beside the unit in the page’s language, the note kept and the topic where it was', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const [topic] = suggestions(['路口缺少斑马线'])
    for (const [locale, t] of [['zh', zh] as const, ['en', en] as const]) {
      const res = await postReview(topic!.id, worker.cookie, {
        intent: 'reassign',
        expectedVersion: String(topic!.version),
        unitId: '',
        note: '属于和睦社区的路口',
      })
      expect(res.status).toBe(400)
      const actionData = (await res.json()) as { result: { error: Record<string, string[]> } }
      expect(actionData.result.error).toEqual({ unitId: ['topics.error.reassignUnit'] })
      const html = await reviewPage(topic!.id, worker.cookie, locale, actionData)
      expect(describedBy(html, 'unitId')).toEqual([t('topics.error.reassignUnit')])
      expect(occurrences(html, t('topics.error.reassignUnit'))).toBe(1)
      const notes = [...html.matchAll(/<(?:textarea|input)[^>]*name="note"[^>]*>/g)].map(m => m[0])
      expect(notes.some(n => n.includes('value="属于和睦社区的路口"'))).toBe(true)
    }
    expect(getTopic(db, topic!.id)!.unitId).toBe(u.czq.id)
    expect(getTopic(db, topic!.id)!.version).toBe(topic!.version)
  })
})

describe('confirming a merge after someone else acted on a ticked topic', () => {
  /** Ask about merging `ticked` into `target` as worker A; returns the proposal's hidden fields, to post once B has acted. */
  async function ask(cookie: string, ticked: { id: number; version: number }[], target: number) {
    const form: Record<string, string | string[]> = { intent: 'merge', ids: ticked.map(t => String(t.id)), target: String(target) }
    for (const t of ticked) form[`version-${t.id}`] = String(t.version)
    const res = await callRoute(listAction, makeRequest('/topics', { cookie, form }))
    expect(res.status).toBe(200)
    const { confirm } = (await res.json()) as { confirm: { ids: number[]; target: { id: number }; versions: Record<string, number> } }
    const confirmForm: Record<string, string | string[]> = { intent: 'confirm-merge', ids: confirm.ids.map(String), target: String(confirm.target.id) }
    for (const [id, v] of Object.entries(confirm.versions)) confirmForm[`version-${id}`] = String(v)
    return confirmForm
  }

  async function confirm(cookie: string, form: Record<string, string | string[]>, locale: Locale) {
    const res = await callRoute(listAction, makeRequest('/topics', { cookie, form }))
    const actionData = (await res.json()) as object
    const path = '/topics?status=suggested'
    const loaderData = await (await callRoute(listLoader, makeRequest(path, { cookie }))).json()
    return { status: res.status, actionData, html: await renderPage(Topics, { path, locale, loaderData, actionData }) }
  }

  const alert = (html: string) =>
    /<p role="alert" class="error">(.*?)<\/p>/s
      .exec(html)?.[1]
      ?.replace(/<[^>]+>/g, '')
      .trim()

  it('one of them approved meanwhile: nothing is merged, and the page names that topic and what happened to it', async () => {
    const [a, b, c] = suggestions(['早高峰拥堵', '路口缺少斑马线', '夜间路灯不亮'])
    const workerA = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const workerB = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const form = await ask(workerA.cookie, [a!, b!, c!], a!.id)
    const approved = await postReview(b!.id, workerB.cookie, {
      intent: 'approve',
      expectedVersion: String(b!.version),
      title: '路口缺少斑马线',
      category: '交通运输',
    })
    expect(approved.status).toBe(200)
    for (const [locale, t] of [['zh', zh] as const, ['en', en] as const]) {
      const { status, html } = await confirm(workerA.cookie, form, locale)
      expect(status).toBe(409)
      const message = t('topics.merge.stale', { title: '路口缺少斑马线', status: t('status.approved') })
      expect(alert(html)).toBe(message)
      expect(occurrences(html, message)).toBe(1)
      expect(html).not.toContain('{status}')
    }
    expect(zh('topics.merge.stale', { title: '路口缺少斑马线', status: zh('status.approved') })).toContain('“路口缺少斑马线”')
    for (const t of [a, c]) expect(getTopic(db, t!.id)).toMatchObject({ status: 'suggested', version: t!.version, mergedIntoId: null })
    expect(getTopic(db, b!.id)!.status).toBe('approved')
    expect(getTopicComplaintIds(db, a!.id)).toHaveLength(2)
  })

  it('the target merged elsewhere or a ticked one rejected meanwhile: refused, naming it', async () => {
    const [a, b, c] = suggestions(['早高峰拥堵', '路口缺少斑马线', '夜间路灯不亮'])
    const workerA = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const workerB = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const form = await ask(workerA.cookie, [a!, b!], a!.id)
    // B merges A's target into a third topic.
    const other = await ask(workerB.cookie, [a!, c!], c!.id)
    expect((await callRoute(listAction, makeRequest('/topics', { cookie: workerB.cookie, form: other }))).status).toBe(200)
    const merged = await confirm(workerA.cookie, form, 'zh')
    expect(merged.status).toBe(409)
    expect(alert(merged.html)).toBe(zh('topics.merge.stale', { title: '早高峰拥堵', status: zh('status.merged') }))
    expect(getTopic(db, b!.id)!.status).toBe('suggested')

    const [d, e] = suggestions(['菜场门口占道', '菜场垃圾堆放'])
    const form2 = await ask(workerA.cookie, [d!, e!], d!.id)
    const rejected = await postReview(e!.id, workerB.cookie, { intent: 'reject', expectedVersion: String(e!.version), reason: 'duplicate' })
    expect(rejected.status).toBe(200)
    const refused = await confirm(workerA.cookie, form2, 'en')
    expect(refused.status).toBe(409)
    expect(alert(refused.html)).toBe(en('topics.merge.stale', { title: '菜场垃圾堆放', status: en('status.rejected') }))
    expect(getTopic(db, d!.id)!.status).toBe('suggested')
  })

  it('one of them changed but still open (put aside for some days): refused as changed, naming it', async () => {
    const [a, b] = suggestions(['早高峰拥堵', '路口缺少斑马线'])
    const workerA = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const workerB = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const form = await ask(workerA.cookie, [a!, b!], a!.id)
    expect((await postReview(b!.id, workerB.cookie, { intent: 'snooze', expectedVersion: String(b!.version), days: '7' })).status).toBe(200)
    const { status, html } = await confirm(workerA.cookie, form, 'zh')
    expect(status).toBe(409)
    expect(alert(html)).toBe(zh('topics.merge.changed', { title: '路口缺少斑马线' }))
    expect(getTopic(db, b!.id)!.status).toBe('snoozed')
    expect(getTopic(db, b!.id)!.mergedIntoId).toBeNull()
  })
})

describe('forms of the topic pages are checked by the server, not the browser', () => {
  it('every form on the list, a topic page and the dashboard leaves checking to the server (noValidate)', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const [a] = suggestions(['早高峰拥堵', '路口缺少斑马线'])
    const rejected = insertTopic(db, { unitId: u.czq.id, status: 'rejected', title: '旧议题', rejectReason: 'duplicate' })
    const list = await renderPage(Topics, {
      path: '/topics',
      locale: 'zh',
      loaderData: await (await callRoute(listLoader, makeRequest('/topics', { cookie: worker.cookie }))).json(),
    })
    const street = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    const dashboard = await renderPage(Dashboard, {
      path: '/dashboard',
      locale: 'zh',
      loaderData: await (await callRoute(dashboardLoader, makeRequest('/dashboard', { cookie: street.cookie }))).json(),
    })
    for (const html of [list, await reviewPage(a!.id, worker.cookie, 'zh'), await reviewPage(rejected.id, worker.cookie, 'zh'), dashboard]) {
      expect(forms(html).length).toBeGreaterThan(0)
      for (const form of forms(html)) expect(form).toContain('novalidate=""')
    }
  })

  it('a rejection without a reason and a snooze of no days are refused beside their fields, what was typed kept', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const [topic] = suggestions(['早高峰拥堵'])
    const reject = await postReview(topic!.id, worker.cookie, { intent: 'reject', expectedVersion: String(topic!.version), reason: '', note: '已有同类议题' })
    expect(reject.status).toBe(400)
    const rejectHtml = await reviewPage(topic!.id, worker.cookie, 'en', (await reject.json()) as object)
    expect(describedBy(rejectHtml, 'reason')).toEqual([en('topics.error.reason')])
    expect(rejectHtml).toMatch(/<textarea[^>]*name="note"[^>]*>已有同类议题<\/textarea>/)
    const snooze = await postReview(topic!.id, worker.cookie, { intent: 'snooze', expectedVersion: String(topic!.version), days: '' })
    expect(snooze.status).toBe(400)
    const snoozeHtml = await reviewPage(topic!.id, worker.cookie, 'zh', (await snooze.json()) as object)
    expect(describedBy(snoozeHtml, 'days')).toEqual([zh('error.required')])
    const title = await postReview(topic!.id, worker.cookie, { intent: 'approve', expectedVersion: String(topic!.version), title: '', place: '小河小学南门' })
    expect(title.status).toBe(400)
    const titleHtml = await reviewPage(topic!.id, worker.cookie, 'zh', (await title.json()) as object)
    expect(describedBy(titleHtml, 'title')).toEqual([zh('topics.error.title')])
    expect(control(titleHtml, 'place')).toContain('value="小河小学南门"')
    expect(getTopic(db, topic!.id)!.status).toBe('suggested')
  })
})
