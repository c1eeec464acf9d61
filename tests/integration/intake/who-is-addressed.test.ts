import { describe, expect, it } from 'vitest'
import type { Locale } from '#app/i18n/index'
import NewComplaint from '#app/routes/_intake+/complaints.new'
import Entry from '#app/routes/_intake+/entry'
import Rate from '#app/routes/_outcomes+/rate.$token'
import { occurrences, renderPage } from '#tests/render-page'

// Each page speaks to the person reading it: the resident on the report form
// and the rating page, the staff member typing in a phoned-in report on /entry.

const communities = [{ id: 1, nameZh: '长征桥社区', nameEn: 'Changzhengqiao' }]
const form = (locale: Locale) =>
  renderPage(NewComplaint, {
    path: '/complaints/new',
    locale,
    loaderData: { communities, defaults: { community: '' }, photoLimits: { count: 5, bytes: 5 * 1024 * 1024 } },
  })
const entry = (locale: Locale) =>
  renderPage(Entry, { path: '/entry', locale, loaderData: { communities, channels: ['hotline'], defaults: { community: '1', channel: 'hotline' } } })
const label = (html: string, id: string) => new RegExp(`<label for="${id}">([^<]*)</label>`).exec(html)?.[1]

describe('who the complaint fields speak to', () => {
  it('on the resident form, the resident', async () => {
    const zh = await form('zh')
    expect(label(zh, 'f-complainantName')).toBe('您的称呼（选填）')
    expect(occurrences(zh, '您的姓名、电话和地址只有')).toBe(1)
    const en = await form('en')
    expect(label(en, 'f-complainantName')).toBe('Your name (optional)')
    expect(occurrences(en, 'Your name, phone and address')).toBe(1)
  })

  it('on staff entry, the staff member, about the resident who reported', async () => {
    const zh = await entry('zh')
    expect(label(zh, 'f-complainantName')).toBe('反映人称呼（选填）')
    expect(occurrences(zh, '反映人的姓名、电话和地址只有')).toBe(1)
    expect(occurrences(zh, '您的')).toBe(0)
    const en = await entry('en')
    expect(label(en, 'f-complainantName')).toBe('Resident’s name (optional)')
    expect(occurrences(en, 'The resident’s name, phone and address')).toBe(1)
    expect(occurrences(en, 'Your ')).toBe(0)
  })
})

describe('the rating page', () => {
  const loaderData = {
    decision: { title: '小河小学路口高峰时段交警疏导', description: null },
    topic: { id: 1, title: '小河小学路口上下学高峰拥堵', place: '小河小学路口' },
    answered: null,
  }
  it('says in residents’ words what asking for a redo does, before and after, without staff jargon', async () => {
    for (const [locale, jargon, words] of [
      ['zh', '工作单', '重新处理'],
      ['en', 'work order', 'will be handled again'],
    ] as const) {
      const before = await renderPage(Rate, { path: '/rate/abc', locale, loaderData })
      const after = await renderPage(Rate, { path: '/rate/abc', locale, loaderData, actionData: { done: { reopened: 1 } } })
      for (const html of [before, after]) {
        expect(occurrences(html, jargon)).toBe(0)
        expect(occurrences(html, words)).toBe(1)
      }
    }
  })
})
