import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { createAccount, grantRole } from '#app/commands/admin.server'
import AdminTokens, * as tokensPage from '#app/routes/_admin+/admin_.tokens'
import AdminUsers, * as usersPage from '#app/routes/_admin+/admin_.users'
import { ROLES, UNIT_KINDS, type Role, type UnitKind } from '#db/enums'
import { apiTokens, auditEvents, roleAssignments, users } from '#db/schema/index'
import type { Notifier } from '#realtime/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, postForm, seedTestUnits } from '#tests/db-utils'
import { describedBy, renderPage } from '#tests/render-page'

// A role is given in a unit of the kind it works in: a community worker in a community, street staff in
// a street, department staff in a department, facilitators and supervisors in an area (district, street or
// community), administrators everywhere. Accounts and API tokens follow the same rule.

let db: ReturnType<typeof createTestDb>
let u: ReturnType<typeof seedTestUnits>
let admin: Awaited<ReturnType<typeof createLoggedInUser>>
let ctx: { db: typeof db; actor: { kind: 'user'; id: number }; notify: Notifier }
beforeEach(async () => {
  db = createTestDb()
  u = seedTestUnits(db)
  admin = await createLoggedInUser(db, 'admin', null)
  ctx = { db, actor: { kind: 'user', id: admin.id }, notify: { toUser() {}, toUnit() {} } }
})

const unitOf = (kind: UnitKind | null) => (kind == null ? null : { district: u.district, street: u.street, community: u.czq, department: u.traffic }[kind].id)

const SENSIBLE: Record<Role, (UnitKind | null)[]> = {
  resident: ['community'],
  community_worker: ['community'],
  street_staff: ['street'],
  department_staff: ['department'],
  facilitator: ['district', 'street', 'community'],
  supervisor: ['district', 'street', 'community'],
  admin: [null],
}

const scopeError = (role: Role) => `admin.error.scopeFor.${role}`
const tokenCount = () => db.select().from(apiTokens).all().length

