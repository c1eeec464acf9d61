import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { zh } from '#app/i18n/catalogs/core'
import { en as allEn } from '#app/i18n/en'
import { makeT } from '#app/i18n/index'
import { zh as allZh } from '#app/i18n/zh'
import * as adminPage from '#app/routes/_admin+/admin'
import * as adminUnits from '#app/routes/_admin+/admin_.units'
import * as adminUsers from '#app/routes/_admin+/admin_.users'
import { formErrorText } from '#app/utils/form-errors'
import { AUDIT_ACTIONS, AUDIT_SUBJECTS } from '#db/queries/audit'
import { getUserBySessionId, verifyLogin } from '#db/queries/auth'
import { listStaleSuggestions } from '#db/queries/topics'
import { getUnitByCode } from '#db/queries/units'
import { auditEvents, roleAssignments, sessions, units as unitsTable, users } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits, insertTopic, postForm } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

let db: ReturnType<typeof createTestDb>
let u: ReturnType<typeof seedTestUnits>
let admin: Awaited<ReturnType<typeof createLoggedInUser>>
beforeEach(async () => {
  db = createTestDb()
  u = seedTestUnits(db)
  admin = await createLoggedInUser(db, 'admin', null)
})

const post = (route: { action: (a: never) => unknown }, path: string, cookie: string, form: Record<string, string>) =>
  postForm(route.action, path, cookie, form)
const formErrors = async (res: Response) => ((await res.json()) as { result: { error: Record<string, string[]> } }).result.error
const audited = (action: string) => db.select().from(auditEvents).where(eq(auditEvents.action, action)).all()

