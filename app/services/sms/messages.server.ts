// The system writes and sends messages to residents (invitations to a panel,
// rating requests after a decision is delivered); staff never relay them.
import { eq } from 'drizzle-orm'
import { getEnv } from '#app/utils/env.server'
import { inviteUrl, smsText } from '#app/utils/panels.server'
import type { Db } from '#db/client'
import { SYSTEM, type Actor } from '#db/queries/audit'
import { claimDueMessages, invitationsToMessage, MESSAGE_KINDS, queueMessage, ratingRequestsToMessage, recordDeliveryAttempt } from '#db/queries/messages'
import { getPanel, meetingForPanel, topicStreetId } from '#db/queries/panels'
import { getUnit } from '#db/queries/units'
import { decisions, topics } from '#db/schema/index'
import { smsProviderFor, type SmsProvider } from './provider'

let configured: SmsProvider | undefined
const CATCH_UP_MS = 14 * 86_400_000

/** The provider chosen by SMS_PROVIDER; a misconfiguration fails each send with the reason, visible in the outbox. */
export function smsProvider(): SmsProvider {
  if (!configured) {
    try {
      configured = smsProviderFor(getEnv())
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e)
      configured = { name: 'unconfigured', send: async () => ({ ok: false, error }) }
    }
  }
  return configured
}

/** The site's address as written into SMS links: PUBLIC_BASE_URL, else the address of the request that caused the message. */
export function publicBaseUrl(request?: Request) {
  const env = getEnv()
  return (env.PUBLIC_BASE_URL ?? (request ? new URL(request.url).origin : `http://localhost:${env.PORT}`)).replace(/\/+$/, '')
}

function streetName(db: Db, unitId: number) {
  return getUnit(db, topicStreetId(db, unitId))?.nameZh ?? ''
}

/** The rating-request text, in Chinese (the residents' language), greeting the recipient by name. */
export function ratingSmsText(input: { org: string; name: string | null; decision: string; url: string }) {
  return `【${input.org}】${input.name ?? ''}您好！「${input.decision}」已办理完成，请打开链接评价办理结果：${input.url}`
}

/**
 * Queue a message for each open invitation and unanswered rating request that
 * has none yet, in one transaction. Idempotent: run after the actions that
 * invite or ask, and periodically to catch anything missed.
 */
export function queueResidentMessages(db: Db, opts: { baseUrl?: string; actor?: Actor; now?: Date } = {}) {
  const base = opts.baseUrl ?? publicBaseUrl()
  const actor = opts.actor ?? SYSTEM
  // Invitations and requests older than this were handled before messages were sent by the system: leave them.
  const since = new Date((opts.now ?? new Date()).getTime() - CATCH_UP_MS)
  return db.transaction(tx => {
    let queued = 0
    const panelCache = new Map<number, { org: string; topic: string; meeting: ReturnType<typeof meetingForPanel> }>()
    for (const inv of invitationsToMessage(tx, since)) {
      let ctx = panelCache.get(inv.panelId)
      if (!ctx) {
        const panel = getPanel(tx, inv.panelId)!
        const topic = tx.select({ title: topics.title, unitId: topics.unitId }).from(topics).where(eq(topics.id, inv.topicId)).get()!
        ctx = { org: streetName(db, topic.unitId), topic: topic.title, meeting: meetingForPanel(tx, panel) }
        panelCache.set(inv.panelId, ctx)
      }
      const body = smsText({ org: ctx.org, name: inv.name, topic: ctx.topic, meeting: ctx.meeting, url: inviteUrl(base, inv.token!) })
      queueMessage(
        tx,
        { kind: MESSAGE_KINDS.invitation, subjectType: 'panel_member', subjectId: inv.rowId, recipientName: inv.name, toPhone: inv.phone, body },
        actor,
      )
      queued++
    }
    for (const r of ratingRequestsToMessage(tx, since)) {
      const d = tx
        .select({ title: decisions.title, unitId: topics.unitId })
        .from(decisions)
        .innerJoin(topics, eq(topics.id, decisions.topicId))
        .where(eq(decisions.id, r.decisionId))
        .get()
      if (!d) continue
      const name = r.complaintName ?? r.memberName ?? r.userName ?? null
      const phone = r.complaintPhone ?? r.memberPhone ?? r.userPhone ?? null
      const body = ratingSmsText({ org: streetName(db, d.unitId), name, decision: d.title, url: `${base}/rate/${encodeURIComponent(r.token)}` })
      queueMessage(tx, { kind: MESSAGE_KINDS.rating, subjectType: 'satisfaction_rating', subjectId: r.id, recipientName: name, toPhone: phone, body }, actor)
      queued++
    }
    return queued
  })
}

/** Hand every due message to the provider and record each attempt. */
export async function deliverDueMessages(db: Db, provider: SmsProvider = smsProvider(), now = new Date()) {
  let sent = 0
  let failed = 0
  for (const m of claimDueMessages(db, now)) {
    const result = await provider
      .send(m.toPhone!, m.body, { messageId: m.id, kind: m.kind })
      .catch((e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }))
    const row = recordDeliveryAttempt(db, { id: m.id, provider: provider.name, result, now }, SYSTEM)
    if (row.status === 'sent') sent++
    else failed++
  }
  return { sent, failed }
}

/**
 * Queue and deliver now, after an action that invites or asks. Sending never
 * undoes the action: a failure is recorded on the message and retried later.
 */
export async function sendResidentMessages(db: Db, opts: { request?: Request; provider?: SmsProvider } = {}) {
  try {
    queueResidentMessages(db, { baseUrl: publicBaseUrl(opts.request) })
    return await deliverDueMessages(db, opts.provider)
  } catch (error) {
    console.error('sending resident messages failed', error)
    return { sent: 0, failed: 0 }
  }
}
