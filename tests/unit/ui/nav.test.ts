import { describe, expect, it } from 'vitest'
import { zh } from '#app/i18n/zh'
import { navFor } from '#app/utils/nav'
import { DECISION_VIEW_ROLES, ORGANISER_ROLES, PAGE_ROLES, POOL_STAFF, TAXONOMY_EDIT_ROLES } from '#app/utils/permissions'

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
    expect(items.map(i => i.to)).toEqual([
      '/admin',
      '/audit',
      '/inbox',
      '/import',
      '/pool',
      '/taxonomy',
      '/street',
      '/topics',
      '/meetings',
      '/decisions',
      '/orders',
      '/reports',
      '/dashboard',
      '/answers/review',
    ])
  })

  it('gives every page a label the catalog knows', () => {
    const all = navFor(['resident', 'community_worker', 'street_staff', 'department_staff', 'facilitator', 'supervisor', 'admin'])
    expect(all).toHaveLength(20)
    for (const item of all) expect(zh[item.label]).toBeTruthy()
  })

  it('leads everyone who edits the taxonomy, schedules meetings, keeps the pool or reads decisions to those pages', () => {
    const reaches = (role: Parameters<typeof navFor>[0][number], page: string) => navFor([role]).some(i => i.to === page)
    for (const role of [...TAXONOMY_EDIT_ROLES, 'admin' as const]) expect(reaches(role, '/taxonomy'), role).toBe(true)
    for (const role of ORGANISER_ROLES) expect(reaches(role, '/meetings'), role).toBe(true)
    for (const role of POOL_STAFF) expect(reaches(role, '/pool'), role).toBe(true)
    // Facilitators record decisions and supervisors follow them: both find the list.
    for (const role of DECISION_VIEW_ROLES) expect(reaches(role, '/decisions'), role).toBe(true)
    // An administrator setting up a district imports past complaints and the deliberator pool.
    for (const page of ['/import', '/pool']) expect(reaches('admin', page), page).toBe(true)
    // Everyone who may read the audit log finds it.
    for (const role of [...PAGE_ROLES['/audit'], 'admin' as const]) expect(reaches(role, '/audit'), role).toBe(true)
  })
})
