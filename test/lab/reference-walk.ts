import { run } from './sh';

/** How net-snmp's command-line tools reach an agent and authenticate. */
export interface ToolTarget {
  /** udp:198.18.1.2:161, udp6:[2001:db8::2]:161, 127.0.0.1:11161 … */
  peer: string;
  /** -v2c -c public, or -v3 -l authPriv -u … -a SHA-256 -A … -x AES -X … */
  auth: string[];
}

export function v2c(peer: string, community: string): ToolTarget {
  return { peer, auth: ['-v2c', '-c', community] };
}

export function v3AuthPriv(peer: string, user: string, authProto: string, authKey: string, privProto: string, privKey: string): ToolTarget {
  return { peer, auth: ['-v3', '-l', 'authPriv', '-u', user, '-a', authProto, '-A', authKey, '-x', privProto, '-X', privKey] };
}

/** One instance as snmpbulkwalk printed it: numbers as decimal strings, octet strings as bytes. */
export interface ToolValue {
  type: string;
  /** Decimal text for numeric types; the OID for OID values; '' for octet strings (see bytes). */
  text: string;
  bytes?: Buffer;
}

/**
 * Reads a subtree with net-snmp's snmpbulkwalk: numeric OIDs (-On), every octet string in hex
 * (-Ox, unambiguous for any bytes), numeric enums and timeticks (-Oe -Ot), 25 repetitions.
 * Returns instances keyed by OID without the leading dot.
 */
export function snmpBulkWalk(target: ToolTarget, root: string, extra: string[] = []): Map<string, ToolValue> {
  const out = run('env', ['MIBS=', 'snmpbulkwalk', '-M', '/nonexistent', ...target.auth, '-On', '-Ox', '-Oe', '-Ot', '-Cr25', '-t', '2', '-r', '2', ...extra, target.peer, root], { timeoutMs: 60_000 });
  return parseToolOutput(out);
}

/** GETs instances with snmpget (same output format as snmpBulkWalk). */
export function snmpGet(target: ToolTarget, oids: string[]): Map<string, ToolValue> {
  const out = run('env', ['MIBS=', 'snmpget', '-M', '/nonexistent', ...target.auth, '-On', '-Ox', '-Oe', '-Ot', '-t', '2', '-r', '2', target.peer, ...oids], { timeoutMs: 30_000 });
  return parseToolOutput(out);
}

export function parseToolOutput(out: string): Map<string, ToolValue> {
  const result = new Map<string, ToolValue>();
  let last: { oid: string; raw: string } | null = null;
  const flush = () => {
    if (last) result.set(last.oid, parseValue(last.raw));
  };
  for (const line of out.split('\n')) {
    const m = /^\.?(\d+(?:\.\d+)+) = (.*)$/.exec(line);
    if (m) {
      flush();
      last = { oid: m[1], raw: m[2] };
    } else if (last && line.trim()) {
      // -Ox wraps long octet strings over several lines.
      last.raw += ' ' + line.trim();
    }
  }
  flush();
  return result;
}

function parseValue(raw: string): ToolValue {
  if (raw === '""') return { type: 'STRING', text: '', bytes: Buffer.alloc(0) };
  const m = /^([\w-]+): ?(.*)$/.exec(raw);
  if (!m) return { type: 'UNKNOWN', text: raw };
  const [, type, rest] = m;
  if (type === 'Hex-STRING') return { type, text: '', bytes: Buffer.from(rest.replace(/\s+/g, ''), 'hex') };
  if (type === 'STRING') return { type, text: '', bytes: Buffer.from(rest.replace(/^"|"$/g, ''), 'latin1') };
  if (type === 'OID') return { type, text: rest.replace(/^\./, '') };
  // Numeric types; Timeticks with -Ot prints the bare number.
  return { type, text: rest.trim().replace(/^\((\d+)\).*$/, '$1') };
}
