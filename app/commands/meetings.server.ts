// Civic actions around a meeting that happen outside the live room:
// scheduling it, seating participants, checking in at the door, and the minutes from draft to
// publication. Each does the whole action; routes parse, call one, respond.
import { facilitatorChoices, schedulableTopics } from '#app/services/meetings.server'
import { DomainError } from '#db/errors'
import type { SessionUser } from '#db/queries/auth'
import {
  addMeetingParticipant,
  approveMinutes,
  checkInToMeeting,
  createMeeting,
  findUserByUsername,
  getParticipantRole,
  publishMinutes,
  saveMinutesDraft,
  type NewMeeting,
} from '#db/queries/meetings'
import type { ParticipantRole } from '#meetings/types'
import type { CommandContext } from './context'
import { pushNotifications } from './notify.server'

/**
 * Schedule a meeting on an approved topic in the organiser's area, run by
 * facilitators who may work there. The facilitators assigned by someone else
 * are notified, with the way to the console.
 */
export function scheduleMeeting(ctx: CommandContext, input: Omit<NewMeeting, 'facilitatorIds'> & { organiser: SessionUser; facilitatorIds: number[] }) {
  const { organiser, ...meeting } = input
  const topic = schedulableTopics(ctx.db, organiser).find(tp => tp.id === meeting.topicId)
  if (!topic) throw new DomainError('invalid', 'meetings.error.topic', { field: 'topicId' })
  const allowed = new Set(facilitatorChoices(ctx.db, organiser, [topic.unitId]).map(f => f.userId))
  if (!meeting.facilitatorIds.length || meeting.facilitatorIds.some(id => !allowed.has(id)))
    throw new DomainError('invalid', 'meetings.error.facilitator', { field: 'facilitatorIds' })
  const created = createMeeting(ctx.db, meeting, { kind: 'user', id: organiser.id })
  pushNotifications(ctx.notify, created.notified)
  return created
}

/** Add someone with an account to the meeting (or change their role), by username. Returns their name. */
export function addParticipant(ctx: CommandContext, input: { meetingId: number; username: string; role: ParticipantRole }) {
  const person = findUserByUsername(ctx.db, input.username)
  if (!person) throw new DomainError('invalid', 'meetings.error.username', { field: 'username' })
  addMeetingParticipant(ctx.db, { meetingId: input.meetingId, userId: person.id, role: input.role }, ctx.actor)
  return person.name
}

/**
 * Check a participant in at the door with the meeting's QR token, and show
 * it in the live room. Returns false when they had already checked in.
 */
export function checkInAtTheDoor(ctx: CommandContext, input: { meetingId: number; token: string; user: Pick<SessionUser, 'id' | 'displayName'> }) {
  const role = getParticipantRole(ctx.db, input.meetingId, input.user.id)
  if (!role || role === 'observer') throw new DomainError('forbidden', 'checkin.notInvited')
  const event = checkInToMeeting(ctx.db, { meetingId: input.meetingId, token: input.token, userId: input.user.id, name: input.user.displayName })
  if (!event) return false
  ctx.notify.toMeeting?.(event)
  return true
}

/** Save an edited minutes draft (approved minutes go back to draft; published ones are final). */
export function saveMinutes(ctx: CommandContext, input: { meetingId: number; markdown: string }) {
  return saveMinutesDraft(ctx.db, input, ctx.actor)
}

/** Approve the minutes, with the facilitator's last edits, once the meeting has ended. */
export function approveMeetingMinutes(ctx: CommandContext, input: { meetingId: number; markdown: string }) {
  return approveMinutes(ctx.db, { ...input, userId: userIdOf(ctx) })
}

/** Publish approved minutes: final, and readable by the public for an open meeting. */
export function publishMeetingMinutes(ctx: CommandContext, input: { meetingId: number }) {
  return publishMinutes(ctx.db, { ...input, userId: userIdOf(ctx) })
}

function userIdOf(ctx: CommandContext) {
  if (ctx.actor.kind !== 'user') throw new DomainError('forbidden', 'room.error.forbidden')
  return ctx.actor.id
}
