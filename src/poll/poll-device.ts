import type { Collector, Collected, DeviceFacts, PollEvidence, Sample } from '../../collectors/types';
import { SYSTEM } from '../../collectors/system';
import { text } from '../../collectors/decode';
import { vendorFromSysObjectID } from '../../collectors/vendor/detect';
import type { DeviceRow } from '../../db/schema/inventory';
import type { SnmpClient } from '../snmp/client';
import { SnmpError, type Varbind } from '../snmp/types';
import type { PollError } from './state';
import { paced } from '../pace';

export interface DevicePollResult {
  up: boolean;
  facts: DeviceFacts | null;
  samples: Map<string, Sample[]>;
  /** Typed evidence of the collectors that ran, parsed once. */
  evidence: PollEvidence;
  errors: PollError[];
  durations: Map<string, number>;
}

/** Fetches what one collector declares (its GETs and walks) from a device. */
export async function collect(client: SnmpClient, c: Collector, facts: DeviceFacts): Promise<Collected> {
  const roots = typeof c.walk === 'function' ? c.walk(facts) : (c.walk ?? []);
  const [got, walked] = await Promise.all([
    c.get?.length ? client.get(c.get) : Promise.resolve([] as Varbind[]),
    roots.length ? client.walkColumns(roots) : Promise.resolve(new Map<string, Varbind[]>()),
  ]);
  return { get: new Map(got.map((vb) => [vb.oid, vb])), walk: walked };
}

/** A failure as the device state keeps it: a kind and a message of yunet's own, never a raw library text. */
export function asPollError(e: unknown, collector: string): PollError {
  if (e instanceof SnmpError) return { kind: e.kind, message: e.message, collector };
  return { kind: 'protocol', message: `could not read the answer (${(e as Error)?.name ?? 'error'})`, collector };
}

/**
 * Polls one device: the system group first (liveness and vendor), then every applicable collector
 * side by side. A failing collector is recorded and the others still count. Answers are parsed in
 * registry order once all have arrived, so a collector can build on the evidence of those before it.
 */
export async function pollDevice(
  device: DeviceRow,
  client: SnmpClient,
  collectors: Collector[],
  opts: { timeoutMs: number; probeInParallel: boolean; due?: (c: Collector) => boolean },
): Promise<DevicePollResult> {
  const durations = new Map<string, number>();
  const samples = new Map<string, Sample[]>();
  const evidence: PollEvidence = {};
  const errors: PollError[] = [];
  const community = client.target.credential.version !== '3';
  const system = collectors[0];

  const t0 = performance.now();
  const probe = community && opts.probeInParallel ? client.answersV3Discovery(opts.timeoutMs) : null;
  let sys: Collected;
  try {
    sys = await collect(client, system, { vendor: 'unknown', sysObjectID: null, snmpVersion: client.target.credential.version });
  } catch (e) {
    const err = asPollError(e, system.name);
    if (err.kind === 'timeout' && community && (await (probe ?? client.answersV3Discovery(opts.timeoutMs)))) {
      err.kind = 'auth';
      err.message = 'agent is alive (answers SNMPv3 discovery) but ignores the community: wrong community or ACL';
    }
    durations.set(system.name, (performance.now() - t0) / 1000);
    return { up: false, facts: null, samples, evidence, errors: [err], durations };
  }
  void probe?.catch(() => {});
  durations.set(system.name, (performance.now() - t0) / 1000);

  const sysObjectID = text(sys.get.get(SYSTEM.sysObjectID)?.value) || null;
  const facts: DeviceFacts = {
    vendor: device.vendor === 'auto' ? vendorFromSysObjectID(sysObjectID) : device.vendor,
    sysObjectID,
    snmpVersion: client.target.credential.version,
  };
  const parse = (c: Collector, data: Collected) => {
    const t = performance.now();
    try {
      const out = c.parse(data, facts, evidence);
      samples.set(c.name, out.samples);
      Object.assign(evidence, out.evidence);
    } catch (e) {
      errors.push(asPollError(e, c.name));
    } finally {
      durations.set(c.name, (durations.get(c.name) ?? 0) + (performance.now() - t) / 1000);
    }
  };
  parse(system, sys);

  const fetched = await Promise.all(
    collectors.slice(1).filter((c) => c.appliesTo(facts) && (opts.due?.(c) ?? true)).map(async (c) => {
      const t = performance.now();
      try {
        return { c, data: await collect(client, c, facts) };
      } catch (e) {
        errors.push(asPollError(e, c.name));
        return { c, data: null };
      } finally {
        durations.set(c.name, (performance.now() - t) / 1000);
      }
    }),
  );
  await paced(() => {
    for (const { c, data } of fetched) if (data) parse(c, data);
  });
  return { up: true, facts, samples, evidence, errors, durations };
}
