import { afterAll, beforeAll, describe, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { credentials, devices } from '../../db/schema/inventory';
import { createToken } from '../../src/auth/tokens';
import { startLabYunet, type LabYunet } from '../lab/yunet';
import { itWith, missing } from '../support/requirements';
import { startSnmpd, type Snmpd } from '../support/snmpd';

const NEEDS = { commands: ['snmpd'] };
const it = itWith(NEEDS);
let snmpd: Snmpd;
let lab: LabYunet;

beforeAll(async () => {
  if (missing(NEEDS)) return;
  snmpd = await startSnmpd(['rocommunity public 127.0.0.1', 'sysName good-lab']);
  lab = await startLabYunet({
    credentials: { good: { version: '2c', community: 'public' }, damaged: { version: '2c', community: 'will-be-damaged' } },
    devices: [
      { name: 'good', address: '127.0.0.1', port: snmpd.port, credential: 'good' },
      { name: 'bad-json', address: '127.0.0.1', port: snmpd.port, credential: 'damaged' },
    ],
  });
  const { db } = lab.yunet.ctx;
  // What a damaged row looks like: a half-written secret, and a credential of an unknown protocol.
  await db.update(credentials).set({ secret: '{"version":"2c","communi' }).where(eq(credentials.name, 'damaged'));
  await db.insert(credentials).values({ name: 'odd', version: '3', secret: JSON.stringify({ version: '3', username: 'u', auth: { protocol: 'md4', key: 'secret-key-123' } }) });
  await db.insert(devices).values({ name: 'bad-protocol', address: '127.0.0.1', port: snmpd.port, credential: 'odd', source: 'api' });
});
afterAll(async () => {
  await lab?.close();
  snmpd?.stop();
});

describe('one unusable inventory row', () => {
  it('is reported for its device as kind "config", never quoting the secret, and the others are polled', async () => {
    const summary = await lab.yunet.runCycle();
    expect(summary).toMatchObject({ ok: 1, failed: 2 });
    const text = await lab.metrics();
    expect(text).toMatch(/^yunet_device_up\{device="good"\} 1$/m);
    for (const d of ['bad-json', 'bad-protocol']) {
      expect(text).toMatch(new RegExp(`^yunet_device_up\\{device="${d}"\\} 0$`, 'm'));
      expect(text).toMatch(new RegExp(`^yunet_snmp_errors_total\\{device="${d}",kind="config"\\} 1$`, 'm'));
    }
    const errors = lab.yunet.ctx.fleet.states.get('bad-protocol')!.errors;
    expect(errors).toEqual([{ kind: 'config', collector: 'config', message: expect.stringMatching(/^credential "odd" in the database is invalid: /) }]);
    expect(lab.yunet.ctx.fleet.states.get('bad-json')!.errors[0].message).toBe('credential "damaged" in the database is not readable JSON');
    expect(text).not.toMatch(/will-be-damaged|secret-key-123|"communi/);
  });

  it('shows the config error in the /api/devices view, without the secret', async () => {
    const viewer = await createToken(lab.yunet.ctx.db, 'config-errors-viewer', 'viewer');
    const res = await lab.yunet.app.request('/api/devices', { headers: { authorization: `Bearer ${viewer}` } });
    expect(res.status).toBe(200);
    const raw = await res.text();
    expect(raw).not.toMatch(/will-be-damaged|secret-key-123|"communi/);
    const byName = new Map((JSON.parse(raw) as { devices: { name: string; state: { up: boolean; errors: { kind: string }[] } }[] }).devices.map((d) => [d.name, d.state]));
    expect(byName.get('good')).toMatchObject({ up: true, errors: [] });
    expect(byName.get('bad-json')).toMatchObject({ up: false, errors: [{ kind: 'config', collector: 'config' }] });
    expect(byName.get('bad-protocol')).toMatchObject({ up: false, errors: [{ kind: 'config', collector: 'config' }] });
  });
});
