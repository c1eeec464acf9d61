import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeEach, describe, expect, test } from 'vitest'
import { SuggestionPanel } from '#app/components/complaint-fields'
import { LocaleContext, type Locale } from '#app/i18n/index'
import AnswerPage, { loader as answerLoader, meta as answerMeta } from '#app/routes/_answers+/answers.$id'
import TrackPage, { loader as trackLoader } from '#app/routes/_public+/track.$code'
import { suggestFor } from '#app/services/intake.server'
import { getPipeline } from '#app/services/nlp.server'
import { getPrefs } from '#app/utils/prefs.server'
import type { Db } from '#db/client'
import { getAnswerForComplaint, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { ANON_COOKIE, callRoute, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { occurrences, renderPage } from '#tests/render-page'

// Synthetic messages; nothing here comes from real residents.
let db: Db
let complaint: { id: number; trackingCode: string; communityId: number | null }
let answerId: number
beforeEach(() => {
  db = createTestDb()
  const u = seedTestUnits(db)
  complaint = createComplaint(
    db,
    {
      channel: 'web',
      communityId: u.czq.id,
      subject: '我叫王建军，楼道灯不亮',
      body: '楼道灯坏了一个月，请联系13800138000。',
      complainantName: '王建军',
    },
    SYSTEM,
    // Indexed as a report filed on the form is, so the report form finds it as a similar one.
    { segment: getPipeline(db).segment },
  ).complaint
  recordComplaintReply(db, { complaintId: complaint.id, reply: '王建军您好，楼道灯已于本周更换。' }, SYSTEM)
  answerId = reviewAnswer(db, { answerId: getAnswerForComplaint(db, complaint.id)!.id, decision: 'publish' }, SYSTEM).id
})

/** A visitor who chose the language with the header's toggle. */
const visitor = (locale: Locale) => `${ANON_COOKIE}; th_prefs=${locale}.0.0`

async function page(
  Page: Parameters<typeof renderPage>[0],
  loader: Parameters<typeof callRoute>[0],
  path: string,
  params: Record<string, string>,
  locale: Locale,
) {
  const request = makeRequest(path, { cookie: visitor(locale) })
  const loaderData = (await (await callRoute(loader, request, params)).json()) as object
  return renderPage(Page, { path, locale: getPrefs(request).locale, loaderData })
}

describe('placeholders for removed personal data on public pages', () => {
  test('the stored texts keep the Chinese placeholders', () => {
    expect(getAnswerForComplaint(db, complaint.id)).toMatchObject({
      publicQuestion: '我叫【姓名】，楼道灯不亮',
      publicText: '楼道灯坏了一个月，请联系【电话】。',
      publicReply: '【姓名】您好，楼道灯已于本周更换。',
    })
  })

  test('an answer page reads [name] and [phone] in English, the resident’s words marked Chinese; the Chinese page is as stored', async () => {
    const en = await page(AnswerPage, answerLoader, `/answers/${answerId}`, { id: String(answerId) }, 'en')
    expect(occurrences(en, '【')).toBe(0)
    expect(en).toContain('<span lang="zh-CN">我叫</span>[name]<span lang="zh-CN">，楼道灯不亮</span>')
    expect(en).toContain('<span lang="zh-CN">楼道灯坏了一个月，请联系</span>[phone]<span lang="zh-CN">。</span>')
    expect(en).toContain('[name]<span lang="zh-CN">您好，楼道灯已于本周更换。</span>')
    const zh = await page(AnswerPage, answerLoader, `/answers/${answerId}`, { id: String(answerId) }, 'zh')
    expect(zh).toContain('<span lang="zh-CN">我叫【姓名】，楼道灯不亮</span>')
    expect(zh).toContain('<span lang="zh-CN">【姓名】您好，楼道灯已于本周更换。</span>')
    expect(occurrences(zh, '[name]')).toBe(0)
  })

  test('the answer page’s title reads the placeholder in the visitor’s language', () => {
    const data = { answer: { question: '我叫【姓名】，楼道灯不亮' } }
    const title = (locale: Locale) =>
      (answerMeta({ data, matches: [{ id: 'root', data: { prefs: { locale } } }], error: undefined } as never) as { title: string }[])[0]!.title
    expect(title('en')).toMatch(/^我叫\[name\]，楼道灯不亮 · /)
    expect(title('zh')).toMatch(/^我叫【姓名】，楼道灯不亮 · /)
  })

  test('the tracking page reads [name] and [phone] in English in the report and the reply', async () => {
    const path = `/track/${complaint.trackingCode}`
    const en = await page(TrackPage, trackLoader, path, { code: complaint.trackingCode }, 'en')
    expect(occurrences(en, '【')).toBe(0)
    expect(en).toContain('<span lang="zh-CN">我叫</span>[name]<span lang="zh-CN">，楼道灯不亮</span>')
    expect(en).toContain('[phone]')
    expect(en).toContain('[name]<span lang="zh-CN">您好，楼道灯已于本周更换。</span>')
    const zh = await page(TrackPage, trackLoader, path, { code: complaint.trackingCode }, 'zh')
    expect(zh).toContain('我叫【姓名】，楼道灯不亮')
    expect(zh).toContain('楼道灯坏了一个月，请联系【电话】。')
    expect(occurrences(zh, '[name]') + occurrences(zh, '[phone]')).toBe(0)
  })

  test('similar reports on the report form read [name] in English', () => {
    const data = JSON.parse(JSON.stringify(suggestFor(db, { subject: '楼道灯不亮', body: '楼道灯坏了', communityId: complaint.communityId })))
    expect(data.similar.map((s: { subject: string }) => s.subject)).toEqual(['我叫【姓名】，楼道灯不亮'])
    const html = (locale: Locale) =>
      renderToStaticMarkup(createElement(LocaleContext.Provider, { value: locale }, createElement(SuggestionPanel, { data, supportButtons: true })))
    expect(html('en')).toContain('<span lang="zh-CN">我叫</span>[name]<span lang="zh-CN">，楼道灯不亮</span>')
    expect(html('zh')).toContain('<span lang="zh-CN">我叫【姓名】，楼道灯不亮</span>')
  })
})
