import { describe, expect, it } from 'vitest'

// Every page names itself in the browser tab and to screen readers, in the visitor's language.
const pages = Object.entries(
  import.meta.glob<{ default?: unknown; meta?: (args: unknown) => { title?: string }[] }>('/app/routes/**/*.tsx', { eager: true }),
).filter(([, mod]) => typeof mod.default === 'function')

describe('page titles', () => {
  it('finds the pages', () => {
    expect(pages.length).toBeGreaterThan(40)
  })

  for (const locale of ['zh', 'en'] as const) {
    it(`every page has a title naming the app (${locale})`, () => {
      const matches = [{ id: 'root', data: { prefs: { locale } } }]
      const untitled = pages
        .filter(([, mod]) => {
          const title = mod.meta?.({ data: undefined, matches, params: {}, location: { pathname: '/' } }).find(m => m.title)?.title ?? ''
          return !title.includes(locale === 'zh' ? '茶馆议事' : 'Teahouse') || title.startsWith(' · ')
        })
        .map(([file]) => file)
      expect(untitled).toEqual([])
    })
  }
})
