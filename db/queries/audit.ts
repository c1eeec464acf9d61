import type { DbOrTx } from '../client'
import { auditEvents } from '../schema/index'

export type Actor = { kind: 'user'; id: number } | { kind: 'token'; id: number } | { kind: 'system' } | { kind: 'anonymous' }

export const SYSTEM: Actor = { kind: 'system' }
export const ANONYMOUS: Actor = { kind: 'anonymous' }

/** Append one audit row. Call inside the same transaction as the change it records. */
export function writeAudit(
  db: DbOrTx,
  actor: Actor,
  action: string,
  subject: { type: string; id?: string | number | null },
  change: { before?: unknown; after?: unknown } = {},
) {
  db.insert(auditEvents)
    .values({
      actorKind: actor.kind,
      actorId: 'id' in actor ? actor.id : null,
      action,
      subjectType: subject.type,
      subjectId: subject.id == null ? null : String(subject.id),
      before: change.before ?? null,
      after: change.after ?? null,
    })
    .run()
}
