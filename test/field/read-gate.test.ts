import { describe, expect, it } from 'vitest';
import { GateFullError, ReadGate } from '../../src/field/api/read-gate';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('the spreadsheet read gate', () => {
  it('runs two at once, queues one, refuses the fourth, and passes slots on in order', async () => {
    const gate = new ReadGate(2, 1);
    const log: string[] = [];
    const task = (name: string, d: { promise: Promise<void> }) => gate.run(async () => {
      log.push(`start ${name}`);
      await d.promise;
      log.push(`end ${name}`);
      return name;
    });
    const [a, b, c] = [deferred(), deferred(), deferred()];
    const ra = task('a', a);
    const rb = task('b', b);
    const rc = task('c', c);
    await expect(gate.run(async () => 'd')).rejects.toBeInstanceOf(GateFullError);
    await Promise.resolve();
    expect(log).toEqual(['start a', 'start b']);
    b.resolve();
    expect(await rb).toBe('b');
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    // A failing task frees its slot too.
    c.resolve();
    a.resolve();
    expect(await Promise.all([ra, rc])).toEqual(['a', 'c']);
    await expect(gate.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await Promise.all([gate.run(async () => 1), gate.run(async () => 2), gate.run(async () => 3)])).toEqual([1, 2, 3]);
  });
});
