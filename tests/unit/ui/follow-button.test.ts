import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { StaticRouter, StaticRouterProvider, createStaticHandler, createStaticRouter } from 'react-router-dom/server'
import { describe, expect, it } from 'vitest'
import { FollowButton } from '#app/components/follow-button'
import { LocaleContext, type Locale } from '#app/i18n/index'

function renderAnonymous(locale: Locale) {
  const buttons = [
    createElement(FollowButton, { key: 'c', followed: null, kind: 'place', targetKey: 'community:3', label: 'answers.follow.community' }),
    createElement(FollowButton, { key: 'p', followed: null, kind: 'place', targetKey: 'place:小河小学路口', label: 'answers.follow.place' }),
    createElement(FollowButton, { key: 'k', followed: null, kind: 'category', targetKey: '交通运输', label: 'answers.follow.category' }),
  ]
  return renderToStaticMarkup(
    createElement(LocaleContext.Provider, { value: locale }, createElement(StaticRouter, { location: '/public/topics/7?x=1' }, ...buttons)),
  )
}

describe('follow button for a visitor who is not logged in', () => {
  it('says in each login link what it would follow, so links side by side differ', () => {
    const texts = [...renderAnonymous('zh').matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map(m => m[1])
    expect(texts).toEqual(['登录后关注此社区', '登录后关注此地点', '登录后关注此类别'])
    expect([...renderAnonymous('en').matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map(m => m[1])).toEqual([
      'Log in to follow this community',
      'Log in to follow this place',
      'Log in to follow this category',
    ])
  })

  it('brings the visitor back to the same page after login', () => {
    const hrefs = [...renderAnonymous('zh').matchAll(/href="([^"]*)"/g)].map(m => m[1])
    expect(new Set(hrefs)).toEqual(new Set([`/login?redirectTo=${encodeURIComponent('/public/topics/7?x=1')}`]))
  })
})

describe('follow button for a resident', () => {
  it('says which of the things side by side is already followed', async () => {
    const followed = ['place:community:3', 'category:交通运输', 'place:place:小河小学路口']
    const buttons = () =>
      createElement(
        LocaleContext.Provider,
        { value: 'zh' },
        createElement(FollowButton, { followed, kind: 'place', targetKey: 'community:3', label: 'answers.follow.community' }),
        createElement(FollowButton, { followed, kind: 'place', targetKey: 'place:小河小学路口', label: 'answers.follow.place' }),
        createElement(FollowButton, { followed, kind: 'category', targetKey: '交通运输', label: 'answers.follow.category' }),
      )
    // Remix forms need a data router around them.
    const routes = [{ path: '/public/topics/7', Component: buttons }]
    const context = await createStaticHandler(routes).query(new Request('http://localhost/public/topics/7'))
    if (context instanceof Response) throw context
    const html = renderToStaticMarkup(createElement(StaticRouterProvider, { router: createStaticRouter(routes, context), context }))
    expect([...html.matchAll(/<button [^>]*aria-pressed="true"[^>]*>([^<]*)<\/button>/g)].map(m => m[1])).toEqual([
      '已关注此社区 · 取消关注',
      '已关注此地点 · 取消关注',
      '已关注此类别 · 取消关注',
    ])
  })
})
