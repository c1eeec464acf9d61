import { describe, expect, it } from 'vitest'
import { zh } from '#app/i18n/zh'
import * as me from '#app/routes/_account+/me'
import * as notifications from '#app/routes/_account+/notifications'
import * as answer from '#app/routes/_answers+/answers.$id'
import * as observe from '#app/routes/_meetings+/meetings.$id.observe'
import * as rate from '#app/routes/_outcomes+/rate.$token'
import * as invite from '#app/routes/_panels+/invite.$token'
import * as join from '#app/routes/_panels+/join'
import * as notFound from '#app/routes/_public+/$'
import * as community from '#app/routes/_public+/public.$code'
import * as topic from '#app/routes/_public+/public.topics.$id'

// What a browser tab, a bookmark and a screen reader announce for each page.
const matches = (locale: 'zh' | 'en') => [{ id: 'root', data: { prefs: { locale } } }]
type MetaArgs = { matches: ReturnType<typeof matches>; data?: unknown; error?: unknown }
const titleOf = (meta: unknown, args: MetaArgs) => ((meta as (a: MetaArgs) => { title?: string }[])(args).find(d => d.title)?.title ?? null) as string | null

const notFoundError = { status: 404, statusText: 'Not Found', internal: false, data: 'Not found' }

describe('page titles', () => {
  it('names the resident’s own pages in the reader’s language', () => {
    expect(titleOf(me.meta, { matches: matches('zh') })).toBe('我的诉求 · 茶馆议事')
    expect(titleOf(notifications.meta, { matches: matches('zh') })).toBe('通知中心 · 茶馆议事')
    expect(titleOf(join.meta, { matches: matches('en') })).toBe('Join the community deliberator pool · Teahouse')
    expect(titleOf(rate.meta, { matches: matches('zh') })).toBe('办理结果评价 · 茶馆议事')
    expect(titleOf(invite.meta, { matches: matches('zh') })).toBe(`${zh['invite.title']} · 茶馆议事`)
  })

  it('says a missing page is missing, whatever page was asked for', () => {
    for (const route of [notFound, topic, answer, community, rate, observe, invite]) {
      expect(titleOf(route.meta, { matches: matches('zh'), data: undefined, error: notFoundError })).toBe('页面不存在 · 茶馆议事')
    }
    expect(titleOf(notFound.meta, { matches: matches('en'), error: notFoundError })).toBe('Page not found · Teahouse')
  })
})
