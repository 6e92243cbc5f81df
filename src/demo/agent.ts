import dgram from 'node:dgram';
import snmp from 'net-snmp';
import type { Credential } from '../config/schema';
import { countRejection, emptyStats, snmpStatsMib } from './mib/snmp-stats';
import { mergeSpecs, type AgentValue, type Live, type MibSpec } from './mib/spec';

/** The parts of net-snmp's (untyped) Agent that the demo uses. */
interface NetSnmpAgent {
  getMib(): NetSnmpMib;
  getAuthorizer(): { addCommunity(c: string): void; addUser(u: snmp.User): void };
  close(cb?: () => void): void;
  listener: { sockets: Record<string, dgram.Socket> };
}
interface NetSnmpMib {
  registerProvider(p: object): void;
  setScalarValue(name: string, value: AgentValue): void;
  addTableRow(name: string, row: AgentValue[]): void;
}
interface MibRequest {
  oid: string;
  instanceNode: { value: AgentValue };
  done(): void;
}

export interface AgentBinding {
  transport: 'udp4' | 'udp6';
  address: string;
}

export interface RunningAgent {
  port: number;
  close(): Promise<void>;
}

const READ_ONLY = snmp.MaxAccess['read-only'];
const NOT_ACCESSIBLE = snmp.MaxAccess['not-accessible'];

/**
 * Starts one in-process SNMP agent serving `spec` on every binding (same port on each), with the
 * credentials' communities and v3 users. Live values are computed from `seconds()` when requested.
 */
export async function startAgent(spec: MibSpec, credentials: Credential[], bindings: AgentBinding[], seconds: () => number): Promise<RunningAgent> {
  // net-snmp treats port 0 as "use 161", so ask the kernel for a free port first and retry on a lost race.
  for (let attempt = 0; ; attempt++) {
    const port = await freePort(bindings);
    const stats = emptyStats();
    const agent = snmp.createAgent(
      { sockets: bindings.map((b) => ({ ...b, port })) },
      // Rejected requests (unknown community or user, bad digest, garbage) land here: count them like snmpd.
      (error: Error | null) => {
        if (error) countRejection(stats, error);
      },
    ) as NetSnmpAgent;
    for (const socket of Object.values(agent.listener.sockets)) socket.on('message', () => stats.inPkts++);
    try {
      await Promise.all(Object.values(agent.listener.sockets).map(listening));
    } catch (e) {
      // A socket whose bind failed is not running and throws on close; the others must still be closed.
      for (const socket of Object.values(agent.listener.sockets)) {
        try {
          socket.close();
        } catch {
          // already closed
        }
      }
      if (attempt < 5 && (e as NodeJS.ErrnoException).code === 'EADDRINUSE') continue;
      throw e;
    }
    authorize(agent, credentials);
    populate(agent.getMib(), mergeSpecs(spec, snmpStatsMib(stats)), seconds);
    return {
      port,
      close: () => new Promise<void>((resolve) => {
        let open = Object.keys(agent.listener.sockets).length;
        agent.close(() => {
          if (--open === 0) resolve();
        });
      }),
    };
  }
}

function authorize(agent: NetSnmpAgent, credentials: Credential[]): void {
  const auth = agent.getAuthorizer();
  for (const c of credentials) {
    if ('community' in c) {
      auth.addCommunity(c.community);
      continue;
    }
    auth.addUser({
      name: c.username,
      level: c.priv ? snmp.SecurityLevel.authPriv : c.auth ? snmp.SecurityLevel.authNoPriv : snmp.SecurityLevel.noAuthNoPriv,
      ...(c.auth ? { authProtocol: snmp.AuthProtocols[c.auth.protocol], authKey: c.auth.key } : {}),
      ...(c.priv ? { privProtocol: snmp.PrivProtocols[c.priv.protocol], privKey: c.priv.key } : {}),
    });
  }
}

/**
 * Registers every scalar and table. Tables use one implied OID index column, so rows carry their index
 * exactly as the MIB encodes it (length bytes, zone ids, composite route keys) without net-snmp reinterpreting it.
 */
function populate(mib: NetSnmpMib, spec: MibSpec, seconds: () => number): void {
  const live = new Map<string, (s: number) => AgentValue>();
  const handler = (req: MibRequest) => {
    const f = live.get(req.oid);
    if (f) req.instanceNode.value = f(seconds());
    req.done();
  };
  const now = seconds();
  const initial = (v: Live): AgentValue => (typeof v === 'function' ? v(now) : v);

  for (const s of spec.scalars) {
    const name = `s${s.oid}`;
    mib.registerProvider({ name, type: snmp.MibProviderType.Scalar, oid: s.oid, scalarType: s.type, maxAccess: READ_ONLY, handler });
    mib.setScalarValue(name, initial(s.value));
    if (typeof s.value === 'function') live.set(`${s.oid}.0`, s.value);
  }
  for (const t of spec.tables) {
    if (t.rows.length === 0) continue;
    const name = `t${t.oid}`;
    mib.registerProvider({
      name,
      type: snmp.MibProviderType.Table,
      oid: t.oid,
      maxAccess: NOT_ACCESSIBLE,
      tableColumns: [
        { number: 0, name: 'index', type: snmp.ObjectType.OID, maxAccess: NOT_ACCESSIBLE },
        ...t.columns.map((c) => ({ number: c.number, name: `c${c.number}`, type: c.type, maxAccess: READ_ONLY })),
      ],
      tableIndex: [{ columnName: 'index', implied: true }],
      handler,
    });
    for (const row of t.rows) {
      mib.addTableRow(name, [row.index, ...row.values.map(initial)]);
      t.columns.forEach((c, i) => {
        const v = row.values[i];
        if (typeof v === 'function') live.set(`${t.oid}.${c.number}.${row.index}`, v);
      });
    }
  }
}

async function freePort(bindings: AgentBinding[]): Promise<number> {
  const first = dgram.createSocket(bindings[0].transport);
  await bind(first, 0, bindings[0].address);
  const port = first.address().port;
  await new Promise<void>((resolve) => first.close(() => resolve()));
  return port;
}

function bind(socket: dgram.Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

function listening(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      socket.address();
      return resolve();
    } catch {
      // not bound yet
    }
    socket.once('listening', () => resolve());
    socket.once('error', reject);
  });
}
