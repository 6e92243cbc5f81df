import { describe, expect } from 'vitest';
import { freeUdpPort } from '../lab/ports';
import { itWith } from '../support/requirements';
import { trapMutation } from './trap-mutation';

const it = itWith({ commands: ['snmptrap', 'snmpinform'] });

describe('mutated real trap datagrams', () => {
  it('100,000 cases: no crash, each accepted as a trap or refused with a reason', async () => {
    const r = await trapMutation({ cases: 100_000, seed: 20261205, port: await freeUdpPort() });
    expect(r.crashed).toBe(false);
    const refused = Object.values(r.rejected).reduce((a, b) => a + b, 0);
    expect(r.accepted + refused).toBe(r.cases);
    // Every accepted trap is stored, or counted as dropped: under overload, or as a copy of one already stored
    // (many mutations leave the trap's identity as it was, e.g. a changed community byte of an accepted length).
    expect(r.stored + r.droppedQueueFull + r.droppedDuplicate).toBe(r.accepted);
    // Most mutations break the datagram; some survive (a flipped bit in a value) and must be stored.
    expect(r.accepted).toBeGreaterThan(0);
    expect(r.rejected.malformed).toBeGreaterThan(0);
  }, 180_000);
});
