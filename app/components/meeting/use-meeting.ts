import { useEffect, useState } from 'react'
import type { MessageKey } from '#app/i18n/index'
import { useSocket } from '#app/utils/socket'
import { MeetingSession, type CommandOutcome, type MeetingSocket } from './meeting-session'

/**
 * The live meeting in a component: the shared socket from root (or, for
 * visitors without an account, a socket of its own), a MeetingSession on it,
 * and a re-render whenever the session changes.
 */
export function useMeeting(meetingId: number, { ownSocket = false } = {}) {
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
    const s = new MeetingSession(socket, meetingId)
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
  }, [socket, meetingId])
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
