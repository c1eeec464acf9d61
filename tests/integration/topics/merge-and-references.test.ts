import { beforeEach, describe, expect, it } from 'vitest'
import { makeT, type Locale } from '#app/i18n/index'
import TopicReview, { action as reviewAction, loader as reviewLoader } from '#app/routes/_topics+/topics.$id'
import Topics, { action as listAction, loader as listLoader } from '#app/routes/_topics+/topics._index'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { getTopic } from '#db/queries/topics'
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

function complaint(unitId: number, subject: string) {
  return createComplaint(db, { channel: 'web', communityId: unitId, placeText: '小河小学路口', subject, body: `${subject}，请处理。` }, SYSTEM).complaint.id
}

/** Three suggestions in 长征桥, each with two complaints, hottest first as listed. */
function suggestions() {
  return ['早高峰拥堵', '路口缺少斑马线', '夜间路灯不亮'].map((title, i) =>
    insertTopic(db, { unitId: u.czq.id, status: 'suggested', title, heat: 30 - i }, [complaint(u.czq.id, `${title}一`), complaint(u.czq.id, `${title}二`)]),
  )
}

/** Post the merge form (or the confirmation it asks for) with these topics ticked, and render the list as the browser then receives it. */
async function merge(cookie: string, ticked: number[], target: number | null, locale: Locale = 'zh', intent: 'merge' | 'confirm-merge' = 'merge') {
  const all = suggestions.cache!
  const form: Record<string, string | string[]> = { intent, ids: ticked.map(String) }
  if (target != null) form.target = String(target)
  for (const t of all) form[`version-${t.id}`] = String(t.version)
  const res = await callRoute(listAction, makeRequest('/topics', { cookie, form }))
  const actionData = (await res.json()) as object
  const path = '/topics?status=suggested'
  const loaderData = await (await callRoute(listLoader, makeRequest(path, { cookie }))).json()
  return { status: res.status, actionData, html: await renderPage(Topics, { path, locale, loaderData, actionData }) }
}
suggestions.cache = undefined as ReturnType<typeof suggestions> | undefined

const checked = (html: string, id: number) =>
  new RegExp(`<input type="checkbox" name="ids"[^>]*value="${id}"[^>]*checked=""|<input type="checkbox" name="ids"[^>]*checked=""[^>]*value="${id}"`).test(html)

describe('merging suggestions from the list', () => {
  it('a target that is not among the ticked topics is refused beside the target, saying so, and what was ticked stays ticked', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const [a, b, c] = (suggestions.cache = suggestions())
    const { status, html } = await merge(worker.cookie, [b!.id, c!.id], a!.id)
    expect(status).toBe(400)
    const message = zh('topics.merge.targetNotTicked')
    expect(describedBy(html, 'target')).toEqual([message])
    expect(occurrences(html, message)).toBe(1)
    expect(occurrences(html, zh('topics.merge.needTwo'))).toBe(0)
    expect([a, b, c].map(t => checked(html, t!.id))).toEqual([false, true, true])
    for (const t of [a, b, c]) expect(getTopic(db, t!.id)!.status).toBe('suggested')
  })

  it('one ticked topic is refused for that reason, beside the ticks', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const [a] = (suggestions.cache = suggestions())
    const { status, actionData, html } = await merge(worker.cookie, [a!.id], a!.id, 'en')
    expect(status).toBe(400)
    expect((actionData as { result: { error: Record<string, string[]> } }).result.error).toEqual({ ids: ['topics.merge.needTwo'] })
    expect(occurrences(html, en('topics.merge.needTwo'))).toBe(1)
    expect(en('topics.merge.needTwo')).not.toMatch(/target/i)
    expect(checked(html, a!.id)).toBe(true)
  })

  it('ticking two, choosing one of them and confirming merges them; the target is named by its title, never by an internal number', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const [a, b] = (suggestions.cache = suggestions())
    const { status, html } = await merge(worker.cookie, [a!.id, b!.id], b!.id, 'zh', 'confirm-merge')
    expect(status).toBe(200)
    expect(getTopic(db, a!.id)!.mergedIntoId).toBe(b!.id)
    const start = html.indexOf(control(html, 'target'))
    expect(start).toBeGreaterThan(-1)
    const options = html.slice(start, html.indexOf('</select>', start))
    expect(options).toContain('>夜间路灯不亮</option>')
    expect(options).not.toMatch(/#\d/)
  })
})

