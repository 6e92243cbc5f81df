import type { IncomingMessage } from 'node:http';
import type { Server, Socket } from 'node:net';
import { Counter, Gauge, type Registry } from 'prom-client';

export interface ConnectionLimits {
  /** Open connections in all; past it new ones are closed as they arrive. */
  total: number;
  /** Open connections from one client address. */
  perAddress: number;
  /** Time a connection may stay open before its first request. */
  idleMs: number;
}

/**
 * Caps open HTTP connections in all and per client address, so that idle connections piled up from one address
 * cannot take the ones Prometheus, the other nodes and the users need. A connection past a limit is closed at once,
 * before anything is read from it; one that sends no request within `idleMs` is closed then (Node closes slow
 * headers after its headersTimeout and idle keep-alive connections, but never a connection that sends nothing).
 */
export function connectionLimits(limits: ConnectionLimits, registry: Registry): { watch(server: Server): void } {
  const closed = new Counter({
    name: 'yunet_http_connections_closed_total',
    help: 'HTTP connections yunet closed for a limit: on arrival past http.max_connections (total) or http.max_connections_per_address (per_address); idle: no request within http.idle_connection_s.',
    labelNames: ['reason'],
    registers: [registry],
  });
  for (const reason of ['total', 'per_address', 'idle']) closed.inc({ reason }, 0);
  const open = new Map<string, number>();
  /** Connections that have not sent a request yet, with what closes them when the wait runs out. */
  const waiting = new WeakMap<Socket, () => void>();
  new Gauge({
    name: 'yunet_http_connections',
    help: 'Open HTTP connections (the scrape reading this included).',
    registers: [registry],
    collect() {
      let total = 0;
      for (const n of open.values()) total += n;
      this.set(total);
    },
  });
  /** Applies the limits to a listening server (a process listens once; tests may listen again after a close). */
  const watch = (server: Server) => {
    server.maxConnections = limits.total;
    server.on('drop', () => closed.inc({ reason: 'total' }));
    // The first request ends the wait (later idleness is Node's keep-alive timeout, not counted here).
    server.on('request', (req: IncomingMessage) => {
      const onIdle = waiting.get(req.socket);
      if (!onIdle) return;
      waiting.delete(req.socket);
      req.socket.off('timeout', onIdle);
      req.socket.setTimeout(0);
    });
    server.on('connection', (socket) => {
      const address = socket.remoteAddress ?? '';
      const count = (open.get(address) ?? 0) + 1;
      if (count > limits.perAddress) {
        closed.inc({ reason: 'per_address' });
        socket.destroy();
        return;
      }
      open.set(address, count);
      const onIdle = () => {
        closed.inc({ reason: 'idle' });
        socket.destroy();
      };
      waiting.set(socket, onIdle);
      socket.once('timeout', onIdle);
      socket.setTimeout(limits.idleMs);
      socket.once('close', () => {
        const left = open.get(address)! - 1;
        if (left) open.set(address, left);
        else open.delete(address);
      });
    });
  };
  return { watch };
}
