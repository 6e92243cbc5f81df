import { describe, expect } from 'vitest';
import { freeUdpPort } from '../lab/ports';
import { itWith } from '../support/requirements';
import { trapFlood } from './trap-flood';

// Datagrams are encoded by net-snmp's own snmptrap; the receiver is the real yunet process.
const it = itWith({ commands: ['snmptrap'] });

describe('a spoofed trap flood', () => {
  it('stores every known-device trap that reaches it at 5k/s while 20k/s of wrong-community traps arrive, with bounded growth', async () => {
    const r = await trapFlood({ seconds: 10, garbagePerSecond: 20_000, knownPerSecond: 5_000, port: await freeUdpPort() });
    expect(r.garbageSent).toBe(200_000);
    expect(r.knownSent).toBe(50_000);
    expect(r.alive).toBe(true);
    expect(r.scrapesFailed).toBe(0);
    // Every known trap that reached yunet is stored: any missing were dropped by the kernel before yunet could read
    // them (the system-wide receive-buffer counter), which happens when the shared machine is busy. How many
    // datagrams a second one process reads is bench:hostile's figure, not this test's.
    if (r.knownStored < r.knownSent) console.log(`trap flood: ${r.knownSent - r.knownStored} known traps missing, kernel dropped ${r.kernelDrops} datagrams`);
    expect(r.knownSent - r.knownStored).toBeLessThanOrEqual(r.kernelDrops);
    // Garbage adds counts, not rows: one row per minute, claimed source and reason at most.
    expect(r.rejectionRows).toBeLessThanOrEqual(254 * 2);
    // Every refused datagram yunet saw is counted; the kernel may drop some before it does when the machine is busy.
    expect(r.rejectedCounted).toBeLessThanOrEqual(r.garbageSent);
    expect(r.rejectedCounted + r.kernelDrops).toBeGreaterThanOrEqual(r.garbageSent);
    // 50,000 stored traps at well under 1 KB each; the garbage must not add anything comparable.
    expect(r.dbBytesAfter - r.dbBytesBefore).toBeLessThan(50_000 * 1024);
    expect(r.peakRssAfter - r.peakRssBefore).toBeLessThan(128 * 1024 * 1024);
  }, 120_000);
});
