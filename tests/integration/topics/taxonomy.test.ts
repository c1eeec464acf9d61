import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { makeT } from '#app/i18n/index'
import TaxonomyEditor, { action, loader } from '#app/routes/_topics+/taxonomy'
import { loader as exportLoader } from '#app/routes/_topics+/taxonomy.export[.]json'
import { getPipeline } from '#app/services/nlp.server'
import { resetTopicEngine } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { auditEvents, taxonomyVersions } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { control, describedBy, occurrences, renderPage } from '#tests/render-page'

let db: Db
let cookie: string
beforeEach(async () => {
  db = createTestDb()
  resetTopicEngine()
  seedTestUnits(db)
  cookie = (await createLoggedInUser(db, 'street_staff', 'gs-xh')).cookie
})

const post = (form: Record<string, string | string[]>) => callRoute(action, makeRequest('/taxonomy', { cookie, form }))

describe('taxonomy editor', () => {
  it('test box shows which keywords match a sample text and the category', async () => {
    const res = await post({ intent: 'test', text: '小区门口渣土车夜间施工噪音扰民，请城管处理' })
    const body = (await res.json()).tested
    expect(body.path).not.toBe('')
    expect(body.matches.length).toBeGreaterThan(0)
    expect(body.terms.every((t: string) => body.text.includes(t))).toBe(true)
    const empty = await post({ intent: 'test', text: '   ' })
    expect(empty.status).toBe(400)
    expect((await empty.json()).result.error.text).toEqual(['taxonomy.error.empty'])
  })

  it('test box gives the text back as typed, full-width marks and capitals kept, beside what the matcher read', async () => {
    const typed = '小区门口渣土车夜间施工，噪音扰民！请ABC物业处理'
    const body = (await (await post({ intent: 'test', text: typed })).json()).tested
    expect(body.typed).toBe(typed)
    expect(body.text).toBe('小区门口渣土车夜间施工,噪音扰民!请abc物业处理')
  })

  it('saving a node creates a new version with a diff, used by the classifier; rollback restores it', async () => {
    const before = await (await callRoute(loader, makeRequest('/taxonomy?node=transport', { cookie }))).json()
    const v1 = before.version
    const node = before.selected
    expect(getPipeline(db).classifier.classify({ text: '奇奇怪怪词' }).keywords).not.toContain('奇奇怪怪词')
    const terms = [...node.keywords.map((k: { term: string }) => k.term), '奇奇怪怪词']
    const weights = [...node.keywords.map((k: { weight: number }) => String(k.weight)), '5']
    const synonyms = [...node.keywords.map((k: { synonyms: string }) => k.synonyms), '']
    const saved = await post({ intent: 'save', nodeId: node.id, term: terms, weight: weights, synonyms, exclusions: '', note: '加一个测试词' })
    expect(saved.status).toBe(200)
    expect((await saved.json()).params.version).toBe(v1 + 1)
    expect(getPipeline(db).classifier.classify({ text: '这里有奇奇怪怪词' }).keywords).toContain('奇奇怪怪词')
    const after = await (await callRoute(loader, makeRequest('/taxonomy?node=transport', { cookie }))).json()
    expect(after.versions[0].diff[0].added).toEqual(['奇奇怪怪词'])
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'taxonomy.save')).all()).toHaveLength(1)

    const rolled = await post({ intent: 'rollback', version: String(v1) })
    expect((await rolled.json()).params).toEqual({ from: v1, version: v1 + 2 })
    expect(getPipeline(db).classifier.classify({ text: '这里有奇奇怪怪词' }).keywords).not.toContain('奇奇怪怪词')
    expect(
      db
        .select()
        .from(taxonomyVersions)
        .all()
        .map(v => v.version),
    ).toEqual([v1, v1 + 1, v1 + 2])
    // The page names the versions the system made in words, and keeps the worker's note as typed.
    const page = await (await callRoute(loader, makeRequest('/taxonomy', { cookie }))).json()
    expect(page.versions.map((v: { systemNote: unknown; note: string }) => v.systemNote ?? v.note)).toEqual([
      { kind: 'rollback', version: v1 },
      '加一个测试词',
      { kind: 'initial' },
    ])
  })

  it('rejects bad weights and invalid imports with the node path and field', async () => {
    const bad = await post({ intent: 'save', nodeId: 'transport', term: ['拥堵'], weight: ['9'], synonyms: [''], exclusions: '' })
    expect(bad.status).toBe(400)
    expect((await bad.json()).result.error.weight).toEqual(['taxonomy.error.weight'])
    const notJson = await post({ intent: 'import', json: '{nope' })
    expect((await notJson.json()).error).toBe('taxonomy.error.json')
    const invalid = await post({
      intent: 'import',
      json: JSON.stringify({ version: 1, name: 'x', categories: [{ id: 'a', nameZh: '甲', nameEn: 'A', keywords: [{ term: '', weight: 2 }], children: [] }] }),
    })
    const body = await invalid.json()
    expect(body.error).toBe('taxonomy.error.invalid')
    expect(body.issues[0].path).toContain('categories[0]')
    expect(db.select().from(taxonomyVersions).all()).toHaveLength(1)
  })

  it('keeps each version’s changes with it; a version saved without them gets them on first view', async () => {
    const node = (await (await callRoute(loader, makeRequest('/taxonomy?node=transport', { cookie }))).json()).selected
    const terms = [...node.keywords.map((k: { term: string }) => k.term), '新词甲']
    const weights = [...node.keywords.map((k: { weight: number }) => String(k.weight)), '3']
    await post({
      intent: 'save',
      nodeId: node.id,
      term: terms,
      weight: weights,
      synonyms: [...node.keywords.map((k: { synonyms: string }) => k.synonyms), ''],
      exclusions: '',
    })
    const stored = db.select().from(taxonomyVersions).where(eq(taxonomyVersions.version, 2)).get()!
    expect(stored.diff).toEqual([expect.objectContaining({ nodeId: 'transport', status: 'changed', added: ['新词甲'], removed: [] })])

    // A version from before diffs were stored: computed once from its predecessor, then kept.
    db.update(taxonomyVersions).set({ diff: null }).where(eq(taxonomyVersions.version, 2)).run()
    const page = await (await callRoute(loader, makeRequest('/taxonomy', { cookie }))).json()
    expect(page.versions.find((v: { version: number }) => v.version === 2).diff[0].added).toEqual(['新词甲'])
    expect(db.select().from(taxonomyVersions).where(eq(taxonomyVersions.version, 2)).get()!.diff).toEqual(stored.diff)
    expect(db.select().from(taxonomyVersions).where(eq(taxonomyVersions.version, 1)).get()!.diff).toEqual([])
  })

  it('removes the ticked keyword rows, and lets community workers test but not change the taxonomy', async () => {
    const node = (await (await callRoute(loader, makeRequest('/taxonomy?node=transport', { cookie }))).json()).selected
    const terms = node.keywords.map((k: { term: string }) => k.term)
    const saved = await post({
      intent: 'save',
      nodeId: node.id,
      term: terms,
      weight: node.keywords.map((k: { weight: number }) => String(k.weight)),
      synonyms: node.keywords.map((k: { synonyms: string }) => k.synonyms),
      remove: ['0'],
      exclusions: '',
    })
    expect(saved.status).toBe(200)
    const after = (await (await callRoute(loader, makeRequest('/taxonomy?node=transport', { cookie }))).json()).selected
    expect(after.keywords.map((k: { term: string }) => k.term)).toEqual(terms.slice(1))

    const worker = (await createLoggedInUser(db, 'community_worker', 'gs-czq')).cookie
    const asWorker = (form: Record<string, string | string[]>) => callRoute(action, makeRequest('/taxonomy', { cookie: worker, form }))
    expect((await asWorker({ intent: 'test', text: '路口拥堵' })).status).toBe(200)
    expect((await asWorker({ intent: 'save', nodeId: 'transport', term: ['拥堵'], weight: ['9'] })).status).toBe(403)
    expect((await asWorker({ intent: 'rollback', version: '1' })).status).toBe(403)
    expect(db.select().from(taxonomyVersions).all()).toHaveLength(2)
  })

  it('names the categories in the page’s language: English names in English, the keywords as they are', async () => {
    const english = { cookie: `${cookie}; th_prefs=en.0.0` }
    const page = await (await callRoute(loader, makeRequest('/taxonomy?node=transport', english))).json()
    const transport = page.nodes.find((n: { id: string }) => n.id === 'transport')
    expect(transport.name).toBe(transport.nameEn)
    expect(transport.name).not.toMatch(/\p{Script=Han}/u)
    expect(page.selected.path).toBe(transport.nameEn)
    const tested = await (await callRoute(action, makeRequest('/taxonomy', { ...english, form: { intent: 'test', text: '路口堵车，交警快来疏导' } }))).json()
    expect(tested.tested.path).not.toMatch(/\p{Script=Han}/u)
    const chinese = await (await callRoute(loader, makeRequest('/taxonomy?node=transport', { cookie }))).json()
    expect(chinese.selected.path).toBe(transport.nameZh)
  })

  it('exports the taxonomy in force as JSON that imports back', async () => {
    const res = await callRoute(exportLoader, makeRequest('/taxonomy/export.json', { cookie }))
    expect(res.headers.get('content-disposition')).toContain('teahouse-taxonomy-v1.json')
    const text = await res.text()
    const imported = await post({ intent: 'import', json: text })
    expect(imported.status).toBe(200)
    expect(db.select().from(taxonomyVersions).all()).toHaveLength(2)
    const page = await (await callRoute(loader, makeRequest('/taxonomy', { cookie }))).json()
    expect(page.versions[0].systemNote).toEqual({ kind: 'import' })
  })
})