describe('communities and departments', () => {
  it('an admin creates a community under the street, sees its first-run checklist, and sets its threshold and escalation delay', async () => {
    const res = await post(adminUnits, '/admin/units', admin.cookie, {
      intent: 'create-unit',
      kind: 'community',
      parentId: String(u.street.id),
      code: 'gs-xh-new',
      nameZh: '新河社区',
      nameEn: 'Xinhe Community',
      serviceCode: '',
    })
    expect(res.status).toBe(303)
    const created = getUnitByCode(db, 'gs-xh-new')!
    expect(created).toMatchObject({ kind: 'community', parentId: u.street.id, nameZh: '新河社区' })
    expect(audited('unit.create')).toHaveLength(1)

    const page = (await (await callRoute(adminUnits.loader, makeRequest(`/admin/units?unit=${created.id}`, { cookie: admin.cookie }))).json()) as {
      checklist: { key: string; done: boolean }[]
    }
    expect(page.checklist.map(c => [c.key, c.done])).toEqual([
      ['worker', false],
      ['complaints', false],
      ['deliberators', false],
      ['taxonomy', false],
      ['threshold', false],
    ])

    const zero = await post(adminUnits, '/admin/units', admin.cookie, {
      intent: 'settings',
      unitId: String(created.id),
      heatThreshold: '0',
      escalateAfterDays: '',
    })
    expect(zero.status).toBe(400)
    // The refusal names the range whichever end was missed.
    expect(Object.fromEntries(Object.entries(await formErrors(zero)).map(([f, m]) => [f, m.map(x => formErrorText(makeT('zh'), x))]))).toEqual({
      heatThreshold: ['须为 1–1000 之间的整数。'],
    })
    const tooMany = await post(adminUnits, '/admin/units', admin.cookie, {
      intent: 'settings',
      unitId: String(created.id),
      heatThreshold: '12',
      escalateAfterDays: '91',
    })
    expect(Object.fromEntries(Object.entries(await formErrors(tooMany)).map(([f, m]) => [f, m.map(x => formErrorText(makeT('en'), x))]))).toEqual({
      escalateAfterDays: ['Must be a whole number from 1 to 90.'],
    })
    expect(
      (await post(adminUnits, '/admin/units', admin.cookie, { intent: 'settings', unitId: String(created.id), heatThreshold: '12', escalateAfterDays: '3' }))
        .status,
    ).toBe(303)
    expect(db.select().from(unitsTable).where(eq(unitsTable.id, created.id)).get()).toMatchObject({ heatThreshold: 12, escalateAfterDays: 3 })
    expect(audited('unit.settings')[0]!.before).toEqual({ heatThreshold: 30, escalateAfterDays: null })
    const after = (await (await callRoute(adminUnits.loader, makeRequest(`/admin/units?unit=${created.id}`, { cookie: admin.cookie }))).json()) as {
      checklist: { key: string; done: boolean }[]
    }
    expect(after.checklist.find(c => c.key === 'threshold')!.done).toBe(true)

    // The community's own delay decides when a pushed suggestion is escalated.
    const pushedAt = new Date(Date.now() - 4 * 86400_000)
    insertTopic(db, { unitId: created.id, title: '新河的建议', status: 'suggested', pushedAt })
    insertTopic(db, { unitId: u.czq.id, title: '长征桥的建议', status: 'suggested', pushedAt })
    expect(listStaleSuggestions(db, 7).map(t => t.title)).toEqual(['新河的建议'])
  })

  it('creates a department, refuses a taken code or a wrong parent, and keeps non-admins out', async () => {
    expect(
      (
        await post(adminUnits, '/admin/units', admin.cookie, {
          intent: 'create-unit',
          kind: 'department',
          parentId: String(u.street.id),
          code: 'dept-water',
          nameZh: '水务所',
          nameEn: 'Water Office',
          serviceCode: 'water',
        })
      ).status,
    ).toBe(303)
    expect(getUnitByCode(db, 'dept-water')).toMatchObject({ kind: 'department', serviceCode: 'water' })
    const taken = await post(adminUnits, '/admin/units', admin.cookie, {
      intent: 'create-unit',
      kind: 'community',
      parentId: String(u.street.id),
      code: 'gs-czq',
      nameZh: '重名',
      nameEn: 'Dup',
      serviceCode: '',
    })
    expect(taken.status).toBe(409)
    expect(await formErrors(taken)).toEqual({ '': ['admin.error.codeTaken'] })
    const wrongParent = await post(adminUnits, '/admin/units', admin.cookie, {
      intent: 'create-unit',
      kind: 'community',
      parentId: String(u.district.id),
      code: 'gs-odd',
      nameZh: '错层',
      nameEn: 'Odd',
      serviceCode: '',
    })
    expect(wrongParent.status).toBe(400)
    expect(await formErrors(wrongParent)).toEqual({ '': ['admin.error.parent'] })
    // Too long is told as too long, not as "please fill this in".
    const tooLong = await post(adminUnits, '/admin/units', admin.cookie, {
      intent: 'create-unit',
      kind: 'community',
      parentId: String(u.street.id),
      code: 'gs-long',
      nameZh: '长'.repeat(101),
      nameEn: 'Long',
      serviceCode: 'x'.repeat(51),
    })
    expect(tooLong.status).toBe(400)
    expect(await formErrors(tooLong)).toEqual({ nameZh: ['admin.error.nameLength'], serviceCode: ['admin.error.serviceCodeLength'] })
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    expect((await callRoute(adminUnits.loader, makeRequest('/admin/units', { cookie: worker.cookie }))).status).toBe(403)
    expect(
      (
        await post(adminUnits, '/admin/units', worker.cookie, {
          intent: 'create-unit',
          kind: 'community',
          parentId: String(u.street.id),
          code: 'gs-sneak',
          nameZh: '偷建',
          nameEn: 'Sneak',
          serviceCode: '',
        })
      ).status,
    ).toBe(403)
    expect(getUnitByCode(db, 'gs-sneak')).toBeUndefined()
  })
})

