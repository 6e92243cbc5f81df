import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { BerReader, BerWriter } from 'asn1-ber';

/**
 * UDP "agents" on loopback (hand-made, BER through asn1-ber) that misbehave the way broken or hostile
 * devices do. Every mode but junk answers GET of the system group properly, so the device looks alive:
 *  - junk: answers every datagram with random bytes (undecodable as SNMP);
 *  - loop: every GETNEXT/GETBULK answers an instance that does not advance (X.1, then X.1 again);
 *  - truncated: every answer is cut short, its BER lengths pointing past the end of the datagram;
 *  - wrong_types: values of the wrong type (sysUpTime as a string, counters as OIDs, names as integers);
 *  - huge_strings: 64 KB sysDescr/sysName/sysLocation/sysContact, and 60 KB per string in every table;
 *  - endless: tables that never end (X.1, X.2, … forever);
 *  - toobig: every GETBULK answered with the tooBig error status;
 *  - wide: 1,000 rows per table with 360-byte strings, so one device's series get very large.
 * Each counts what it received so a test can tell the poller kept talking to it.
 */
export interface MisbehavingAgent {
  port: number;
  received: number;
  close(): Promise<void>;
}

const SEQUENCE = 0x30;
const OCTET_STRING = 0x04;
const OID = 0x06;
const TIMETICKS = 0x43;
const INTEGER = 0x02;
const COUNTER64 = 0x46;
const GETBULK = 0xa5;
const GET = 0xa0;
const GET_RESPONSE = 0xa2;

interface Request {
  version: number;
  community: Buffer;
  type: number;
  id: number;
  oids: string[];
}

function decodeRequest(msg: Buffer): Request {
  const r = new BerReader(msg);
  r.readSequence(SEQUENCE);
  const version = r.readInt();
  const community = r.readString(OCTET_STRING, true);
  const type = r.peek() ?? 0;
  r.readSequence(type);
  const id = r.readInt();
  r.readInt();
  r.readInt();
  r.readSequence(SEQUENCE);
  const end = r.offset + r.length;
  const oids: string[] = [];
  while (r.offset < end) {
    r.readSequence(SEQUENCE);
    oids.push(r.readOID());
    r.readByte(); // NULL tag and length of the request's empty value
    r.readByte();
  }
  return { version, community, type, id, oids };
}

type Vb = { oid: string; write: (w: BerWriter) => void };

function encodeResponse(req: Request, varbinds: Vb[], errorStatus = 0): Buffer {
  const w = new BerWriter();
  w.startSequence(SEQUENCE);
  w.writeInt(req.version);
  w.writeBuffer(req.community, OCTET_STRING);
  w.startSequence(GET_RESPONSE);
  w.writeInt(req.id);
  w.writeInt(errorStatus);
  w.writeInt(errorStatus ? 1 : 0);
  w.startSequence(SEQUENCE);
  for (const vb of varbinds) {
    w.startSequence(SEQUENCE);
    w.writeOID(vb.oid);
    vb.write(w);
    w.endSequence();
  }
  w.endSequence();
  w.endSequence();
  w.endSequence();
  return w.buffer;
}

export type MisbehavingMode = 'junk' | 'loop' | 'truncated' | 'wrong_types' | 'huge_strings' | 'endless' | 'toobig' | 'wide';

const SYS = '1.3.6.1.2.1.1.';
const big = (n: number) => 'x'.repeat(n);
const str = (s: string) => (w: BerWriter) => w.writeString(s, OCTET_STRING);

/** The system group as a live agent answers it; `huge` makes every string 64 KB minus room for the PDU. */
function systemValue(oid: string, mode: MisbehavingMode): (w: BerWriter) => void {
  if (mode === 'wrong_types') {
    if (oid === `${SYS}3.0`) return str('not a timetick');
    if (oid === `${SYS}2.0`) return (w) => w.writeInt(7);
    if (oid === `${SYS}5.0`) return (w) => w.writeBuffer(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]), COUNTER64);
  }
  if (oid === `${SYS}3.0`) return (w) => w.writeInt(4242, TIMETICKS);
  if (oid === `${SYS}2.0`) return (w) => w.writeOID('1.3.6.1.4.1.8072.3.2.10', OID);
  // Several strings share one datagram (at most 64 KB): each gets a fair share of it.
  return str(mode === 'huge_strings' ? big(12_000) : `${mode} agent`);
}