describe('the taxonomy page’s forms', () => {
  const zh = makeT('zh')
  const en = makeT('en')
  async function page(path: string, actionData?: object, locale: 'zh' | 'en' = 'zh') {
    const loaderData = await (await callRoute(loader, makeRequest(path, { cookie }))).json()
    return renderPage(TaxonomyEditor, { path, locale, loaderData, actionData })
  }

  it('are checked by the server, not the browser (noValidate)', async () => {
    const html = await page('/taxonomy?node=transport')
    const forms = [...html.matchAll(/<form[^>]*>/g)].map(m => m[0])
    expect(forms.length).toBeGreaterThanOrEqual(3)
    for (const form of forms) expect(form).toContain('novalidate=""')
  })

  it('an import without a file is refused beside the file field in the page’s language, and makes no version', async () => {
    const res = await post({ intent: 'import' })
    expect(res.status).toBe(400)
    const actionData = (await res.json()) as { result: { error: Record<string, string[]> } }
    expect(actionData.result.error).toEqual({ file: ['taxonomy.error.file'] })
    for (const [locale, t] of [['zh', zh] as const, ['en', en] as const]) {
      const html = await page('/taxonomy', actionData, locale)
      expect(describedBy(html, 'file')).toEqual([t('taxonomy.error.file')])
      expect(occurrences(html, t('taxonomy.error.file'))).toBe(1)
    }
    expect(db.select().from(taxonomyVersions).all()).toHaveLength(1)
  })

  it('a weight out of range is said beside the keyword rows, that row’s weight marked, and every row as typed', async () => {
    const node = (await (await callRoute(loader, makeRequest('/taxonomy?node=transport', { cookie }))).json()).selected
    const terms = [...node.keywords.map((k: { term: string }) => k.term), '新词乙']
    const weights = [...node.keywords.map((k: { weight: number }) => String(k.weight)), '9']
    const synonyms = [...node.keywords.map((k: { synonyms: string }) => k.synonyms), '同义乙']
    const res = await post({ intent: 'save', nodeId: node.id, term: terms, weight: weights, synonyms, exclusions: '样例排除', note: '加新词' })
    expect(res.status).toBe(400)
    const html = await page('/taxonomy?node=transport', (await res.json()) as object)
    const weightInputs = [...html.matchAll(/<input [^>]*name="weight"[^>]*>/g)].map(m => m[0])
    const last = terms.length - 1
    expect(weightInputs[last]).toContain('aria-invalid="true"')
    expect(weightInputs[last]).toContain('value="9"')
    expect(weightInputs.filter(w => w.includes('aria-invalid'))).toHaveLength(1)
    expect(/aria-describedby="([^"]+)"/.exec(weightInputs[last]!)?.[1]).toBe('taxonomy-weight-error')
    expect(occurrences(html, zh('taxonomy.error.weight'))).toBe(1)
    expect(html).toMatch(/<input [^>]*name="term"[^>]*value="新词乙"/)
    expect(html).toMatch(/<input [^>]*name="synonyms"[^>]*value="同义乙"/)
    expect(html).toMatch(/<textarea[^>]*name="exclusions"[^>]*>样例排除<\/textarea>/)
    expect(control(html, 'note')).toContain('value="加新词"')
    expect(db.select().from(taxonomyVersions).all()).toHaveLength(1)
  })
})
