import { readFile } from 'node:fs';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { relayTurn } from './relay-turn.js';

/** Runs `body` inside an I/O callback (the poll phase), where the relay waits for its turn. */
function inIoCallback<T>(body: () => Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    readFile(import.meta.filename, () => {
      body().then(resolve, reject);
    });
  });
}

function connectTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('relayTurn', () => {
  it('comes in the check phase: after next ticks, microtasks and earlier immediates, before the next timers', async () => {
    const order = await inIoCallback(async () => {
      const seen: string[] = [];
      setImmediate(() => seen.push('earlier immediate'));
      const turn = relayTurn().then(() => seen.push('turn'));
      setTimeout(() => seen.push('timer'), 0);
      process.nextTick(() => seen.push('tick'));
      void Promise.resolve().then(() => seen.push('microtask'));
      await turn;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return seen;
    });
    expect(order).toEqual(['tick', 'microtask', 'earlier immediate', 'turn', 'timer']);
  });

  it('lets the other I/O that is ready in the same iteration go first', async () => {
    // Two sockets become readable before the loop polls; whichever callback runs first waits
    // for its turn, and the other's callback (same poll phase) must run before that turn.
    const seen: string[] = [];
    let waited = false;
    let accepted = 0;
    const server = createServer((socket) => {
      accepted += 1;
      socket.on('data', () => {
        if (waited) {
          seen.push('other read');
          return;
        }
        waited = true;
        void relayTurn().then(() => seen.push('turn'));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const clients = await Promise.all([connectTo(port), connectTo(port)]);
    await vi.waitFor(() => expect(accepted).toBe(2));
    for (const client of clients) client.write('token');
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    for (const client of clients) client.destroy();
    await new Promise((resolve) => server.close(resolve));
    expect(seen).toEqual(['other read', 'turn']);
  });

  it('serves every waiter of one iteration with one turn, and starts a new one after it', async () => {
    const first = relayTurn();
    const second = relayTurn();
    expect(second).toBe(first);
    await first;
    const next = relayTurn();
    expect(next).not.toBe(first);
    await next;
  });
});
