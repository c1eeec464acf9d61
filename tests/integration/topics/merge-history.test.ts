import { beforeEach, describe, expect, it } from 'vitest'
import { reassignTopic } from '#app/commands/topics.server'
import { makeT, type Locale } from '#app/i18n/index'
import TopicReview, { loader as reviewLoader } from '#app/routes/_topics+/topics.$id'
import { action as listAction } from '#app/routes/_topics+/topics._index'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { getTopic } from '#db/queries/topics'
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

/** Three suggestions in 长征桥; a worker of 长征桥 ticks all three on the list and confirms merging the first two into 小河小学路口早高峰拥堵. */
async function mergeOnList(cookie: string) {
  const [a, b, target] = ['路口缺少斑马线', '夜间路灯不亮', '小河小学路口早高峰拥堵'].map(title =>
    insertTopic(db, { unitId: u.czq.id, status: 'suggested', title }, [complaint(`${title}一`), complaint(`${title}二`)]),
  )
  const form: Record<string, string | string[]> = { intent: 'confirm-merge', ids: [a!.id, b!.id, target!.id].map(String), target: String(target!.id) }
  for (const t of [a!, b!, target!]) form[`version-${t.id}`] = String(t.version)
  const res = await callRoute(listAction, makeRequest('/topics', { cookie, form }))
  expect(res.status).toBe(200)
  expect(getTopic(db, a!.id)!.mergedIntoId).toBe(target!.id)
  expect(getTopic(db, b!.id)!.mergedIntoId).toBe(target!.id)
  return { a: a!, b: b!, target: target! }
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

/** How the target's history names the two topics merged into it. */
const MERGED_IN = {
  zh: '合并了议题“路口缺少斑马线”、“夜间路灯不亮”',
  en: 'Merged in the topics “路口缺少斑马线” and “夜间路灯不亮”',
}

describe('a merge in the topics’ histories', () => {
  it('each merged topic’s history links the topic it went into, and that topic’s history links the ones merged in, in the reader’s language', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const { a, b, target } = await mergeOnList(worker.cookie)
    for (const locale of ['zh', 'en'] as const) {
      const t = T[locale]
      for (const source of [a, b]) {
        const merge = items(await history(source.id, worker.cookie, locale)).find(li => li.includes(`/topics/${target.id}`))
        expect(merge, `the merge entry of ${source.title} in ${locale}`).toBeDefined()
        expect(merge).toMatch(link(target.id, '小河小学路口早高峰拥堵'))
        expect(text(merge!)).toContain(t('topics.event.mergeInto', { title: '小河小学路口早高峰拥堵' }))
      }

      const mergedIn = items(await history(target.id, worker.cookie, locale)).find(li => li.includes(`/topics/${a.id}`))
      expect(mergedIn, `the merge-target entry in ${locale}`).toBeDefined()
      expect(mergedIn).toMatch(link(a.id, '路口缺少斑马线'))
      expect(mergedIn).toMatch(link(b.id, '夜间路灯不亮'))
      expect(text(mergedIn!)).toContain(MERGED_IN[locale])
    }
    expect(T.en('topics.event.mergeInto', { title: 'x' })).not.toBe(T.zh('topics.event.mergeInto', { title: 'x' }))
  })

  it('a topic merged in alone is named in the singular', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const [a, target] = ['路口缺少斑马线', '小河小学路口早高峰拥堵'].map(title =>
      insertTopic(db, { unitId: u.czq.id, status: 'suggested', title }, [complaint(title)]),
    )
    const form: Record<string, string | string[]> = { intent: 'confirm-merge', ids: [String(a!.id), String(target!.id)], target: String(target!.id) }
    for (const t of [a!, target!]) form[`version-${t.id}`] = String(t.version)
    expect((await callRoute(listAction, makeRequest('/topics', { cookie: worker.cookie, form }))).status).toBe(200)
    const expected = { zh: '合并了议题“路口缺少斑马线”', en: 'Merged in the topic “路口缺少斑马线”' }
    for (const locale of ['zh', 'en'] as const) {
      const mergedIn = items(await history(target!.id, worker.cookie, locale)).find(li => li.includes(`/topics/${a!.id}`))
      expect(mergedIn).toMatch(link(a!.id, '路口缺少斑马线'))
      expect(text(mergedIn!)).toContain(expected[locale])
    }
  })

  it('a topic the reader may not open is named in the history without a link', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const hmWorker = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const { a, b, target } = await mergeOnList(worker.cookie)
    // The topic they went into is handed to 和睦: the worker of 长征桥 may no longer open it, nor the one of 和睦 the merged ones.
    reassignTopic(
      { db, actor: SYSTEM, notify: nullNotifier },
      { topicId: target.id, expectedVersion: getTopic(db, target.id)!.version, unitId: u.hm.id, note: null },
    )

    const merge = items(await history(a.id, worker.cookie, 'zh')).find(li => li.includes('小河小学路口早高峰拥堵'))
    expect(merge).toBeDefined()
    expect(merge).not.toContain(`href="/topics/${target.id}"`)
    expect(text(merge!)).toContain(T.zh('topics.event.mergeInto', { title: '小河小学路口早高峰拥堵' }))

    const mergedIn = items(await history(target.id, hmWorker.cookie, 'zh')).find(li => li.includes('路口缺少斑马线'))
    expect(mergedIn).toBeDefined()
    expect(mergedIn).not.toContain(`href="/topics/${a.id}"`)
    expect(mergedIn).not.toContain(`href="/topics/${b.id}"`)
    expect(text(mergedIn!)).toContain(MERGED_IN.zh)
  })
})
