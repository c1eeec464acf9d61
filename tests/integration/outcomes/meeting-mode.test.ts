import { beforeEach, describe, expect, it } from 'vitest'
import * as apiTimeline from '#app/routes/_api+/api.v1.public.communities.$id.timeline'
import PublicCommunity, * as publicCommunity from '#app/routes/_public+/public.$code'
import * as feed from '#app/routes/_public+/public.$code_.feed[.]xml'
import PublicTopic, * as publicTopic from '#app/routes/_public+/public.topics.$id'
import { callRoute, makeRequest } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'
import { outcomeScenario, type Scenario } from './fixtures'

// A meeting's mode reads as the same label the meeting pages use, in the reader's language,
// on the public timeline, its feed and the public topic page; the open data keeps the raw value beside it.

let s: Scenario
beforeEach(async () => {
  s = await outcomeScenario()
})

const prefs = (locale: 'zh' | 'en') => ({ cookie: `th_csrf=x; th_prefs=${locale}.0.0` })
const visibleText = (html: string) =>
  html
    .replace(/<script[^>]*>.*?<\/script>/gs, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;/g, "'")

describe('the meeting mode on public pages', () => {
  for (const [locale, label] of [
    ['en', 'Hybrid'],
    ['zh', '线上线下结合'],
  ] as const) {
    it(`names the mode "${label}" on the community timeline (${locale})`, async () => {
      const res = await callRoute(publicCommunity.loader, makeRequest('/public/gs-czq', prefs(locale)), { code: 'gs-czq' })
      const html = await renderPage(PublicCommunity, { path: '/public/gs-czq', locale, loaderData: await res.json() })
      expect(visibleText(html)).toContain(`${label} · 长征桥社区会议室`)
    })

    it(`names the mode "${label}" in the Atom feed (${locale})`, async () => {
      const xml = await (await callRoute(feed.loader, makeRequest('/public/gs-czq/feed.xml', prefs(locale)), { code: 'gs-czq' })).text()
      expect(xml).toContain(`<summary>小河小学路口上下学拥堵 — ${label} · 长征桥社区会议室</summary>`)
    })

    it(`names the mode "${label}" among the topic’s meetings and on its timeline (${locale})`, async () => {
      const path = `/public/topics/${s.topic.id}`
      const res = await callRoute(publicTopic.loader, makeRequest(path, prefs(locale)), { id: String(s.topic.id) })
      const text = visibleText(await renderPage(PublicTopic, { path, locale, loaderData: await res.json() }))
      expect(text).toMatch(new RegExp(` · ${label}( · |$)`, 'm'))
      expect(text).toContain(`${label} · 长征桥社区会议室`)
      expect(text).not.toMatch(/\b(hybrid|online|in person)\b/)
    })
  }

  it('the open data labels the mode in its English summary and keeps the raw value in its data', async () => {
    const res = await callRoute(apiTimeline.loader, makeRequest('/api/v1/public/communities/gs-czq/timeline?lang=en'), { id: 'gs-czq' })
    const { entries } = (await res.json()) as { entries: { type: string; summary: string; data: { mode?: string } }[] }
    const meeting = entries.find(e => e.type === 'meeting')!
    expect(meeting.summary).toBe('Hybrid · 长征桥社区会议室')
    expect(meeting.data.mode).toBe('hybrid')
  })
})
