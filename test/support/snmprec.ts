import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Collected, Collector, DeviceFacts } from '../../collectors/types';
import { compareOids, isUnder } from '../../src/snmp/oid';
import type { Varbind } from '../../src/snmp/types';

/** Reads an snmpsim recording (`oid|type|value`, `x` after the type means hex) as the varbinds an agent would send. */
export function readSnmprec(file: string): Varbind[] {
  const raw = fs.readFileSync(file);
  const text = (file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('latin1');
  const out: Varbind[] = [];
  for (const line of text.split('\n')) {
    const m = /^([\d.]+)\|(\d+)(x?)\|(.*)$/.exec(line.replace(/\r$/, ''));
    if (!m) continue;
    const [, oid, t, hex, v] = m;
    const type = Number(t);
    const bytes = hex ? Buffer.from(v, 'hex') : Buffer.from(v, 'latin1');
    let value: Varbind['value'];
    if (type === 70) value = BigInt(v);
    else if ([2, 65, 66, 67].includes(type)) value = Number(v);
    else if (type === 6 || type === 64) value = v;
    else value = bytes;
    out.push({ oid, type, value });
  }
  return out.sort((a, b) => compareOids(a.oid, b.oid));
}

/** What the engine would hand a collector if the agent served exactly these varbinds. */
export function collectFrom(varbinds: Varbind[], c: Collector, facts: DeviceFacts): Collected {
  const byOid = new Map(varbinds.map((vb) => [vb.oid, vb]));
  const get = new Map<string, Varbind>();
  for (const oid of c.get ?? []) get.set(oid, byOid.get(oid) ?? { oid, type: 129, value: null });
  const roots = typeof c.walk === 'function' ? c.walk(facts) : (c.walk ?? []);
  const walk = new Map(roots.map((r) => [r, varbinds.filter((vb) => isUnder(vb.oid, r))]));
  return { get, walk };
}