/** The next `n` instances after `oid` in a table that never ends: X.1, X.2, … */
function nextIndex(oid: string, root: string): number {
  const rest = oid.slice(root.length + 1);
  return rest ? Number(rest.split('.')[0]) + 1 : 1;
}

function walkAnswer(req: Request, mode: MisbehavingMode): Buffer {
  if (mode === 'toobig' && req.type === GETBULK) return encodeResponse(req, req.oids.map((oid) => ({ oid, write: (w) => w.writeNull() })), 1);
  if (mode === 'loop')
    // GETBULK answers are interleaved by repetition: every column's X.1, then every column's X.1 again.
    return encodeResponse(req, [0, 1].flatMap(() => req.oids.map((oid) => ({ oid: `${oid}.1`, write: (w: BerWriter) => w.writeInt(1) }))));
  // The columns asked for are roots (first call) or instances (later calls): strip one arc to find the root.
  const rows = mode === 'huge_strings' ? 1 : mode === 'wide' ? 2 : 10;
  const vbs: Vb[] = [];
  for (let r = 0; r < rows; r++)
    for (const oid of req.oids) {
      const depth = oid.split('.').length;
      // A column root of a MIB-2 table has 11 arcs (1.3.6.1.2.1.2.2.1.X); deeper means an instance.
      const root = depth > 11 ? oid.split('.').slice(0, 11).join('.') : oid;
      const i = nextIndex(oid, root) + r;
      if (mode === 'wide' && i > 1000) {
        vbs.push({ oid: '1.3.6.1.6.3.1.1.1.0', write: (w) => w.writeInt(1) }); // past the table
        continue;
      }
      const instance = `${root}.${i}`;
      if (mode === 'huge_strings') vbs.push({ oid: instance, write: str(big(60_000 / req.oids.length)) });
      else if (mode === 'wrong_types') vbs.push({ oid: instance, write: r % 2 ? (w) => w.writeOID('1.3.6.1.4.1', OID) : str('😀 not a number') });
      else if (mode === 'wide') vbs.push({ oid: instance, write: i % 2 ? str(`${'接口'.repeat(60)}-${i}`) : (w) => w.writeInt(i, INTEGER) });
      else vbs.push({ oid: instance, write: (w) => w.writeInt(i) });
    }
  return encodeResponse(req, vbs);
}

function answer(msg: Buffer, mode: MisbehavingMode): Buffer | null {
  if (mode === 'junk') return randomBytes(1 + Math.floor(Math.random() * 200));
  let req: Request;
  try {
    req = decodeRequest(msg);
  } catch {
    return null; // v3 probes and anything else: stay silent
  }
  if (req.version !== 1) return null;
  const out = req.type === GET ? encodeResponse(req, req.oids.map((oid) => ({ oid, write: systemValue(oid, mode) }))) : walkAnswer(req, mode);
  // Cut inside the varbind list: the outer lengths still claim the full size.
  return mode === 'truncated' ? out.subarray(0, Math.max(8, out.length - 7)) : out;
}

export function startMisbehavingAgent(mode: MisbehavingMode, port = 0): Promise<MisbehavingAgent> {
  const socket: Socket = createSocket('udp4');
  const agent: MisbehavingAgent = {
    port: 0,
    received: 0,
    close: () => new Promise((r) => socket.close(() => r())),
  };
  socket.on('message', (msg, rinfo) => {
    agent.received++;
    const out = answer(msg, mode);
    if (out) socket.send(out, rinfo.port, rinfo.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => {
      agent.port = socket.address().port;
      resolve(agent);
    });
  });
}
