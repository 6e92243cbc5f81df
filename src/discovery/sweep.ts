import { eq } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { credentials, units } from '../../db/schema/inventory';
import type { Credential } from '../config/schema';
import type { DiscoveryConfig } from '../config/discovery';
import { netSnmpTransport } from '../snmp/client';
import type { TransportFactory } from '../snmp/transport';
import { addressesOf, contains, prefixSet } from './prefixes';
import { proposeCandidate, type ProposeOutcome } from './candidates';

const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
const SYS_OBJECT_ID = '1.3.6.1.2.1.1.2.0';
const SYS_NAME = '1.3.6.1.2.1.1.5.0';

export interface SweepOptions {
  timeoutMs: number;
  transport?: TransportFactory;
  port?: number;
}

export interface SweepResult {
  addresses: number;
  requests: number;
  answered: number;
  outcomes: Partial<Record<ProposeOutcome, number>>;
  durationSeconds: number;
}

/** Hands out send times at most `rate` per second, in order: the sweep's only clock. */
export function pacer(rate: number) {
  const gapMs = 1000 / rate;
  let next = performance.now();
  return async () => {
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + gapMs;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  };
}

/** The credentials to try, in order: the configured list, else every stored one with v3 first. */
export async function sweepCredentials(db: Db, cfg: DiscoveryConfig): Promise<{ name: string; credential: Credential }[]> {
  const stored = await db.select().from(credentials).orderBy(credentials.name);
  const rows = cfg.credentials.length
    ? cfg.credentials.map((name) => {
        const row = stored.find((r) => r.name === name);
        if (!row) throw new Error(`discovery.credentials: unknown credential "${name}"`);
        return row;
      })
    : stored.sort((a, b) => Number(b.version === '3') - Number(a.version === '3'));
  return rows.map((r) => ({ name: r.name, credential: JSON.parse(r.secret) as Credential }));
}

/** The ranges to sweep: the configured ones, else every unit's IPv4 prefixes. */
export async function sweepRanges(db: Db, cfg: DiscoveryConfig): Promise<string[]> {
  return cfg.ranges.length ? cfg.ranges : (await db.select().from(units)).flatMap((u) => u.ipv4);
}

/**
 * One sweep: per address, one GET of sysObjectID, sysName and sysDescr per credential in order until one
 * answers, no retries, every request waiting for its slot from the pacer. Addresses are generated as they
 * are asked, and the requests in flight are bounded by rate × timeout, so memory stays flat for a /16.
 */
export async function sweep(db: Db, cfg: DiscoveryConfig, opts: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  const transport = opts.transport ?? netSnmpTransport;
  const creds = await sweepCredentials(db, cfg);
  const excluded = prefixSet(cfg.exclude);
  const nextSlot = pacer(cfg.rate_per_second);
  const result: SweepResult = { addresses: 0, requests: 0, answered: 0, outcomes: {}, durationSeconds: 0 };
  // Enough addresses in flight to keep the rate through a full timeout, and no more (each holds a socket).
  const maxInFlight = Math.ceil((cfg.rate_per_second * (opts.timeoutMs + 250)) / 1000) + 1;
  const inFlight = new Set<Promise<void>>();

  const ask = async (address: string) => {
    for (const { name, credential } of creds) {
      await nextSlot();
      result.requests++;
      const t = transport({ address, port: opts.port ?? 161, credential }, { timeoutMs: opts.timeoutMs, retries: 0 });
      try {
        const vbs = await t.get([SYS_OBJECT_ID, SYS_NAME, SYS_DESCR]);
        const text = (oid: string) => {
          const v = vbs.find((b) => b.oid === oid)?.value;
          return v == null ? null : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
        };
        result.answered++;
        const outcome = await proposeCandidate(
          db,
          { address, port: opts.port, sysName: text(SYS_NAME), sysObjectId: text(SYS_OBJECT_ID), sysDescr: text(SYS_DESCR), credential: name, source: 'sweep' },
          { maxCandidates: cfg.max_candidates, autoApprove: cfg.auto_approve },
        );
        result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1;
        return;
      } catch {
        // no answer or refused: the next credential
      } finally {
        t.close();
      }
    }
  };

  let over = false;
  sweepLoop: for (const range of await sweepRanges(db, cfg))
    for (const address of addressesOf(range)) {
      if (contains(excluded, address)) continue;
      if (result.addresses >= cfg.max_addresses) {
        over = true;
        break sweepLoop;
      }
      result.addresses++;
      const p: Promise<void> = ask(address).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
  await Promise.all(inFlight);
  if (over) throw new Error(`discovery: more than max_addresses (${cfg.max_addresses}) addresses to sweep; swept the first ${cfg.max_addresses}`);
  result.durationSeconds = (performance.now() - started) / 1000;
  return result;
}
