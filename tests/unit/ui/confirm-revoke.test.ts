import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { StaticRouterProvider, createStaticHandler, createStaticRouter } from 'react-router-dom/server'
import { describe, expect, it } from 'vitest'
import { AccountRow } from '#app/components/admin/accounts'
import { LocaleContext, type Locale } from '#app/i18n/index'

async function renderAccount(locale: Locale) {
  const account = { id: 7, username: 'qaworker', displayName: '钱社工', disabledAt: null, grants: [{ id: 11, role: 'community_worker', unitId: 3 }] }
  const row = () =>
    createElement(
      LocaleContext.Provider,
      { value: locale },
      createElement(AccountRow, { account, units: [], unitName: () => (locale === 'zh' ? '长征桥社区' : 'Changzhengqiao') }),
    )
  // Remix forms need a data router around them.
  const routes = [{ path: '/admin/users', Component: row }]
  const context = await createStaticHandler(routes).query(new Request('http://localhost/admin/users'))
  if (context instanceof Response) throw context
  return renderToStaticMarkup(createElement(StaticRouterProvider, { router: createStaticRouter(routes, context), context }))
}

/** The revoke form: from its intent field to its end. */
const revokeForm = (html: string) => /<form[^>]*>(?:(?!<\/form>).)*name="intent" value="revoke"(?:(?!<\/form>).)*<\/form>/s.exec(html)?.[0] ?? ''

describe('revoking a role', () => {
  it('asks first: the only submit button sits inside a disclosure that says what is revoked', async () => {
    const form = revokeForm(await renderAccount('zh'))
    expect(form).not.toBe('')
    const details = /<details[^>]*>(.*)<\/details>/s.exec(form)?.[1] ?? ''
    expect(/<summary[^>]*>(.*?)<\/summary>/s.exec(details)?.[1]).toBe('撤销')
    expect(details).toContain('钱社工将不再拥有“社区工作者（长征桥社区）”的权限。')
    // No submit outside the disclosure: one press cannot revoke.
    expect(form.replace(/<details[^>]*>.*<\/details>/s, '')).not.toMatch(/<button/)
    expect([...details.matchAll(/<button type="submit"[^>]*>(.*?)<\/button>/g)].map(m => m[1])).toEqual(['确认撤销'])
  })

  it('asks in English too', async () => {
    const form = revokeForm(await renderAccount('en'))
    expect(form).toContain('钱社工 will no longer have the “Community worker (Changzhengqiao)” role.')
    expect([...form.matchAll(/<button type="submit"[^>]*>(.*?)<\/button>/g)].map(m => m[1])).toEqual(['Yes, revoke'])
  })
})
