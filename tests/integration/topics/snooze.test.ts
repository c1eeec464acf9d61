import { beforeEach, describe, expect, it } from 'vitest'
import { makeT, type Locale } from '#app/i18n/index'
import TopicReview, { action, loader } from '#app/routes/_topics+/topics.$id'
import { formErrorText } from '#app/utils/form-errors'
import type { Db } from '#db/client'
import { getTopic } from '#db/queries/topics'
import { callRoute, createLoggedInUser, createTestDb, insertTopic, makeRequest, seedTestUnits } from '#tests/db-utils'
import { control, describedBy, occurrences, renderPage } from '#tests/render-page'

let db: Db
let u: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  u = seedTestUnits(db)
})

async function snooze(days: string, locale: Locale) {
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const topic = insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: '小河小学路口上下学拥堵' })
  const path = `/topics/${topic.id}`
  const params = { id: String(topic.id) }
  const res = await callRoute(
    action,
    makeRequest(path, { cookie: worker.cookie, form: { intent: 'snooze', expectedVersion: String(topic.version), days } }),
    params,
  )
  const actionData = (await res.json()) as { result: { error: Record<string, string[]> } }
  const loaderData = await (await callRoute(loader, makeRequest(path, { cookie: worker.cookie }), params)).json()
  return { topic, status: res.status, actionData, html: await renderPage(TopicReview, { path, locale, loaderData, actionData }) }
}

describe('snoozing a suggested topic for a number of days', () => {
  it('refuses a negative number of days, beside the field, naming the allowed range', async () => {
    const { topic, status, actionData, html } = await snooze('-5', 'zh')
    expect(status).toBe(400)
    expect(Object.keys(actionData.result.error)).toEqual(['days'])
    expect(formErrorText(makeT('zh'), actionData.result.error.days![0]!)).toBe('须在 1–180 天之间。')
    expect(control(html, 'days')).toContain('aria-invalid="true"')
    expect(describedBy(html, 'days')).toEqual(['须在 1–180 天之间。'])
    expect(occurrences(html, '须在 1–180 天之间。')).toBe(1)
    expect(occurrences(html, makeT('zh')('topics.error.generic'))).toBe(0)
    expect(getTopic(db, topic.id)!.status).toBe('suggested')
  })

  it('refuses too many days in English the same way', async () => {
    const { status, html } = await snooze('99999', 'en')
    expect(status).toBe(400)
    expect(describedBy(html, 'days')).toEqual(['Must be between 1 and 180 days.'])
    expect(occurrences(html, 'Must be between 1 and 180 days.')).toBe(1)
    expect(occurrences(html, makeT('en')('topics.error.generic'))).toBe(0)
  })

  it('snoozes for a number of days within the range', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const topic = insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: '小河小学路口上下学拥堵' })
    const res = await callRoute(
      action,
      makeRequest(`/topics/${topic.id}`, { cookie: worker.cookie, form: { intent: 'snooze', expectedVersion: String(topic.version), days: '180' } }),
      { id: String(topic.id) },
    )
    expect(res.status).toBe(200)
    expect(getTopic(db, topic.id)!.status).toBe('snoozed')
  })
})
