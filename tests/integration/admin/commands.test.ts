import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { createAccount, createUnit, grantRole, resetPassword, revokeRole, setAccountActive, updateUnitSettings } from '#app/commands/admin.server'
import { auditEvents, roleAssignments, users } from '#db/schema/index'
import type { Notifier } from '#realtime/index'
import { createLoggedInUser, createTestDb, seedTestUnits } from '#tests/db-utils'

let db: ReturnType<typeof createTestDb>
let u: ReturnType<typeof seedTestUnits>
let disconnected: number[]
let ctx: { db: typeof db; actor: { kind: 'user'; id: number }; notify: Notifier }
beforeEach(async () => {
  db = createTestDb()
  u = seedTestUnits(db)
  const admin = await createLoggedInUser(db, 'admin', null)
  disconnected = []
  ctx = { db, actor: { kind: 'user', id: admin.id }, notify: { toUser() {}, toUnit() {}, disconnectUser: id => void disconnected.push(id) } }
})
const audited = (action: string) => db.select().from(auditEvents).where(eq(auditEvents.action, action)).all()

describe('admin commands', () => {
  it('end the live connections of a person whose roles, password or access change, each with its audit row', async () => {
    const worker = await createAccount(ctx, {
      username: 'worker-cmd',
      displayName: '社工',
      password: 'a-good-password',
      role: 'community_worker',
      unitId: u.czq.id,
    })
    expect(disconnected).toEqual([])
    grantRole(ctx, { userId: worker.id, role: 'facilitator', unitId: u.street.id })
    const grant = db.select().from(roleAssignments).where(eq(roleAssignments.role, 'facilitator')).get()!
    revokeRole(ctx, { userId: worker.id, grantId: grant.id })
    await resetPassword(ctx, { userId: worker.id, password: 'another-good-password' })
    setAccountActive(ctx, { userId: worker.id, active: false })
    expect(disconnected).toEqual([worker.id, worker.id, worker.id, worker.id])
    // Reactivating gives access back: nobody to disconnect.
    setAccountActive(ctx, { userId: worker.id, active: true })
    expect(disconnected).toHaveLength(4)
    expect(['user.role.grant', 'user.role.revoke', 'user.password.reset', 'user.deactivate', 'user.reactivate'].map(a => audited(a).length)).toEqual([
      1, 1, 1, 1, 1,
    ])
  })

  it('refuse with a DomainError whose code gives the status and whose key the message, changing nothing', async () => {
    await expect(
      createAccount(ctx, { username: 'nobody', displayName: '无范围', password: 'a-good-password', role: 'street_staff', unitId: null }),
    ).rejects.toMatchObject({ code: 'invalid', messageKey: 'admin.error.scopeFor.street_staff', field: 'unitId' })
    expect(db.select().from(users).where(eq(users.username, 'nobody')).all()).toEqual([])
    expect(() => createUnit(ctx, { kind: 'community', parentId: u.street.id, code: 'gs-czq', nameZh: '重名', nameEn: 'Dup' })).toThrow(
      expect.objectContaining({ code: 'conflict', messageKey: 'admin.error.codeTaken' }),
    )
    expect(() => updateUnitSettings(ctx, { unitId: 999_999, heatThreshold: 10, escalateAfterDays: null })).toThrow(
      expect.objectContaining({ code: 'not-found', messageKey: 'admin.error.notFound' }),
    )
    expect(() => setAccountActive(ctx, { userId: ctx.actor.id, active: false })).toThrow(
      expect.objectContaining({ code: 'conflict', messageKey: 'admin.error.self' }),
    )
    expect(disconnected).toEqual([])
    expect(audited('unit.settings')).toEqual([])
  })
})
