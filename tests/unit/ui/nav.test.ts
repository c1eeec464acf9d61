import { describe, expect, it } from 'vitest'
import { zh } from '#app/i18n/zh'
import { navFor } from '#app/utils/nav'

describe('navFor', () => {
  it('lists a resident’s pages in order with their label keys', () => {
    expect(navFor(['resident'])).toEqual([
      { to: '/me', label: 'nav.me' },
      { to: '/complaints/new', label: 'nav.submit' },
      { to: '/answers', label: 'nav.answers' },
      { to: '/public', label: 'nav.public' },
    ])
  })

  it('merges several roles without repeating a page, in role order', () => {
    const items = navFor(['admin', 'street_staff'])
    expect(items.map(i => i.to)).toEqual(['/admin', '/inbox', '/street', '/topics', '/decisions', '/orders', '/reports', '/dashboard', '/answers/review'])
  })

  it('gives every page a label the catalog knows', () => {
    const all = navFor(['resident', 'community_worker', 'street_staff', 'department_staff', 'facilitator', 'supervisor', 'admin'])
    expect(all).toHaveLength(19)
    for (const item of all) expect(zh[item.label]).toBeTruthy()
  })
})
