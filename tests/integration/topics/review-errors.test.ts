import { beforeEach, describe, expect, it } from 'vitest'
import { makeT, type Locale } from '#app/i18n/index'
import TopicReview, { action, loader } from '#app/routes/_topics+/topics.$id'
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

/** A suggested topic grouping three complaints, and a worker who reviews it. */
async function suggestion() {
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const complaintIds = [1, 2, 3].map(
    i =>
      createComplaint(
        db,
        {
          channel: 'web',
          communityId: u.czq.id,
          placeText: '小河小学路口',
          subject: `小河小学路口上下学拥堵 ${i}`,
          body: '每天早上接送孩子的车辆排成长队，行人过不去。',
          receivedAt: new Date(Date.now() - i * 86400_000),
          complainantKey: `resident-${i}`,
        },
        SYSTEM,
      ).complaint.id,
  )
  const topic = insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: '小河小学路口上下学拥堵', category: '交通运输' }, complaintIds)
  return { worker, topic, complaintIds }
}

/** Post one review form and render the page as the browser then receives it. */
async function post(form: Record<string, string | string[]>, locale: Locale = 'zh') {
  const { worker, topic, complaintIds } = await suggestion()
  const path = `/topics/${topic.id}`
  const params = { id: String(topic.id) }
  const fill = (v: string | string[]) => (Array.isArray(v) ? v.map(x => x.replace('{c0}', String(complaintIds[0]))) : v)
  const res = await callRoute(
    action,
    makeRequest(path, {
      cookie: worker.cookie,
      form: { expectedVersion: String(topic.version), ...Object.fromEntries(Object.entries(form).map(([k, v]) => [k, fill(v)])) },
    }),
    params,
  )
  const actionData = (await res.json()) as object
  const loaderData = await (await callRoute(loader, makeRequest(path, { cookie: worker.cookie }), params)).json()
  return { topic, complaintIds, status: res.status, html: await renderPage(TopicReview, { path, locale, loaderData, actionData }) }
}

const invalid = (html: string, name: string) => control(html, name).includes('aria-invalid="true"')

describe('the topic review page after a refused form', () => {
  it('a split with no complaints ticked is refused beside the split, once, and the approve form is untouched', async () => {
    const { topic, status, html } = await post({ intent: 'split', splitTitle: '拆出的议题' })
    const message = zh('topics.error.split')
    expect(status).toBe(400)
    expect(describedBy(html, 'complaintIds')).toEqual([message])
    expect(occurrences(html, message)).toBe(1)
    expect(invalid(html, 'title')).toBe(false)
    expect(invalid(html, 'splitTitle')).toBe(false)
    // The new title typed for the split is still there; the approve title is the topic's own.
    expect(control(html, 'splitTitle')).toContain('value="拆出的议题"')
    expect(control(html, 'title')).toContain(`value="${topic.title}"`)
    expect(getTopic(db, topic.id)!.status).toBe('suggested')
  })

  it('a split without a title is refused beside the split’s title only, keeping the complaints ticked', async () => {
    const { complaintIds, status, html } = await post({ intent: 'split', splitTitle: '  ', complaintIds: ['{c0}'] })
    const message = zh('topics.error.title')
    expect(status).toBe(400)
    expect(describedBy(html, 'splitTitle')).toEqual([message])
    expect(occurrences(html, message)).toBe(1)
    expect(invalid(html, 'title')).toBe(false)
    expect(html).toMatch(
      new RegExp(
        `<input type="checkbox" name="complaintIds"[^>]*value="${complaintIds[0]}"[^>]*checked=""|<input type="checkbox" name="complaintIds"[^>]*checked=""[^>]*value="${complaintIds[0]}"`,
      ),
    )
    expect(html).not.toMatch(new RegExp(`name="complaintIds"[^>]*checked=""[^>]*value="${complaintIds[1]}"`))
  })

  it('an approve title that is too long is refused beside the approve title only, keeping everything typed', async () => {
    const title = '路'.repeat(121)
    const { status, html } = await post({ intent: 'approve', title, description: '家长反映早高峰拥堵', category: '交通运输', place: '小河小学南门' })
    const message = zh('topics.error.title')
    expect(status).toBe(400)
    expect(describedBy(html, 'title')).toEqual([message])
    expect(occurrences(html, message)).toBe(1)
    expect(invalid(html, 'splitTitle')).toBe(false)
    expect(control(html, 'title')).toContain(`value="${title}"`)
    expect(control(html, 'place')).toContain('value="小河小学南门"')
    expect(html).toMatch(/<textarea[^>]*name="description"[^>]*>家长反映早高峰拥堵<\/textarea>/)
  })

  it('a category outside the taxonomy is refused beside the category, once, keeping the title typed', async () => {
    const { status, html } = await post({ intent: 'approve', title: '小河小学路口拥堵', description: '', category: '交通', place: '' }, 'en')
    const message = makeT('en')('topics.error.category')
    expect(status).toBe(400)
    expect(describedBy(html, 'category')).toEqual([message])
    expect(occurrences(html, message)).toBe(1)
    expect(control(html, 'title')).toContain('value="小河小学路口拥堵"')
  })

  it('a description over its limit says the limit beside the description', async () => {
    const { status, html } = await post({ intent: 'approve', title: '小河小学路口拥堵', description: '述'.repeat(5001), category: '交通运输', place: '' })
    expect(status).toBe(400)
    expect(describedBy(html, 'description')).toEqual(['太长了：最多 5000 个字。'])
    expect(occurrences(html, '太长了：最多 5000 个字。')).toBe(1)
    expect(occurrences(html, zh('topics.error.generic'))).toBe(0)
  })

  it('a note on a hand-over that is too long shows beside that form’s note, not the rejection’s', async () => {
    const { status, html } = await post({ intent: 'reassign', unitId: String(u.hm.id), note: '交'.repeat(2001) }, 'en')
    expect(status).toBe(400)
    expect(occurrences(html, 'Too long: at most 2000 characters.')).toBe(1)
    const notes = [...html.matchAll(/<(?:textarea|input)[^>]*name="note"[^>]*>/g)].map(m => m[0])
    expect(notes.map(n => n.includes('aria-invalid="true"'))).toEqual([false, true])
  })

  it('a change made meanwhile is said at the top of the page, as it belongs to no field', async () => {
    const { worker, topic } = await suggestion()
    const path = `/topics/${topic.id}`
    const params = { id: String(topic.id) }
    const res = await callRoute(
      action,
      makeRequest(path, { cookie: worker.cookie, form: { intent: 'approve', expectedVersion: String(topic.version - 1), title: '旧版本' } }),
      params,
    )
    expect(res.status).toBe(409)
    const loaderData = await (await callRoute(loader, makeRequest(path, { cookie: worker.cookie }), params)).json()
    const html = await renderPage(TopicReview, { path, locale: 'zh', loaderData, actionData: (await res.json()) as object })
    expect(html).toContain(`<p role="alert" class="error">${zh('topics.error.conflict')}</p>`)
    expect(occurrences(html, zh('topics.error.conflict'))).toBe(1)
  })
})
