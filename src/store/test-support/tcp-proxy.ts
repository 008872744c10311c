import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of a real server that a test can take down, stall and bring back. Down:
 * open connections are cut and new ones closed at once, as when the database host is
 * unreachable or restarting. Stalled: bytes are held in both directions (connections stay
 * open), as when the database is overloaded; on `up()` they flow on in order. No mocks: the
 * client talks to the real server through it.
 */
export interface TcpProxy {
  port: number;
  down(): void;
  stall(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const held: (() => void)[] = [];
  let state: 'up' | 'down' | 'stalled' = 'up';
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const forward = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      if (state === 'stalled') held.push(() => to.write(chunk));
      else to.write(chunk);
    });
    from.on('close', () => to.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (state === 'down') {
      client.destroy();
      return;
    }
    const upstream = createConnection(target);
    track(upstream);
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    down: () => {
      state = 'down';
      held.length = 0;
      for (const socket of sockets) socket.destroy();
    },
    stall: () => {
      state = 'stalled';
    },
    up: () => {
      state = 'up';
      for (const write of held.splice(0)) write();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
