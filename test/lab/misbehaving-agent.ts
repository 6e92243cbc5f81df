import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { BerReader, BerWriter } from 'asn1-ber';

/**
 * UDP "agents" on loopback that misbehave the way broken or hostile devices do:
 *  - junk: answers every datagram with random bytes (undecodable as SNMP);
 *  - loop: answers GET properly (so the device looks alive) but answers every GETNEXT/GETBULK with
 *    an instance that does not advance (X.1, then X.1 again), the classic endless-walk agent.
 * Both count what they received so a test can tell the poller kept talking to them.
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

function encodeResponse(req: Request, varbinds: { oid: string; write: (w: BerWriter) => void }[]): Buffer {
  const w = new BerWriter();
  w.startSequence(SEQUENCE);
  w.writeInt(req.version);
  w.writeBuffer(req.community, OCTET_STRING);
  w.startSequence(GET_RESPONSE);
  w.writeInt(req.id);
  w.writeInt(0);
  w.writeInt(0);
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

function loopAnswer(msg: Buffer): Buffer | null {
  let req: Request;
  try {
    req = decodeRequest(msg);
  } catch {
    return null; // v3 probes and anything else: stay silent
  }
  if (req.version !== 1) return null;
  if (req.type === GET) {
    return encodeResponse(
      req,
      req.oids.map((oid) => ({
        oid,
        write: (w: BerWriter) => {
          if (oid === '1.3.6.1.2.1.1.3.0') w.writeInt(4242, TIMETICKS);
          else if (oid === '1.3.6.1.2.1.1.2.0') w.writeOID('1.3.6.1.4.1.8072.3.2.10', OID);
          else w.writeString('looping agent', OCTET_STRING);
        },
      })),
    );
  }
  // GETNEXT / GETBULK: the "next" instance never advances.
  return encodeResponse(
    req,
    // GETBULK answers are interleaved by repetition: every column's X.1, then every column's X.1 again.
    [0, 1].flatMap(() => req.oids.map((oid) => ({ oid: `${oid}.1`, write: (w: BerWriter) => w.writeInt(1) }))),
  );
}

export function startMisbehavingAgent(mode: 'junk' | 'loop', port = 0): Promise<MisbehavingAgent> {
  const socket: Socket = createSocket('udp4');
  const agent: MisbehavingAgent = {
    port: 0,
    received: 0,
    close: () => new Promise((r) => socket.close(() => r())),
  };
  socket.on('message', (msg, rinfo) => {
    agent.received++;
    const answer = mode === 'junk' ? randomBytes(1 + Math.floor(Math.random() * 200)) : loopAnswer(msg);
    if (answer) socket.send(answer, rinfo.port, rinfo.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => {
      agent.port = socket.address().port;
      resolve(agent);
    });
  });
}
