import net from 'node:net'

/** A port nothing listens on right now, for a server a test or bench starts: on `host`, or on every interface. */
export function freePort(host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.on('error', reject)
    const listening = () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    }
    if (host) srv.listen(0, host, listening)
    else srv.listen(0, listening)
  })
}
