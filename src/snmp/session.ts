import { isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import snmp from 'net-snmp';
import type { Credential } from '../config/schema';
import { SnmpError } from './types';
import { pacedDgram } from './paced-dgram';

export interface SnmpTarget {
  address: string;
  port: number;
  credential: Credential;
}

const authProtocol = {
  md5: snmp.AuthProtocols.md5,
  sha: snmp.AuthProtocols.sha,
  sha224: snmp.AuthProtocols.sha224,
  sha256: snmp.AuthProtocols.sha256,
  sha384: snmp.AuthProtocols.sha384,
  sha512: snmp.AuthProtocols.sha512,
} as const;

const privProtocol = {
  des: snmp.PrivProtocols.des,
  aes: snmp.PrivProtocols.aes,
  aes256b: snmp.PrivProtocols.aes256b,
  aes256r: snmp.PrivProtocols.aes256r,
} as const;

/** Resolves a host name once; IPv6 addresses are polled over udp6. */
export async function resolveTarget(address: string): Promise<{ ip: string; transport: 'udp4' | 'udp6' }> {
  const family = isIP(address);
  if (family) return { ip: address, transport: family === 6 ? 'udp6' : 'udp4' };
  try {
    const found = await lookup(address);
    return { ip: found.address, transport: found.family === 6 ? 'udp6' : 'udp4' };
  } catch {
    throw new SnmpError('dns', `host name "${address}" does not resolve`);
  }
}

/**
 * Opens a net-snmp session. net-snmp's own timeout and retries stay in place; callers add a hard
 * timeout of their own because net-snmp can lose callbacks.
 */
export function openSession(
  ip: string,
  transport: 'udp4' | 'udp6',
  target: SnmpTarget,
  opts: { timeoutMs: number; retries: number },
): snmp.Session {
  const common = {
    port: target.port,
    transport,
    timeout: opts.timeoutMs,
    retries: opts.retries,
    backoff: 1,
    // We check OID order ourselves, so a looping agent becomes a recorded error instead of a hang.
    backwardsGetNexts: true,
    idBitsSize: 32 as const,
    dgramModule: pacedDgram,
  };
  const cred = target.credential;
  if (cred.version !== '3') {
    return snmp.createSession(ip, (cred as { community: string }).community, {
      ...common,
      version: cred.version === '1' ? snmp.Version1 : snmp.Version2c,
    });
  }
  const c = cred as Extract<Credential, { username: string }>;
  const level = c.priv ? snmp.SecurityLevel.authPriv : c.auth ? snmp.SecurityLevel.authNoPriv : snmp.SecurityLevel.noAuthNoPriv;
  const user: snmp.User = {
    name: c.username,
    level,
    ...(c.auth ? { authProtocol: authProtocol[c.auth.protocol], authKey: c.auth.key } : {}),
    ...(c.priv ? { privProtocol: privProtocol[c.priv.protocol], privKey: c.priv.key } : {}),
  };
  return snmp.createV3Session(ip, user, { ...common, version: snmp.Version3, context: c.context ?? '' } as snmp.SessionOptionsV3);
}
