import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect } from 'vitest';
import { itWith, missing } from '../support/requirements';

// md5/sha/sha224/sha256/sha384/sha512 × none/des/aes/aes256 (Blumenthal and Reeder) × the three levels,
// against a real snmpd (polling) and net-snmp's snmptrap/snmpinform (traps and informs). The matrix runs in
// its own node process with --openssl-legacy-provider, as `npm start` runs yunet: DES needs it.
const NEEDS = { commands: ['snmpd', 'snmptrap', 'snmpinform'] };
const it = itWith(NEEDS);

interface Stored {
  kind: string;
  version: string;
  attribution: string;
}
interface Result {
  cases: { user: string; level: string; auth?: string; priv?: string }[];
  poll: Record<string, string>;
  wrongPoll: string;
  traps: Record<string, { sent: { trap: string; inform: string }; trap: Stored | null; inform: Stored | null }>;
  wrongTrap: string;
  wrongStored: boolean;
}
let r: Result;

beforeAll(() => {
  if (missing(NEEDS)) return;
  const out = execFileSync(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', path.resolve('test/snmp/v3-matrix.ts')], { encoding: 'utf8', timeout: 120_000 });
  r = JSON.parse(out.trim().split('\n').at(-1)!) as Result;
}, 150_000);

describe('SNMPv3 matrix', () => {
  it('covers 31 users: one noAuthNoPriv, six authNoPriv, 24 authPriv', () => {
    expect(r.cases.filter((c) => c.level === 'noAuthNoPriv')).toHaveLength(1);
    expect(r.cases.filter((c) => c.level === 'authNoPriv')).toHaveLength(6);
    expect(r.cases.filter((c) => c.level === 'authPriv')).toHaveLength(24);
  });

  it('polls snmpd as every user', () => {
    const failed = Object.entries(r.poll).filter(([, v]) => v !== 'ok matrix-lab');
    expect(failed).toEqual([]);
  });

  it('refuses a wrong auth key as kind auth, without the key in the message', () => {
    expect(r.wrongPoll).toBe('auth: v3 security: authentication failed (wrong auth key or protocol)');
  });

  it('stores every user\'s trap and inform; only authenticated levels are attributed with certainty', () => {
    const wrong: string[] = [];
    for (const c of r.cases) {
      const t = r.traps[c.user];
      const attribution = c.level === 'noAuthNoPriv' ? 'unverified' : 'authenticated';
      if (t.sent.trap !== 'sent' || t.sent.inform !== 'sent') wrong.push(`${c.user}: ${JSON.stringify(t.sent)}`);
      const seen = (e: Stored | null) => (e ? `${e.kind} v${e.version} ${e.attribution}` : 'not stored');
      if (seen(t.trap) !== `trap v3 ${attribution}`) wrong.push(`${c.user} trap: ${seen(t.trap)}`);
      if (seen(t.inform) !== `inform v3 ${attribution}`) wrong.push(`${c.user} inform: ${seen(t.inform)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('does not store a trap sent with a wrong auth key', () => {
    expect(r.wrongTrap).toBe('sent');
    expect(r.wrongStored).toBe(false);
  });
});
