import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { makeT, type Locale } from '#app/i18n/index'
import TopicReview, { action as reviewAction, loader as reviewLoader } from '#app/routes/_topics+/topics.$id'
import Topics, { action as listAction, loader as listLoader } from '#app/routes/_topics+/topics._index'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { getTopic } from '#db/queries/topics'
import { auditEvents, topicEvents } from '#db/schema/index'
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

const SMALL = '小河小学门口早上接送堵车'
const BIG = '小河小学路口上下学高峰拥堵严重'

function complaints(subject: string, n: number) {
  return Array.from(
    { length: n },
    (_, i) =>
      createComplaint(
        db,
        {
          channel: 'web',
          communityId: u.czq.id,
          placeText: '小河小学路口',
          subject: `${subject}（${i + 1}）`,
          body: `${subject}，请处理。`,
          supportersCount: 5,
        },
        SYSTEM,
      ).complaint.id,
  )
}

/** A new two-complaint suggestion, and an older sixteen-complaint one, far hotter, about the same crossing. */
function crossing() {
  const big = insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: BIG, place: '小河小学路口', heat: 42 }, complaints(BIG, 16))
  const small = insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: SMALL, place: '小河小学门口', heat: 4 }, complaints(SMALL, 2))
  return { big, small }
}

/** Post the list's merge form as sent: the boxes in the order ticked, each row's version, and the target chosen ('' when none). */
async function postList(cookie: string, form: Record<string, string | string[]>, locale: Locale = 'zh') {
  const res = await callRoute(listAction, makeRequest('/topics', { cookie, form }))
  const actionData = (await res.json()) as object
  const path = '/topics?status=suggested'
  const loaderData = await (await callRoute(listLoader, makeRequest(path, { cookie }))).json()
  return { status: res.status, actionData, html: await renderPage(Topics, { path, locale, loaderData, actionData }) }
}

function mergeForm(ticked: { id: number; version: number }[], target: number | '') {
  const form: Record<string, string | string[]> = { intent: 'merge', ids: ticked.map(t => String(t.id)), target: String(target) }
  for (const t of ticked) form[`version-${t.id}`] = String(t.version)
  return form
}

/** The confirmation's own form: the one whose submit says to go ahead with the merge. */
const confirmForm = (html: string) => /<form[^>]*>(?:(?!<\/form>).)*value="confirm-merge"(?:(?!<\/form>).)*<\/form>/s.exec(html)?.[0] ?? ''

/** The fields a form sends, as the browser would send them (the pressed button's name and value included). */
function fieldsOf(form: string) {
  const out: Record<string, string | string[]> = {}
  for (const m of form.matchAll(/<(?:input|button)[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*>/g)) {
    const [, name, value] = m as unknown as [string, string, string]
    const had = out[name]
    out[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value]
  }
  return out
}

const text = (html: string) => html.replace(/<[^>]+>/g, '')

const mergeEvents = () =>
  db
    .select()
    .from(topicEvents)
    .all()
    .filter(e => e.kind.startsWith('merge'))

describe('merging topics asks first, naming what goes into what', () => {
  it('the merge form only asks: nothing changes, and the hottest ticked topic is the target though it was ticked last', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const { big, small } = crossing()
    const { status, html } = await postList(worker.cookie, mergeForm([small, big], ''))
    expect(status).toBe(200)
    for (const t of [big, small]) expect(getTopic(db, t.id)).toMatchObject({ status: 'suggested', version: t.version, title: t.title, mergedIntoId: null })
    expect(mergeEvents()).toEqual([])
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'topic.merge')).all()).toEqual([])
    expect(text(html)).toContain(zh('topics.merge.confirmQuestion', { others: `“${SMALL}”`, target: BIG }))
    const form = confirmForm(html)
    expect(form).not.toBe('')
    expect(fieldsOf(form)).toMatchObject({ target: String(big.id), ids: [String(small.id), String(big.id)], intent: 'confirm-merge' })
    // The ticks stay, so another target can be chosen and asked about again.
    const boxes = [...html.matchAll(/<input type="checkbox" name="ids"[^>]*>/g)].map(m => m[0])
    expect(
      boxes
        .filter(b => b.includes('checked=""'))
        .map(b => Number(/value="(\d+)"/.exec(b)![1]))
        .sort(),
    ).toEqual([big.id, small.id].sort())
  })

  it('confirming merges the others into the topic named, which keeps its title and place', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const { big, small } = crossing()
    const asked = await postList(worker.cookie, mergeForm([small, big], ''))
    const { status } = await postList(worker.cookie, fieldsOf(confirmForm(asked.html)))
    expect(status).toBe(200)
    expect(getTopic(db, small.id)).toMatchObject({ status: 'merged', mergedIntoId: big.id })
    expect(getTopic(db, big.id)).toMatchObject({ status: 'suggested', title: BIG, place: '小河小学路口' })
  })

  it('a target the worker chose is the one asked about, in English too', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const { big, small } = crossing()
    const { status, html } = await postList(worker.cookie, mergeForm([big, small], small.id), 'en')
    expect(status).toBe(200)
    expect(text(html)).toContain(en('topics.merge.confirmQuestion', { others: `“${BIG}”`, target: SMALL }))
    expect(fieldsOf(confirmForm(html))).toMatchObject({ target: String(small.id) })
    expect(getTopic(db, big.id)!.status).toBe('suggested')
  })

  it('without JavaScript the target offered first is the hottest of those ticked, not the first row', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    crossing()
    const path = '/topics?status=suggested'
    const loaderData = await (await callRoute(listLoader, makeRequest(path, { cookie: worker.cookie }))).json()
    const html = await renderPage(Topics, { path, locale: 'zh', loaderData })
    const start = html.indexOf(control(html, 'target'))
    const select = html.slice(start, html.indexOf('</select>', start))
    expect(select).toMatch(new RegExp(`<option value="" selected="">${zh('topics.merge.hottestTicked')}</option>`))
  })
})

