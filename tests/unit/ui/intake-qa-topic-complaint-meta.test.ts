import { createElement } from 'react'
import { describe, expect, it } from 'vitest'
import { TopicComplaints } from '#app/components/topics/topic-complaints'
import { renderPage } from '#tests/render-page'

// A topic handed to another community shows the complaints it may not open without their writers' names.
describe('a topic’s complaints, where the reviewer may not see who wrote them', () => {
  it('lists channel, time and community without a separator left hanging where the name would be', async () => {
    const complaint = (id: number, complainantName: string | null, communityName: string | null) => ({
      id,
      subject: '长征桥老年食堂名额不够',
      body: '每天中午排长队。',
      channel: 'hotline',
      receivedAt: '2026-11-10T07:18:00.000Z',
      communityName,
      complainantName,
      canOpen: complainantName != null,
    })
    const Page = () =>
      createElement(TopicComplaints, {
        topic: { version: 1, title: '长征桥老年食堂名额不够' },
        complaints: [complaint(1, null, '长征桥社区'), complaint(2, '王秀英', null), complaint(3, '李建国', '长征桥社区')],
        terms: [],
        subProblems: [],
        historical: false,
        open: false,
        busy: false,
        refused: null,
        date: () => '2026年11月10日 15:18',
      })
    const html = await renderPage(Page, { path: '/topics/1', locale: 'zh', loaderData: {} })
    const lines = [...html.matchAll(/<div class="hint">(.*?)<\/div>/g)].map(m => m[1]!.replace(/<[^>]+>/g, '').trim())
    expect(lines).toEqual([
      '12345热线 · 2026年11月10日 15:18 · 长征桥社区',
      '12345热线 · 2026年11月10日 15:18 · 王秀英',
      '12345热线 · 2026年11月10日 15:18 · 长征桥社区 · 李建国',
    ])
  })
})
