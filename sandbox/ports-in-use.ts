// Which of the sandbox's ports another program already holds, found before anything starts.
import { createServer } from 'node:net'

/** The ports among `ports` that cannot be bound on 127.0.0.1 right now, in order. */
export async function portsInUse(ports: number[]): Promise<number[]> {
  const taken = await Promise.all(ports.map((p) => isTaken(p)))
  return ports.filter((_, i) => taken[i])
}

function isTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(true))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)))
  })
}
