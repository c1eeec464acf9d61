import type { Role } from '#db/enums'
import {
  adminCreateUnit,
  adminCreateUser,
  adminGrantRole,
  adminResetPassword,
  adminRevokeRole,
  adminSetActive,
  adminUpdateUnitSettings,
  type NewAccount,
  type NewUnit,
} from '#db/queries/admin'
import type { CommandContext } from './context'

// Administration: each command is one transaction with its audit row (in
// db/queries/admin). A change to someone's roles, password or access also ends
// their live connections at once: they carry the old roles and rooms until
// the next session re-check otherwise.

function endLiveConnections(ctx: CommandContext, userId: number) {
  ctx.notify?.disconnectUser?.(userId)
}

export function createUnit(ctx: CommandContext, input: NewUnit) {
  return adminCreateUnit(ctx.db, input, ctx.actor)
}

/** A community's heat threshold and escalation delay (null: the installation's default). */
export function updateUnitSettings(ctx: CommandContext, input: { unitId: number; heatThreshold: number; escalateAfterDays: number | null }) {
  return adminUpdateUnitSettings(ctx.db, input, ctx.actor)
}

export function createAccount(ctx: CommandContext, input: NewAccount) {
  return adminCreateUser(ctx.db, input, ctx.actor)
}

/** False when the account already had the role in that unit: nothing changes and nothing is audited. */
export function grantRole(ctx: CommandContext, input: { userId: number; role: Role; unitId: number | null }) {
  const added = adminGrantRole(ctx.db, input, ctx.actor)
  if (added) endLiveConnections(ctx, input.userId)
  return added
}

export function revokeRole(ctx: CommandContext, input: { userId: number; grantId: number }) {
  adminRevokeRole(ctx.db, input, ctx.actor)
  endLiveConnections(ctx, input.userId)
}

export async function resetPassword(ctx: CommandContext, input: { userId: number; password: string }) {
  await adminResetPassword(ctx.db, input, ctx.actor)
  endLiveConnections(ctx, input.userId)
}

/** Deactivate or reactivate an account; a deactivated account is logged out everywhere. */
export function setAccountActive(ctx: CommandContext, input: { userId: number; active: boolean }) {
  adminSetActive(ctx.db, input, ctx.actor)
  if (!input.active) endLiveConnections(ctx, input.userId)
}