describe('the scope a role is given', () => {
  it('is refused for an account when the unit is not of the kind the role works in, naming what it needs, and nothing is written', async () => {
    const before = { users: db.select().from(users).all().length, audit: db.select().from(auditEvents).all().length }
    const wrong: [Role, UnitKind | null][] = [
      ['community_worker', 'department'],
      ['community_worker', 'street'],
      ['community_worker', null],
      ['street_staff', 'community'],
      ['street_staff', null],
      ['department_staff', 'community'],
      ['department_staff', null],
      ['resident', 'street'],
      ['facilitator', 'department'],
      ['supervisor', 'department'],
      ['admin', 'community'],
    ]
    for (const [role, kind] of wrong) {
      const input = { username: `x-${role}-${kind}`, displayName: '某人', password: 'a-good-password', role, unitId: unitOf(kind) }
      await expect(createAccount(ctx, input), `${role} @ ${kind}`).rejects.toMatchObject({ code: 'invalid', messageKey: scopeError(role), field: 'unitId' })
    }
    expect(db.select().from(users).all()).toHaveLength(before.users)
    expect(db.select().from(auditEvents).all()).toHaveLength(before.audit)

    const worker = await createAccount(ctx, { username: 'w', displayName: '社工', password: 'a-good-password', role: 'community_worker', unitId: u.czq.id })
    expect(() => grantRole(ctx, { userId: worker.id, role: 'street_staff', unitId: u.traffic.id })).toThrow(
      expect.objectContaining({ code: 'invalid', messageKey: scopeError('street_staff'), field: 'unitId' }),
    )
    expect(db.select().from(roleAssignments).where(eq(roleAssignments.userId, worker.id)).all()).toHaveLength(1)
  })

  it('is the same rule for accounts and API tokens, for every role and kind of unit', async () => {
    const worker = await createAccount(ctx, { username: 'w', displayName: '社工', password: 'a-good-password', role: 'community_worker', unitId: u.czq.id })
    for (const role of ROLES)
      for (const kind of [...UNIT_KINDS, null]) {
        const unitId = unitOf(kind)
        const sensible = SENSIBLE[role].includes(kind)
        const grant = await postForm(usersPage.action, '/admin/users', admin.cookie, {
          intent: 'grant',
          userId: String(worker.id),
          role,
          unitId: unitId == null ? '' : String(unitId),
        })
        expect(grant.status, `grant ${role} @ ${kind}`).toBe(sensible ? 303 : 400)
        const before = tokenCount()
        const token = await postForm(tokensPage.action, '/admin/tokens', admin.cookie, {
          intent: 'create',
          name: `${role}@${kind}`,
          role,
          unitId: unitId == null ? '' : String(unitId),
          scopes: 'topics:read',
        })
        expect(token.status, `token ${role} @ ${kind}`).toBe(sensible ? 200 : 400)
        expect(tokenCount()).toBe(before + (sensible ? 1 : 0))
        if (!sensible) {
          expect(((await grant.json()) as { result: { error: object } }).result.error).toEqual({ unitId: [scopeError(role)] })
          expect(((await token.json()) as { result: { error: object } }).result.error).toEqual({ unitId: [scopeError(role)] })
        }
      }
  })

  it('on the accounts page: the message stands under the scope field and what was typed stays', async () => {
    const form = {
      intent: 'create-user',
      username: 'gs-traffic-worker',
      displayName: '错配社工',
      password: 'a-good-password',
      phone: '',
      role: 'community_worker',
      unitId: String(u.traffic.id),
    }
    const res = await postForm(usersPage.action, '/admin/users', admin.cookie, form)
    expect(res.status).toBe(400)
    const actionData = await res.json()
    const loaderData = await (await callRoute(usersPage.loader, makeRequest('/admin/users', { cookie: admin.cookie }))).json()
    const html = await renderPage(AdminUsers, { path: '/admin/users', locale: 'zh', loaderData, actionData })
    const create = html.slice(html.indexOf('value="create-user"'), html.indexOf('</form>', html.indexOf('value="create-user"')))
    expect(describedBy(create, 'unitId')).toContain('社区工作者的负责范围须是一个社区。')
    expect(create).toMatch(new RegExp(`<option value="${u.traffic.id}" selected="">`))
    expect(create).toMatch(/<option value="community_worker" selected="">/)
    expect(create).toContain('value="gs-traffic-worker"')
    expect(db.select().from(users).where(eq(users.username, 'gs-traffic-worker')).all()).toEqual([])
  })

  it('on an account’s row: the refused grant opens the row with the message under its scope field, keeping the choice', async () => {
    const worker = await createAccount(ctx, { username: 'w', displayName: '社工', password: 'a-good-password', role: 'community_worker', unitId: u.czq.id })
    const res = await postForm(usersPage.action, '/admin/users', admin.cookie, {
      intent: 'grant',
      userId: String(worker.id),
      role: 'department_staff',
      unitId: String(u.czq.id),
    })
    expect(res.status).toBe(400)
    const actionData = await res.json()
    const loaderData = await (await callRoute(usersPage.loader, makeRequest('/admin/users', { cookie: admin.cookie }))).json()
    const html = await renderPage(AdminUsers, { path: '/admin/users', locale: 'en', loaderData, actionData })
    const row = html.slice(html.indexOf(`id="user-${worker.id}"`))
    const grantForm = row.slice(row.indexOf('value="grant"'), row.indexOf('</form>', row.indexOf('value="grant"')))
    expect(row.slice(0, row.indexOf('value="grant"'))).toMatch(/<details open="">/)
    expect(describedBy(grantForm, 'unitId')).toContain('Department staff’s area must be a department.')
    expect(grantForm).toMatch(new RegExp(`<option value="${u.czq.id}" selected="">`))
    expect(grantForm).toMatch(/<option value="department_staff" selected="">/)
    // Not repeated at the top of the page.
    expect(html.split('Department staff’s area must be a department.')).toHaveLength(2)
  })

  it('on the tokens page: a department token for all units is refused under the unit field, keeping what was typed', async () => {
    const res = await postForm(tokensPage.action, '/admin/tokens', admin.cookie, {
      intent: 'create',
      name: '交警对接',
      role: 'department_staff',
      unitId: '',
      scopes: 'topics:read',
      expiresDays: '30',
    })
    expect(res.status).toBe(400)
    const actionData = await res.json()
    const loaderData = await (await callRoute(tokensPage.loader, makeRequest('/admin/tokens', { cookie: admin.cookie }))).json()
    const html = await renderPage(AdminTokens, { path: '/admin/tokens', locale: 'zh', loaderData, actionData })
    expect(describedBy(html, 'unitId')).toContain('职能部门人员的负责范围须是一个部门。')
    expect(html).toMatch(/<option value="department_staff" selected="">/)
    expect(html).toContain('value="交警对接"')
    expect(html).toContain('value="30"')
    expect(tokenCount()).toBe(0)
  })

  it('on the tokens page: an empty name and a unit of the wrong kind are both refused at once', async () => {
    const res = await postForm(tokensPage.action, '/admin/tokens', admin.cookie, {
      intent: 'create',
      name: '',
      role: 'department_staff',
      unitId: String(u.czq.id),
      scopes: 'topics:read',
      expiresDays: '30',
    })
    expect(res.status).toBe(400)
    const actionData = (await res.json()) as { result: { error: Record<string, string[]> } }
    expect(actionData.result.error).toMatchObject({ name: ['admin.tokens.error.name'], unitId: [scopeError('department_staff')] })
    const loaderData = await (await callRoute(tokensPage.loader, makeRequest('/admin/tokens', { cookie: admin.cookie }))).json()
    const html = await renderPage(AdminTokens, { path: '/admin/tokens', locale: 'zh', loaderData, actionData })
    expect(describedBy(html, 'unitId')).toContain('职能部门人员的负责范围须是一个部门。')
    expect(tokenCount()).toBe(0)
  })
})
