import { useEffect, useState } from 'react'
import type { MessageKey } from '#app/i18n/index'
import { formError } from '#app/utils/form-errors'
import { useSocket } from '#app/utils/socket'
import { decodeFieldIssue, type FieldIssue } from '#meetings/commands'
import { MeetingSession, type CommandOutcome, type MeetingSocket } from './meeting-session'

/**
 * The live meeting in a component: the shared socket from root (or, for
 * visitors without an account, a socket of its own), a MeetingSession on it,
 * and a re-render whenever the session changes.
 */
export function useMeeting(meetingId: number, { ownSocket = false, publicView = false } = {}) {
  const shared = useSocket()
  const [own, setOwn] = useState<MeetingSocket | null>(null)
  useEffect(() => {
    if (!ownSocket) return
    let s: MeetingSocket | undefined
    let cancelled = false
    void import('socket.io-client').then(({ io }) => {
      if (cancelled) return
      s = io({ transports: ['websocket', 'polling'] }) as MeetingSocket
      setOwn(s)
    })
    return () => {
      cancelled = true
      s?.disconnect()
    }
  }, [ownSocket])
  const socket = ownSocket ? own : shared

  const [session, setSession] = useState<MeetingSession | null>(null)
  const [, setVersion] = useState(0)
  const [connected, setConnected] = useState(false)
  useEffect(() => {
    if (!socket) return
    const s = new MeetingSession(socket, meetingId, publicView ? { view: 'public' } : {})
    setSession(s)
    const unsubscribe = s.subscribe(() => setVersion(v => v + 1))
    const up = () => setConnected(true)
    const down = () => setConnected(false)
    socket.on('connect', up)
    socket.on('disconnect', down)
    setConnected(socket.connected)
    return () => {
      unsubscribe()
      s.stop()
      socket.off('connect', up)
      socket.off('disconnect', down)
    }
  }, [socket, meetingId, publicView])
  return { session, connected }
}

/** Ticks every second; returns the server's clock (countdowns must not trust the phone's clock). */
export function useServerNow(offsetMs: number) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(id)
  }, [])
  return now + offsetMs
}

/** Refusals whose reason the server names, said plainly rather than as "conflict" or "invalid input". */
const ISSUE_KEYS: Record<string, MessageKey> = {
  options: 'room.error.options',
  muted: 'room.muted',
  removed: 'room.error.removed',
  'already-voted': 'room.error.alreadyVoted',
  'already-queued': 'room.error.alreadyQueued',
  'already-hidden': 'room.error.alreadyHidden',
  'vote-closed': 'room.error.voteClosed',
  'vote-open': 'room.error.voteStillOpen',
  'meeting-ended': 'room.ended',
  'not-live': 'room.error.notLive',
  'not-checked-in': 'room.error.notCheckedIn',
}

export function outcomeErrorKey(o: CommandOutcome): MessageKey | null {
  if (o.ok) return null
  const named = o.issues?.map(i => ISSUE_KEYS[i]).find(Boolean)
  if (named) return named
  switch (o.error) {
    case 'conflict':
      return 'room.error.conflict'
    case 'closed':
      return 'room.error.closed'
    case 'forbidden':
    case 'unauthorized':
      return 'room.error.forbidden'
    case 'invalid-payload':
      return 'room.error.invalid'
    case 'rate-limited':
      return 'room.error.rateLimited'
    default:
      return 'room.error.generic'
  }
}

/** A field's problem as the form shows it beside the field (a catalog key with the limit it names). */
function fieldMessage(i: FieldIssue): string {
  const option = /^options\.(\d+)$/.exec(i.field)
  switch (i.problem) {
    case 'too-long':
      return option ? formError('room.error.optionTooLong', { n: Number(option[1]) + 1, max: i.limit ?? 0 }) : formError('error.tooLong', { max: i.limit ?? 0 })
    case 'too-many':
      return i.field === 'options' ? formError('room.error.tooManyOptions', { max: i.limit ?? 0 }) : formError('error.tooMany', { max: i.limit ?? 0 })
    case 'required':
      return formError('error.required')
    default:
      return formError('room.error.invalid')
  }
}

/** Refusals about a field that are not FieldIssues, by the field they belong to. */
const FIELD_OF_ISSUE: Record<string, string> = { options: 'options' }

/**
 * The refusal's problems by the field they belong to (the first part of the
 * field's path: `options.1` is the options box), each as a message naming its
 * limit; empty when the refusal is not about a field.
 */
export function outcomeFieldErrors(o: CommandOutcome): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  if (o.ok) return out
  for (const issue of o.issues ?? []) {
    const decoded = decodeFieldIssue(issue)
    const field = decoded ? decoded.field.split('.')[0]! : FIELD_OF_ISSUE[issue]
    if (field == null) continue
    const message = decoded ? fieldMessage(decoded) : (ISSUE_KEYS[issue] ?? 'room.error.invalid')
    out[field] = [...(out[field] ?? []), message]
  }
  return out
}
