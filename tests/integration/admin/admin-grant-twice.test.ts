import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { createAccount, grantRole } from '#app/commands/admin.server'
import { translate } from '#app/i18n/index'
import * as usersPage from '#app/routes/_admin+/admin_.users'
import { auditEvents, roleAssignments } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

let db: ReturnType<typeof createTestDb>
let u: ReturnType<typeof seedTestUnits>
let disconnected: number[]
let ctx: { db: typeof db; actor: { kind: 'user'; id: number }; notify: { toUser(): void; toUnit(): void; disconnectUser(id: number): void } }
beforeEach(async () => {
  db = createTestDb()
  u = seedTestUnits(db)
  const admin = await createLoggedInUser(db, 'admin', null)
  disconnected = []
  ctx = { db, actor: { kind: 'user', id: admin.id }, notify: { toUser() {}, toUnit() {}, disconnectUser: id => void disconnected.push(id) } }
})
const grantsOf = (userId: number) =>
  db
    .select()
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, userId))
    .all()
    .map(g => `${g.role}@${g.unitId}`)
    .sort()
const audited = (action: string) => db.select().from(auditEvents).where(eq(auditEvents.action, action)).all()

describe('granting a role the account already has', () => {
  it('changes nothing: no second grant, no audit row, nobody logged out, with a scope or everywhere', async () => {
    const worker = await createAccount(ctx, { username: 'twice', displayName: '社工', password: 'a-good-password', role: 'community_worker', unitId: u.czq.id })
    expect(grantRole(ctx, { userId: worker.id, role: 'community_worker', unitId: u.czq.id })).toBe(false)
    expect(grantRole(ctx, { userId: worker.id, role: 'admin', unitId: null })).toBe(true)
    expect(grantRole(ctx, { userId: worker.id, role: 'admin', unitId: null })).toBe(false)
    expect(grantsOf(worker.id)).toEqual([`admin@null`, `community_worker@${u.czq.id}`])
    expect(audited('user.role.grant')).toHaveLength(1)
    expect(disconnected).toEqual([worker.id])
  })

  it('the users page says the account already had it, not that it was added, in the reader’s language', async () => {
    const admin = await createLoggedInUser(db, 'admin', null)
    const worker = await createAccount(ctx, {
      username: 'twice2',
      displayName: '社工二',
      password: 'a-good-password',
      role: 'community_worker',
      unitId: u.czq.id,
    })
    const res = await callRoute(
      usersPage.action,
      makeRequest('/admin/users', {
        cookie: admin.cookie,
        form: { intent: 'grant', userId: String(worker.id), role: 'community_worker', unitId: String(u.czq.id) },
      }),
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/admin/users?done=alreadyGranted#user-${worker.id}`)
    expect(translate('zh', 'admin.users.done.alreadyGranted')).toBe('该账号已有这个角色和负责范围，没有改动。')
    expect(translate('en', 'admin.users.done.alreadyGranted')).toBe('This account already has this role and scope; nothing changed.')
  })
})