describe('a topic page names other topics by their titles', () => {
  const link = (id: number, title: string) => new RegExp(`<a [^>]*href="/topics/${id}"[^>]*><span lang="zh-CN">${title}</span></a>`)
  async function page(topicId: number, cookie: string, locale: Locale = 'zh') {
    const path = `/topics/${topicId}`
    const res = await callRoute(reviewLoader, makeRequest(path, { cookie }), { id: String(topicId) })
    expect(res.status).toBe(200)
    return renderPage(TopicReview, { path, locale, loaderData: await res.json() })
  }

  it('a merged topic links the topic it went into, and a split one the topic it came from', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const target = insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: '小河小学路口早高峰拥堵' })
    const merged = insertTopic(db, { unitId: u.czq.id, status: 'merged', title: '路口接送车辆乱停', mergedIntoId: target.id })
    const split = insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: '路口缺少斑马线', splitFromId: target.id })
    const mergedHtml = await page(merged.id, worker.cookie)
    expect(mergedHtml).toMatch(link(target.id, '小河小学路口早高峰拥堵'))
    expect(mergedHtml).not.toContain(`#${target.id}`)
    const splitHtml = await page(split.id, worker.cookie, 'en')
    expect(splitHtml).toMatch(link(target.id, '小河小学路口早高峰拥堵'))
    expect(splitHtml).not.toContain(`#${target.id}`)
  })

  it('a topic the viewer may not open is named without a link', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const elsewhere = insertTopic(db, { unitId: u.hm.id, status: 'suggested', title: '和睦菜场垃圾堆放' })
    const split = insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: '菜场门口占道', splitFromId: elsewhere.id })
    const html = await page(split.id, worker.cookie)
    expect(html).toContain('<span lang="zh-CN">和睦菜场垃圾堆放</span>')
    expect(html).not.toContain(`href="/topics/${elsewhere.id}"`)
  })
})

describe('the approve form’s description', () => {
  const SUMMARY = '2026-08-05至2026-11-29，9条诉求（9位居民，24人支持）集中反映小河小学路口的拥堵问题。例：“早高峰拥堵”'
  function engineSuggestion() {
    return insertTopic(db, {
      unitId: u.czq.id,
      status: 'suggested',
      title: '关于小河小学路口早高峰拥堵的议题',
      description: SUMMARY,
      category: '交通运输',
      fromTime: new Date('2026-08-04T16:30:00Z'),
      toTime: new Date('2026-11-29T02:00:00Z'),
    })
  }
  const textarea = (html: string) => /<textarea[^>]*name="description"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1]

  it('is the summary with its dates as the page writes them, in the viewer’s language', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const topic = engineSuggestion()
    for (const [locale, from, to] of [
      ['zh', '2026年8月5日', '2026年11月29日'],
      ['en', '5 Aug 2026', '29 Nov 2026'],
    ] as const) {
      const path = `/topics/${topic.id}`
      const cookie = `${worker.cookie}; th_prefs=${locale}.0.0`
      const res = await callRoute(reviewLoader, makeRequest(path, { cookie }), { id: String(topic.id) })
      const html = await renderPage(TopicReview, { path, locale, loaderData: await res.json() })
      const prefill = textarea(html)!
      expect(prefill).toContain(from)
      expect(prefill).toContain(to)
      expect(prefill).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    }
  })

  it('approved as prefilled, the topic keeps the summary every reader sees in their own language', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const topic = engineSuggestion()
    const path = `/topics/${topic.id}`
    const cookie = `${worker.cookie}; th_prefs=en.0.0`
    const loaded = await callRoute(reviewLoader, makeRequest(path, { cookie }), { id: String(topic.id) })
    const html = await renderPage(TopicReview, { path, locale: 'en', loaderData: await loaded.json() })
    const prefill = textarea(html)!.replaceAll('&quot;', '"').replaceAll('&#x27;', "'").replaceAll('&amp;', '&')
    const res = await callRoute(
      reviewAction,
      makeRequest(path, {
        cookie,
        form: { intent: 'approve', expectedVersion: String(topic.version), title: topic.title, description: prefill, category: '交通运输', place: '' },
      }),
      { id: String(topic.id) },
    )
    expect(res.status).toBe(200)
    expect(getTopic(db, topic.id)).toMatchObject({ status: 'approved', description: SUMMARY })
  })
})
