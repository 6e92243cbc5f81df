import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { promisify } from 'node:util';
import { BerReader } from 'asn1-ber';

/**
 * Datagrams as net-snmp's C tools encode them: runs `snmptrap`/`snmpinform` against a socket of ours and
 * returns the first datagram that arrives (an inform is not answered, so the tool gives up after one try).
 */
export async function captureDatagram(args: string[], opts: { inform?: boolean } = {}): Promise<Buffer> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const { port } = sock.address();
  const got = new Promise<Buffer>((resolve) => sock.once('message', (m) => resolve(m)));
  const tool = promisify(execFile)(opts.inform ? 'snmpinform' : 'snmptrap', ['-M', '/nonexistent', '-t', '1', '-r', '0', ...args.map((a) => a.replace('TARGET', `127.0.0.1:${port}`))], {
    env: { ...process.env, MIBS: '' },
  }).catch(() => undefined); // an unanswered inform exits non-zero
  const datagram = await got;
  await tool;
  sock.close();
  return datagram;
}

const LINK_DOWN = ['1.3.6.1.6.3.1.1.5.3', '1.3.6.1.2.1.2.2.1.1.3', 'i', '3', '1.3.6.1.2.1.2.2.1.7.3', 'i', '1', '1.3.6.1.2.1.2.2.1.8.3', 'i', '2'];

/** One real datagram of each kind the receiver must handle, all for community/user given. */
export async function realDatagrams(community: string, v3: { user: string; auth: string; priv: string }): Promise<Record<string, Buffer>> {
  const engine = ['-e', '0x80001f8880aabbccdd'];
  return {
    v1: await captureDatagram(['-v1', '-c', community, 'TARGET', '1.3.6.1.4.1.2011', '198.18.0.1', '2', '0', '', '1.3.6.1.2.1.2.2.1.1.3', 'i', '3']),
    v2c: await captureDatagram(['-v2c', '-c', community, 'TARGET', '', ...LINK_DOWN]),
    inform: await captureDatagram(['-v2c', '-c', community, 'TARGET', '', '1.3.6.1.4.1.9.9.43.2.0.1', '1.3.6.1.4.1.9.9.43.1.1.6.1.3.1', 'i', '4'], { inform: true }),
    v3authNoPriv: await captureDatagram(['-v3', ...engine, '-u', v3.user, '-l', 'authNoPriv', '-a', 'SHA-256', '-A', v3.auth, 'TARGET', '', ...LINK_DOWN]),
    v3authPriv: await captureDatagram(['-v3', ...engine, '-u', v3.user, '-l', 'authPriv', '-a', 'SHA-256', '-A', v3.auth, '-x', 'AES', '-X', v3.priv, 'TARGET', '', ...LINK_DOWN]),
  };
}

/**
 * `count` copies of a v2c trap or inform datagram, each with its own request id (as a device's next traps have):
 * the receiver keeps one copy of identical datagrams. The request id's value bytes are found with asn1-ber and
 * overwritten in place, so every length stays as the encoder wrote it.
 */
export function withRequestIds(datagram: Buffer, count: number): Buffer[] {
  const r = new BerReader(datagram);
  r.readSequence();
  r.readInt(); // version
  r.readString(); // community
  r.readSequence(); // the PDU
  const start = r.offset;
  r.readInt(); // request id
  const length = datagram[start + 1];
  if (length < 1 || length > 6 || r.offset !== start + 2 + length) throw new Error('request id not found in the datagram');
  const room = 2 ** (8 * length - 1); // positive values only
  return Array.from({ length: count }, (_, i) => {
    const copy = Buffer.from(datagram);
    copy.writeUIntBE(i % room, start + 2, length);
    return copy;
  });
}