describe('accounts', () => {
  it('refuses a phone that is not a number and a name that is too long, saying which and why', async () => {
    const res = await post(adminUsers, '/admin/users', admin.cookie, {
      intent: 'create-user',
      username: 'worker-bad',
      displayName: '名'.repeat(101),
      password: 'a-good-password',
      phone: 'abc',
      role: 'community_worker',
      unitId: String(u.hm.id),
    })
    expect(res.status).toBe(400)
    expect(await formErrors(res)).toEqual({ displayName: ['admin.error.displayNameLength'], phone: ['admin.error.phone'] })
    expect(db.select().from(users).where(eq(users.username, 'worker-bad')).get()).toBeUndefined()
    const ok = await post(adminUsers, '/admin/users', admin.cookie, {
      intent: 'create-user',
      username: 'worker-ok',
      displayName: '新社工',
      password: 'a-good-password',
      phone: '0571-8800 1234',
      role: 'community_worker',
      unitId: String(u.hm.id),
    })
    expect(ok.status).toBe(303)
  })

  it('an admin creates a worker who can then log in; roles are granted and revoked; all of it audited', async () => {
    const res = await post(adminUsers, '/admin/users', admin.cookie, {
      intent: 'create-user',
      username: 'worker-new',
      displayName: '新社工',
      password: 'a-good-password',
      phone: '',
      role: 'community_worker',
      unitId: String(u.hm.id),
    })
    expect(res.status).toBe(303)
    const login = await verifyLogin(db, { username: 'worker-new', password: 'a-good-password', ip: '1.2.3.4' })
    expect(login.ok).toBe(true)
    const id = db.select().from(users).where(eq(users.username, 'worker-new')).get()!.id
    expect(db.select({ role: roleAssignments.role, unitId: roleAssignments.unitId }).from(roleAssignments).where(eq(roleAssignments.userId, id)).all()).toEqual(
      [{ role: 'community_worker', unitId: u.hm.id }],
    )

    const noScope = await post(adminUsers, '/admin/users', admin.cookie, { intent: 'grant', userId: String(id), role: 'street_staff', unitId: '' })
    expect(await formErrors(noScope)).toEqual({ unitId: ['admin.error.scopeFor.street_staff'] })
    expect(
      (await post(adminUsers, '/admin/users', admin.cookie, { intent: 'grant', userId: String(id), role: 'facilitator', unitId: String(u.street.id) })).status,
    ).toBe(303)
    const grant = db.select().from(roleAssignments).where(eq(roleAssignments.role, 'facilitator')).get()!
    expect((await post(adminUsers, '/admin/users', admin.cookie, { intent: 'revoke', userId: String(id), grantId: String(grant.id) })).status).toBe(303)
    expect(db.select().from(roleAssignments).where(eq(roleAssignments.role, 'facilitator')).all()).toEqual([])
    expect(['user.create', 'user.role.grant', 'user.role.revoke'].map(a => audited(a).length)).toEqual([2, 1, 1]) // the admin's own account + the worker

    const dup = await post(adminUsers, '/admin/users', admin.cookie, {
      intent: 'create-user',
      username: 'worker-new',
      displayName: '重复',
      password: 'a-good-password',
      phone: '',
      role: 'resident',
      unitId: String(u.hm.id),
    })
    expect(dup.status).toBe(409)
    const dupBody = (await dup.json()) as { result: { error: Record<string, string[]> }; values: Record<string, string> }
    expect(dupBody.result.error).toEqual({ '': ['admin.error.usernameTaken'] })
    // What was typed comes back for the form to show again, never the password.
    expect(dupBody.values).toMatchObject({ username: 'worker-new', displayName: '重复' })
    expect(JSON.stringify(dupBody)).not.toContain('a-good-password')
    const short = await post(adminUsers, '/admin/users', admin.cookie, {
      intent: 'create-user',
      username: 'someone',
      displayName: '某人',
      password: 'short',
      phone: '',
      role: 'resident',
      unitId: String(u.hm.id),
    })
    expect(short.status).toBe(400)
    const shortBody = (await short.json()) as { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }
    expect(shortBody.result.error).toEqual({ password: ['admin.error.password'] })
    expect(shortBody.result.initialValue).toMatchObject({ username: 'someone', displayName: '某人' })
    expect(shortBody.result.initialValue).not.toHaveProperty('password')
    expect(db.select().from(users).where(eq(users.username, 'someone')).all()).toEqual([])
  })

  it('resets a password and deactivates an account, ending its sessions; the last admin stays', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const sid = /th_session=([^;]+)/.exec(worker.cookie)![1]!
    expect(
      (await post(adminUsers, '/admin/users', admin.cookie, { intent: 'reset-password', userId: String(worker.id), password: 'brand-new-password' })).status,
    ).toBe(303)
    expect(getUserBySessionId(db, sid)).toBeNull()
    expect((await verifyLogin(db, { username: worker.username, password: 'brand-new-password', ip: '1.1.1.1' })).ok).toBe(true)

    expect((await post(adminUsers, '/admin/users', admin.cookie, { intent: 'set-active', userId: String(worker.id), active: 'false' })).status).toBe(303)
    expect((await verifyLogin(db, { username: worker.username, password: 'brand-new-password', ip: '1.1.1.1' })).ok).toBe(false)
    expect(db.select().from(sessions).where(eq(sessions.userId, worker.id)).all()).toEqual([])
    expect((await post(adminUsers, '/admin/users', admin.cookie, { intent: 'set-active', userId: String(worker.id), active: 'true' })).status).toBe(303)
    expect((await verifyLogin(db, { username: worker.username, password: 'brand-new-password', ip: '1.1.1.2' })).ok).toBe(true)

    const self = await post(adminUsers, '/admin/users', admin.cookie, { intent: 'set-active', userId: String(admin.id), active: 'false' })
    expect(self.status).toBe(409)
    expect(await formErrors(self)).toEqual({ '': ['admin.error.self'] })
    const adminGrant = db.select().from(roleAssignments).where(eq(roleAssignments.userId, admin.id)).get()!
    const last = await post(adminUsers, '/admin/users', admin.cookie, { intent: 'revoke', userId: String(admin.id), grantId: String(adminGrant.id) })
    expect(await formErrors(last)).toEqual({ '': ['admin.error.lastAdmin'] })
    expect(audited('user.password.reset')).toHaveLength(1)
    expect(audited('user.deactivate')).toHaveLength(1)
  })

  it('asks once before deactivating an account, naming whom, as it does before revoking a role; reactivating is not asked', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const { displayName } = db.select().from(users).where(eq(users.id, worker.id)).get()!
    const render = async (locale: 'zh' | 'en') => {
      const loaderData = await (await callRoute(adminUsers.loader, makeRequest('/admin/users', { cookie: admin.cookie }))).json()
      return renderPage(adminUsers.default, { path: '/admin/users', locale, loaderData })
    }
    // The worker's own deactivation form: the form holding both their id and active=false.
    const formOf = (html: string, active: 'true' | 'false') =>
      html.split('<form').find(f => f.includes(`name="userId" value="${worker.id}"`) && f.includes(`name="active" value="${active}"`))!
    const zhForm = formOf(await render('zh'), 'false')
    expect(zhForm).toContain('<details class="confirm-submit">')
    expect(zhForm).toContain(`${displayName}停用后将不能登录`)
    expect(formOf(await render('en'), 'false')).toContain(`${displayName} will no longer be able to sign in`)
    await post(adminUsers, '/admin/users', admin.cookie, { intent: 'set-active', userId: String(worker.id), active: 'false' })
    const reactivate = formOf(await render('zh'), 'true')
    expect(reactivate).toContain('name="intent" value="set-active"')
    expect(reactivate).not.toContain('confirm-submit')
  })
})

