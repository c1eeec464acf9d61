import { beforeEach, describe, expect, it } from 'vitest'
import TaxonomyEditor, { action, loader } from '#app/routes/_topics+/taxonomy'
import { resetTopicEngine } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

let db: Db
let cookie: string
beforeEach(async () => {
  db = createTestDb()
  resetTopicEngine()
  seedTestUnits(db)
  cookie = (await createLoggedInUser(db, 'street_staff', 'gs-xh')).cookie
})

/** The result paragraph with the highlighted text: its words, and the words in <mark>. */
function shownResult(html: string) {
  const box = /data-testid="taxonomy-test-result"[^>]*>([\s\S]*?)<h3>/.exec(html)?.[1] ?? ''
  const para = [...box.matchAll(/<p>([\s\S]*?)<\/p>/g)].map(m => m[1]).find(p => p.includes('<mark>')) ?? ''
  return {
    text: para.replace(/<[^>]+>/g, ''),
    marked: [...para.matchAll(/<mark>(.*?)<\/mark>/g)].map(m => m[1]),
  }
}

describe('the taxonomy test box', () => {
  it('shows the text as the person typed it (capitals, full-width figures, traditional characters, spaces), with the matched words marked in it', async () => {
    const typed = 'ＡＢＣ小区　　门口渣土車夜间施工，噪音擾民！１２３号'
    const res = await callRoute(action, makeRequest('/taxonomy', { cookie, form: { intent: 'test', text: typed } }))
    const actionData = await res.json()
    const loaderData = await (await callRoute(loader, makeRequest('/taxonomy', { cookie }))).json()
    const html = await renderPage(TaxonomyEditor, { path: '/taxonomy', locale: 'zh', loaderData, actionData })
    const shown = shownResult(html)
    expect(shown.text).toBe(typed)
    // The words as written, traditional 車 and 擾 included, are what is marked.
    expect(shown.marked).toEqual(['渣土車', '夜间施工', '噪音擾民'])
  })
})

describe('a taxonomy import refused', () => {
  const importing = async (json: string, locale: 'zh' | 'en') => {
    const res = await callRoute(action, makeRequest('/taxonomy', { cookie, form: { intent: 'import', json } }))
    expect(res.status).toBe(400)
    const actionData = await res.json()
    const loaderData = await (await callRoute(loader, makeRequest('/taxonomy', { cookie }))).json()
    const html = await renderPage(TaxonomyEditor, { path: '/taxonomy', locale, loaderData, actionData })
    return (/role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ')
  }

  it('says what is wrong with each category in the reader’s language, not the checker’s English', async () => {
    const bad = JSON.stringify({
      version: 1,
      name: 'x',
      categories: [
        { id: 'a', nameZh: '甲', keywords: [{ term: '', weight: 2 }], children: [] },
        { id: 'a', nameZh: '乙', keywords: [{ term: '堵', weight: -1 }], children: [] },
      ],
    })
    const zh = await importing(bad, 'zh')
    expect(zh).toContain('categories[0]')
    expect(zh).not.toMatch(/must be|duplicate|positive/)
    expect(zh).toMatch(/不能为空/)
    expect(zh).toMatch(/重复/)
    const en = await importing(bad, 'en')
    expect(en).toMatch(/must not be empty|empty/i)
  })

  it('a file that is not JSON is named as such in Chinese, with where it goes wrong, not in the engine’s English', async () => {
    const zh = await importing('{nope', 'zh')
    expect(zh).toContain('不是有效的 JSON')
    expect(zh).not.toMatch(/Expected|Unexpected|position/)
    expect(zh).toMatch(/第 1 行/)
  })
})
