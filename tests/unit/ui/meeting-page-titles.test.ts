import { describe, expect, it } from 'vitest'
import * as checkin from '#app/routes/_meetings+/meetings.$id.checkin'
import * as list from '#app/routes/_meetings+/meetings._index'

const matches = (locale: 'zh' | 'en') => [{ id: 'root', data: { prefs: { locale } } }]
type MetaArgs = Parameters<typeof checkin.meta>[0]
const title = (meta: (args: MetaArgs) => unknown, data: unknown, locale: 'zh' | 'en' = 'zh') =>
  (meta({ data, matches: matches(locale) } as unknown as MetaArgs) as { title: string }[])[0]!.title

describe('meeting page titles', () => {
  it('name the check-in page and its meeting in the browser tab, in the visitor’s language', () => {
    expect(title(checkin.meta, { title: '路口议事会' })).toBe('路口议事会 · 现场签到 · 茶馆议事')
    expect(title(checkin.meta, { title: '路口议事会' }, 'en')).toBe('路口议事会 · Check in · Teahouse')
  })

  it('name the meetings list', () => {
    expect(title(list.meta as (args: MetaArgs) => unknown, null)).toBe('议事会 · 茶馆议事')
  })
})
