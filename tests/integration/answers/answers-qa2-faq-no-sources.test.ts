import { describe, expect, it, vi } from 'vitest'
import FaqEntryReview, { loader } from '#app/routes/_answers+/answers.review_.$id'
import { faqEntriesToReview } from '#app/services/answers.server'
import { DEMO_FAQ } from '#db/demo-data'
import { confirmFaqEntry, listPublishedAnswers, publishFaqEntry } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { seedDemo } from '#db/seed'
import { callRoute, createLoggedInUser, createTestDb, makeRequest } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

const DAY = 24 * 3600 * 1000

describe('an FAQ entry written without sources', () => {
  it('is flagged for review a year after it was published, and a year after each confirmation', () => {
    const db = createTestDb()
    const faq = publishFaqEntry(db, { question: '社区助餐点在哪里？', reply: '社区服务中心一楼，工作日中午开放。', sourceIds: [] }, SYSTEM)
    const published = faq.publishedAt!.getTime()
    expect(faqEntriesToReview(db, { now: new Date(published + 300 * DAY) })).toEqual([])
    expect(faqEntriesToReview(db, { now: new Date(published + 366 * DAY) })).toEqual([
      { id: faq.id, question: '社区助餐点在哪里？', reasons: ['due'], newerIds: [] },
    ])
    confirmFaqEntry(db, { answerId: faq.id }, SYSTEM)
    const confirmed = listPublishedAnswers(db)
      .find(a => a.id === faq.id)!
      .confirmedAt!.getTime()
    expect(faqEntriesToReview(db, { now: new Date(confirmed + 300 * DAY) })).toEqual([])
    expect(faqEntriesToReview(db, { now: new Date(confirmed + 366 * DAY) }).map(f => [f.id, f.reasons])).toEqual([[faq.id, ['due']]])
    // The set age is the same one sources are held to.
    expect(faqEntriesToReview(db, { now: new Date(confirmed + 100 * DAY), maxAgeDays: 90 }).map(f => f.id)).toEqual([faq.id])
  })

  it('in the demo district: every entry is due for review two years on, none today', async () => {
    const db = createTestDb()
    await seedDemo(db)
    const entries = listPublishedAnswers(db).filter(a => a.kind === 'faq')
    expect(entries.length).toBe(DEMO_FAQ.length)
    expect(entries.every(a => !a.sourceIds?.length)).toBe(true)
    expect(faqEntriesToReview(db).filter(f => f.reasons.includes('due'))).toEqual([])
    const twoYearsOn = faqEntriesToReview(db, { now: new Date(Date.now() + 730 * DAY) })
    expect(
      twoYearsOn
        .filter(f => f.reasons.includes('due'))
        .map(f => f.id)
        .sort((x, y) => x - y),
    ).toEqual(entries.map(a => a.id).sort((x, y) => x - y))
  }, 120_000)

  it('its review page says why in words true of it: not that its replies are old', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(new Date('2026-03-02T01:00:00Z'))
      const db = createTestDb()
      const faq = publishFaqEntry(db, { question: '社区助餐点在哪里？', reply: '社区服务中心一楼，工作日中午开放。', sourceIds: [] }, SYSTEM)
      vi.setSystemTime(new Date('2027-04-02T01:00:00Z'))
      const worker = await createLoggedInUser(db, 'community_worker', null)
      const path = `/answers/review/${faq.id}`
      for (const [locale, reason, not] of [
        ['zh', '发布或上次确认已超过一年', '依据的答复已超过一年'],
        ['en', 'Published or last confirmed over a year ago', 'relies on are over a year old'],
      ] as const) {
        const res = await callRoute(loader, makeRequest(path, { cookie: `${worker.cookie}; th_prefs=${locale}.0.0` }), { id: String(faq.id) })
        const loaderData = (await res.json()) as { flagged: boolean }
        expect(loaderData.flagged).toBe(true)
        const html = (await renderPage(FaqEntryReview, { path, locale, loaderData })).replace(/<!-- -->/g, '')
        expect(html).toContain(reason)
        expect(html).not.toContain(not)
      }
    } finally {
      vi.useRealTimers()
    }
  })
})