type Person = { displayName: string; username: string }

describe('the audit log', () => {
  it('names people and actions in words', async () => {
    await post(adminUsers, '/admin/users', admin.cookie, {
      intent: 'create-user',
      username: 'worker-x',
      displayName: '新社工',
      password: 'a-good-password',
      phone: '',
      role: 'community_worker',
      unitId: String(u.hm.id),
    })
    const data = (await (await callRoute(adminPage.loader, makeRequest('/admin', { cookie: admin.cookie }))).json()) as {
      audit: { action: string; actorName: Person | null; subjectName: Person | null }[]
    }
    const row = data.audit.find(e => e.action === 'user.create' && e.subjectName?.displayName === '新社工')!
    expect(row.subjectName).toEqual({ displayName: '新社工', username: 'worker-x' })
    expect(row.actorName).toEqual({ displayName: '测试admin', username: admin.username })
    // Every action the admin pages write has a label in the catalog.
    for (const a of [
      'unit.create',
      'unit.settings',
      'user.create',
      'user.role.grant',
      'user.role.revoke',
      'user.password.reset',
      'user.deactivate',
      'user.reactivate',
      'meeting.meeting.end',
    ]) {
      expect(zh[`audit.action.${a}` as keyof typeof zh]).toBeTruthy()
    }
  })

  it('has words for every action and subject the application records, in Chinese and English', () => {
    const unnamed = (catalog: Record<string, string>) => [
      ...AUDIT_ACTIONS.filter(a => !catalog[`audit.action.${a}`]),
      ...AUDIT_SUBJECTS.filter(s => !catalog[`audit.subject.${s}`]),
    ]
    expect(unnamed(allZh)).toEqual([])
    expect(unnamed(allEn)).toEqual([])
  })
})
