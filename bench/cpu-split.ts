import { readFileSync } from 'node:fs';

/** Where main-thread CPU goes, by the code a sample was in. */
export const WHERE = {
  snmp: 'SNMP encoding and decoding (net-snmp, asn1-ber)',
  io: 'UDP sockets and Buffers (Node.js dgram, buffer)',
  gc: 'garbage collection (main thread)',
  yunet: "yunet's own code (collectors, series, readiness, HTTP)",
  zlib: 'zlib (compressing series, CRC-32)',
  hash: 'hashing (SHA-256 of unchanged families)',
  node: 'other Node.js internals',
  packages: 'other packages (drizzle, hono, …)',
  native: 'V8 and native code not attributed to a function',
} as const;
export type Where = keyof typeof WHERE;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

function where(node: ProfileNode): Where | null {
  const { url, functionName } = node.callFrame;
  if (functionName === '(idle)') return null;
  if (functionName === '(garbage collector)') return 'gc';
  if (url.includes('/node_modules/net-snmp/') || url.includes('/node_modules/asn1-ber/')) return 'snmp';
  if (url.includes('/node_modules/')) return 'packages';
  if (url.endsWith('.mjs')) return 'yunet';
  if (/^node:(dgram|buffer|internal\/(dgram|buffer))/.test(url)) return 'io';
  if (/^node:(zlib|internal\/zlib)/.test(url) || functionName === 'crc32') return 'zlib';
  if (/^node:(crypto|internal\/crypto)/.test(url)) return 'hash';
  if (url.startsWith('node:')) return 'node';
  return 'native';
}

/**
 * Seconds of main-thread CPU by where it was spent, from a V8 CPU profile (`node --cpu-prof`), counting only the
 * samples inside `intervals` (µs of the monotonic clock, which the profile's timestamps use). Idle samples are left out.
 */
export function cpuSplit(file: string, intervals: { fromUs: number; toUs: number }[]): Map<Where, number> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const kind = new Map(profile.nodes.map((n) => [n.id, where(n)]));
  const out = new Map<Where, number>(Object.keys(WHERE).map((k) => [k as Where, 0]));
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    const k = kind.get(profile.samples[i]);
    if (k && intervals.some((x) => t >= x.fromUs && t <= x.toUs)) out.set(k, out.get(k)! + dt / 1e6);
  }
  return out;
}
