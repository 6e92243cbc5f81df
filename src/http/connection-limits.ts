import type { Server } from 'node:net';
import { Counter, Gauge, type Registry } from 'prom-client';

export interface ConnectionLimits {
  /** Open connections in all; past it new ones are closed as they arrive. */
  total: number;
  /** Open connections from one client address. */
  perAddress: number;
}

/**
 * Caps open HTTP connections in all and per client address, so that idle connections piled up from one address
 * cannot take the ones Prometheus, the other nodes and the users need. A connection past a limit is closed at once,
 * before anything is read from it, and counted.
 */
export function connectionLimits(limits: ConnectionLimits, registry: Registry): { watch(server: Server): void } {
  const refused = new Counter({
    name: 'yunet_http_connections_refused_total',
    help: 'HTTP connections closed on arrival, by the limit they met (total: http.max_connections; per_address: http.max_connections_per_address).',
    labelNames: ['reason'],
    registers: [registry],
  });
  refused.inc({ reason: 'total' }, 0);
  refused.inc({ reason: 'per_address' }, 0);
  const open = new Map<string, number>();
  let total = 0;
  new Gauge({
    name: 'yunet_http_connections',
    help: 'Open HTTP connections (the scrape reading this included).',
    registers: [registry],
    collect() {
      this.set(total);
    },
  });
  /** Applies the limits to a listening server (a process listens once; tests may listen again after a close). */
  const watch = (server: Server) => {
    server.maxConnections = limits.total;
    server.on('drop', () => refused.inc({ reason: 'total' }));
    server.on('connection', (socket) => {
      const address = socket.remoteAddress ?? '';
      const count = (open.get(address) ?? 0) + 1;
      if (count > limits.perAddress) {
        refused.inc({ reason: 'per_address' });
        socket.destroy();
        return;
      }
      open.set(address, count);
      total++;
      socket.once('close', () => {
        total--;
        const left = open.get(address)! - 1;
        if (left) open.set(address, left);
        else open.delete(address);
      });
    });
  };
  return { watch };
}
