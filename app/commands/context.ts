import type { Db } from '#db/client'
import type { Actor } from '#db/queries/audit'
import type { Notifier } from '#realtime/index'

/**
 * What every civic command needs: the database, who is acting (a user or the
 * system, for the audit row), and the live channel for notifications and
 * broadcasts. A command (app/commands/<noun>.server.ts) does the whole action:
 * validates, runs one transaction with its audit row, updates the topic engine,
 * stores and pushes notifications, broadcasts; it throws DomainError for
 * expected failures. Routes only parse input, call one command and respond.
 */
export type CommandContext = { db: Db; actor: Actor; notify: Notifier }
