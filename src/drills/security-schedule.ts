import { eq } from 'drizzle-orm';
import type { ScheduledTask } from 'node-cron';
import { snmpSecurity } from '../../collectors/snmp-security';
import { credentials, devices } from '../../db/schema/inventory';
import { credentialSchema } from '../config/schema';
import type { AppContext } from '../http/context';
import { schedule } from '../poll/scheduler';
import { SnmpClient } from '../snmp/client';
import { activeDrills, inScope } from './store';

/**
 * During an active drill, polls only the snmp-security collector of the devices in the drill's scope
 * on a faster schedule, so guessed communities and wrong v3 keys show within seconds. The fresh
 * counters replace the device's snmp-security series (Fleet.replaceSamples) until the next full poll.
 */
export class SecurityPoller {
  private clients = new Map<string, { key: string; client: SnmpClient }>();

  constructor(private readonly ctx: AppContext) {}

  /** One tick; returns the devices polled. */
  async tick(now = new Date()): Promise<string[]> {
    const { db, fleet, config } = this.ctx;
    const drills = activeDrills(db, now);
    if (!drills.length) {
      this.closeClients();
      return [];
    }
    const secrets = new Map(db.select().from(credentials).all().map((c) => [c.name, c.secret]));
    const rows = db.select().from(devices).where(eq(devices.enabled, true)).all().filter((d) => drills.some((dr) => inScope(dr, d.unit)));
    const polled: string[] = [];
    await Promise.all(
      rows.map(async (row) => {
        const state = fleet.states.get(row.name);
        const secret = secrets.get(row.credential);
        // Only devices the main poll has reached: their series exist, and a dead device stays the main poll's business.
        if (!state?.up || !state.facts || !secret) return;
        const client = this.client(row.name, `${row.address}|${row.port}|${secret}`, () =>
          new SnmpClient(
            { address: row.address, port: row.port, credential: credentialSchema.parse(JSON.parse(secret)) },
            { timeoutMs: config.polling.timeout_ms, retries: 0, maxRepetitions: 1 },
          ),
        );
        try {
          const got = await client.get(snmpSecurity.get ?? []);
          const samples = snmpSecurity.parse({ get: new Map(got.map((vb) => [vb.oid, vb])), walk: new Map() }, state.facts);
          fleet.replaceSamples(row.name, snmpSecurity, samples);
          polled.push(row.name);
        } catch {
          /* the main poll records errors; a missed fast tick is not news */
        }
      }),
    );
    return polled;
  }

  private client(device: string, key: string, make: () => SnmpClient): SnmpClient {
    const have = this.clients.get(device);
    if (have && have.key === key) return have.client;
    have?.client.close();
    const client = make();
    this.clients.set(device, { key, client });
    return client;
  }

  closeClients(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }
}

/** Starts the drill schedule when `drills.security_schedule` is configured. */
export function startSecuritySchedule(ctx: AppContext): (() => Promise<void>) | void {
  const expr = ctx.config.drills.security_schedule;
  if (!expr) return;
  const poller = new SecurityPoller(ctx);
  const task: ScheduledTask = schedule(expr, ctx.config.polling.timezone, 'drill-security', () => poller.tick(), ctx.log);
  return async () => {
    await task.destroy();
    poller.closeClients();
  };
}