/** A suggestion the worker of 长征桥 reviews on its page. */
async function reviewPage(locale: Locale = 'zh', actionData?: object) {
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const topic = insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: BIG, category: '交通运输' }, complaints(BIG, 3))
  const path = `/topics/${topic.id}`
  const cookie = `${worker.cookie}; th_prefs=${locale}.0.0`
  const loaderData = await (await callRoute(reviewLoader, makeRequest(path, { cookie }), { id: String(topic.id) })).json()
  return { worker, topic, path, html: await renderPage(TopicReview, { path, locale, loaderData, actionData }) }
}

/** The rejection form: from its intent field to its end. */
const rejectForm = (html: string) => /<form(?:(?!<form).)*name="intent" value="reject"(?:(?!<\/form>).)*<\/form>/s.exec(html)?.[0] ?? ''

describe('rejecting a topic', () => {
  it('asks once, naming the topic, and offers no reason until one is chosen', async () => {
    const { html } = await reviewPage()
    const form = rejectForm(html)
    expect(form).not.toBe('')
    const details = /<details[^>]*>(.*)<\/details>/s.exec(form)?.[1] ?? ''
    expect(/<summary[^>]*>(.*?)<\/summary>/s.exec(details)?.[1]).toBe(zh('topics.action.reject'))
    expect(text(details)).toContain(zh('topics.reject.question', { title: BIG }))
    expect(form.replace(/<details[^>]*>.*<\/details>/s, '')).not.toMatch(/<button/)
    expect([...details.matchAll(/<button type="submit"[^>]*>(.*?)<\/button>/g)].map(m => m[1])).toEqual([zh('topics.reject.confirm')])
    const reason = control(form, 'reason')
    expect(reason).toContain('required=""')
    expect(form).toMatch(new RegExp(`<option value="" disabled="" selected="">${zh('topics.reject.choose')}</option>`))
    expect(form).not.toMatch(/<option value="not_deliberation" selected="">/)
  })

  it('a rejection sent without a reason is refused beside the reason, and the topic stays open', async () => {
    const { worker, topic, path } = await reviewPage()
    const res = await callRoute(
      reviewAction,
      makeRequest(path, { cookie: worker.cookie, form: { intent: 'reject', expectedVersion: String(topic.version), reason: '', note: '' } }),
      { id: String(topic.id) },
    )
    expect(res.status).toBe(400)
    const actionData = (await res.json()) as object
    const loaderData = await (await callRoute(reviewLoader, makeRequest(path, { cookie: worker.cookie }), { id: String(topic.id) })).json()
    const html = await renderPage(TopicReview, { path, locale: 'zh', loaderData, actionData })
    expect(describedBy(html, 'reason')).toEqual([zh('topics.error.reason')])
    expect(occurrences(html, zh('topics.error.reason'))).toBe(1)
    expect(getTopic(db, topic.id)!.status).toBe('suggested')
  })
})

describe('handing a topic to another unit', () => {
  it('the button does not say community when the street is among the places offered', async () => {
    for (const locale of ['zh', 'en'] as const) {
      const { html } = await reviewPage(locale)
      const start = html.indexOf(control(html, 'unitId'))
      const form = html.slice(start, html.indexOf('</form>', start))
      expect(form).toContain(`>${locale === 'zh' ? '小河街道' : 'Xiaohe'}</option>`)
      const button = /<button type="submit" name="intent" value="reassign"[^>]*>(.*?)<\/button>/.exec(form)?.[1]
      expect(button).toBe(makeT(locale)('topics.action.reassign'))
      expect(button).not.toMatch(locale === 'zh' ? /社区/ : /communit/i)
    }
  })
})
