import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import type { Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '#realtime/events'

export type AppClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

const SocketContext = createContext<AppClientSocket | null>(null)

/**
 * One Socket.IO connection per page, opened in the browser only. The handshake
 * carries the session cookie, so the server knows who is connected.
 */
export function SocketProvider({ children, enabled = true }: { children: ReactNode; enabled?: boolean }) {
  const [socket, setSocket] = useState<AppClientSocket | null>(null)
  useEffect(() => {
    if (!enabled) return
    let s: AppClientSocket | undefined
    let cancelled = false
    void import('socket.io-client').then(({ io }) => {
      if (cancelled) return
      s = io({ withCredentials: true, transports: ['websocket', 'polling'] })
      // Whether live updates are flowing, for styles and for browser tests (whatever the transport).
      const root = document.documentElement
      s.on('connect', () => (root.dataset.live = 'connected'))
      s.on('disconnect', () => (root.dataset.live = 'disconnected'))
      setSocket(s)
    })
    return () => {
      cancelled = true
      s?.disconnect()
      setSocket(null)
    }
  }, [enabled])
  return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>
}

export function useSocket() {
  return useContext(SocketContext)
}

/** Subscribe to a server event for the lifetime of the component. */
export function useSocketEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]) {
  const socket = useSocket()
  useEffect(() => {
    if (!socket) return
    socket.on(event, handler as never)
    return () => {
      socket.off(event, handler as never)
    }
  }, [socket, event, handler])
}
