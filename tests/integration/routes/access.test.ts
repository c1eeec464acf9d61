/// <reference types="vite/client" />
import { beforeEach, describe, expect, it } from 'vitest'
import { PAGE_ROLES, type ProtectedPage } from '#app/utils/permissions'
import { ROLES, type Role } from '#db/enums'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

// Every route module, so each protected page's loader can be found by its path.
const modules = import.meta.glob<{ loader?: (args: never) => unknown }>('/app/routes/**/*.tsx')

function moduleFor(page: string) {
  const name = page.slice(1).replaceAll('/', '.') // flat routes: /answers/review → answers.review
  const key = Object.keys(modules).find(k => [`/${name}.tsx`, `/${name}._index.tsx`].some(end => k.endsWith(end)))
  if (!key) throw new Error(`no route module for ${page}`)
  return modules[key]!()
}

// Where each role's test user is scoped.
const UNIT_OF: Record<Role, string | null> = {
  resident: 'gs-czq',
  community_worker: 'gs-czq',
  street_staff: 'gs-xh',
  department_staff: 'dept-traffic',
  facilitator: 'gs-xh',
  supervisor: 'gs-xh',
  admin: null,
}

const cases = (Object.keys(PAGE_ROLES) as ProtectedPage[]).flatMap(page =>
  ROLES.map(role => ({ page, role, allowed: role === 'admin' || (PAGE_ROLES[page] as readonly Role[]).includes(role) })),
)

describe('routes × roles', () => {
  beforeEach(() => {
    const db = createTestDb()
    seedTestUnits(db)
  })

  it.each(Object.keys(PAGE_ROLES))('%s sends anonymous visitors to the login page', async page => {
    const mod = await moduleFor(page)
    const res = await callRoute(mod.loader!, makeRequest(page))
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/login?redirectTo=${encodeURIComponent(page)}`)
  })

  it.each(cases)('$page as $role → allowed: $allowed', async ({ page, role, allowed }) => {
    const db = createTestDb()
    seedTestUnits(db)
    const user = await createLoggedInUser(db, role, UNIT_OF[role])
    const mod = await moduleFor(page)
    const res = await callRoute(mod.loader!, makeRequest(page, { cookie: user.cookie }))
    expect(res.status).toBe(allowed ? 200 : 403)
  })
})
