import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { reassignTopic } from '#app/commands/topics.server'
import { makeT, type Locale } from '#app/i18n/index'
import TopicReview, { action as reviewAction, loader as reviewLoader } from '#app/routes/_topics+/topics.$id'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { getTopic } from '#db/queries/topics'
import { topics } from '#db/schema/index'
import { nullNotifier } from '#realtime/index'
import { callRoute, createLoggedInUser, createTestDb, insertTopic, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

let db: Db
let u: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  u = seedTestUnits(db)
})

const T = { zh: makeT('zh'), en: makeT('en') }

function complaint(subject: string) {
  return createComplaint(db, { channel: 'web', communityId: u.czq.id, placeText: '小河小学路口', subject, body: `${subject}，请处理。` }, SYSTEM).complaint.id
}

/** A suggestion of three letters; a worker of 长征桥 splits the first two off into 路口缺少斑马线 on its page. */
async function splitOnPage(cookie: string) {
  const ids = ['早高峰拥堵', '路口缺少斑马线', '斑马线褪色'].map(complaint)
  const topic = insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: '小河小学路口早高峰拥堵' }, ids)
  const res = await callRoute(
    reviewAction,
    makeRequest(`/topics/${topic.id}`, {
      cookie,
      form: { intent: 'split', expectedVersion: String(topic.version), splitTitle: '路口缺少斑马线', complaintIds: ids.slice(1).map(String) },
    }),
    { id: String(topic.id) },
  )
  expect(res.status).toBe(200)
  const created = db.select().from(topics).where(eq(topics.splitFromId, topic.id)).get()!
  return { original: topic, created }
}

/** The topic page's history list, as the reader receives it. */
async function history(topicId: number, cookie: string, locale: Locale) {
  const path = `/topics/${topicId}`
  const res = await callRoute(reviewLoader, makeRequest(path, { cookie }), { id: String(topicId) })
  expect(res.status).toBe(200)
  const html = await renderPage(TopicReview, { path, locale, loaderData: await res.json() })
  const start = html.indexOf(`<h2>${T[locale]('topics.history')}</h2>`)
  expect(start).toBeGreaterThan(-1)
  return html.slice(start, html.indexOf('</ol>', start))
}

const items = (list: string) => [...list.matchAll(/<li>(.*?)<\/li>/gs)].map(m => m[1]!)
const text = (html: string) => html.replace(/<[^>]+>/g, '')
const link = (id: number, title: string) => new RegExp(`<a [^>]*href="/topics/${id}"[^>]*><span lang="zh-CN">${title}</span></a>`)

describe('a split in the topics’ histories', () => {
  it('the split topic’s history links the new topic, and the new topic’s history the one it came from, in the reader’s language', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const { original, created } = await splitOnPage(worker.cookie)
    for (const locale of ['zh', 'en'] as const) {
      const t = T[locale]
      const split = items(await history(original.id, worker.cookie, locale)).find(li => li.includes(`/topics/${created.id}`))
      expect(split, `the split entry in ${locale}`).toBeDefined()
      expect(split).toMatch(link(created.id, '路口缺少斑马线'))
      expect(text(split!)).toContain(text(t('topics.event.splitInto', { title: '路口缺少斑马线' })))

      const from = items(await history(created.id, worker.cookie, locale)).find(li => li.includes(`/topics/${original.id}`))
      expect(from, `the split-from entry in ${locale}`).toBeDefined()
      expect(from).toMatch(link(original.id, '小河小学路口早高峰拥堵'))
      expect(text(from!)).toContain(text(t('topics.event.splitFrom', { title: '小河小学路口早高峰拥堵' })))
    }
    expect(T.en('topics.event.splitInto', { title: 'x' })).not.toBe(T.zh('topics.event.splitInto', { title: 'x' }))
  })

  it('a topic the reader may not open is named in the history without a link', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const hmWorker = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const { original, created } = await splitOnPage(worker.cookie)
    // The new topic is handed to 和睦: the worker of 长征桥 may no longer open it, nor the one of 和睦 the original.
    reassignTopic(
      { db, actor: SYSTEM, notify: nullNotifier },
      { topicId: created.id, expectedVersion: getTopic(db, created.id)!.version, unitId: u.hm.id, note: null },
    )

    const split = items(await history(original.id, worker.cookie, 'zh')).find(li => li.includes('路口缺少斑马线'))
    expect(split).toBeDefined()
    expect(split).not.toContain(`href="/topics/${created.id}"`)
    expect(text(split!)).toContain(T.zh('topics.event.splitInto', { title: '路口缺少斑马线' }))

    const from = items(await history(created.id, hmWorker.cookie, 'zh')).find(li => li.includes('小河小学路口早高峰拥堵'))
    expect(from).toBeDefined()
    expect(from).not.toContain(`href="/topics/${original.id}"`)
  })
})

describe('the notice after a split', () => {
  it('names the new topic and links it, in the reader’s language', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const ids = ['早高峰拥堵', '路口缺少斑马线', '斑马线褪色'].map(complaint)
    const topic = insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: '小河小学路口早高峰拥堵' }, ids)
    const path = `/topics/${topic.id}`
    const res = await callRoute(
      reviewAction,
      makeRequest(path, {
        cookie: worker.cookie,
        form: { intent: 'split', expectedVersion: String(topic.version), splitTitle: '路口缺少斑马线', complaintIds: ids.slice(1).map(String) },
      }),
      { id: String(topic.id) },
    )
    expect(res.status).toBe(200)
    const actionData = await res.json()
    const created = db.select().from(topics).where(eq(topics.splitFromId, topic.id)).get()!
    const page = await callRoute(reviewLoader, makeRequest(path, { cookie: worker.cookie }), { id: String(topic.id) })
    const loaderData = await page.json()
    for (const locale of ['zh', 'en'] as const) {
      const html = await renderPage(TopicReview, { path, locale, loaderData, actionData })
      const notice = /<p role="status" class="ok">(.*?)<\/p>/s.exec(html)?.[1] ?? ''
      expect(notice).toMatch(link(created.id, '路口缺少斑马线'))
      expect(text(notice)).toBe(text(T[locale]('topics.ok.splitInto', { title: '路口缺少斑马线' })))
    }
  })
})
