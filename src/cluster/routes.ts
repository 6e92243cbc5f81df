import { Hono } from 'hono';
import { units } from '../../db/schema/inventory';
import { requireRole } from '../auth/middleware';
import { metricsAuth } from '../http/access';
import type { AppContext } from '../context';
import { unownedDevices } from './metrics';

/** /api/cluster (the nodes and their shares) and /api/sd/prometheus (Prometheus HTTP service discovery). */
export function clusterRoutes(ctx: AppContext): Hono {
  const { membership } = ctx;
  const app = new Hono();

  app.get('/cluster', requireRole(ctx.db, 'viewer'), (c) => {
    return c.json({
      node: membership.name,
      node_timeout_s: ctx.config.cluster.node_timeout_s,
      nodes: membership.view().map((n) => ({
        name: n.name,
        url: n.url,
        groups: n.groups,
        state: n.alive ? 'alive' : 'dead',
        started_at: n.startedAt.toISOString(),
        last_heartbeat: n.heartbeatAt.toISOString(),
        // This node's own count is current; the others' as of their last heartbeat.
        devices: n.name === membership.name ? ctx.fleet.owned().length : n.devices,
      })),
      unowned_devices: unownedDevices(ctx.fleet, membership),
    });
  });

  // Prometheus http_sd_configs: one target per device at its owner, which Prometheus follows as ownership moves.
  app.get('/sd/prometheus', metricsAuth(ctx.config.http), async (c) => {
    const towns = new Map((await ctx.db.select({ name: units.name, town: units.town }).from(units)).map((u) => [u.name, u.town]));
    const groups = [];
    for (const { row } of ctx.fleet.list()) {
      const owner = membership.ownerOf(row.name, row.pollerGroup);
      const node = owner && membership.node(owner);
      if (!node) continue;
      const url = new URL(node.url);
      const town = row.unit ? towns.get(row.unit) : null;
      groups.push({
        targets: [url.host],
        labels: {
          __scheme__: url.protocol.slice(0, -1),
          __metrics_path__: `${url.pathname.replace(/\/+$/, '')}/metrics/devices/${row.name}`,
          // The device, not the node serving it, so its series keep their identity when ownership moves.
          instance: row.name,
          device: row.name,
          ...(row.unit ? { unit: row.unit } : {}),
          ...(town ? { town } : {}),
          __meta_yunet_node: node.name,
        },
      });
    }
    return c.json(groups);
  });

  return app;
}
