import { describe, expect, it } from 'vitest';
import { schedule } from '../../src/poll/scheduler';
import { createLogger } from '../../src/log';

describe('poll schedule', () => {
  it('runs on a seconds schedule and skips ticks while a run is still going', async () => {
    const lines: string[] = [];
    const log = createLogger('debug', (l) => lines.push(l));
    let started = 0;
    let running = 0;
    let maxRunning = 0;
    const task = schedule('* * * * * *', 'Asia/Shanghai', 'poll', async () => {
      started++;
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 2500));
      running--;
    }, log);
    await new Promise((r) => setTimeout(r, 4200));
    await task.destroy();
    expect(started).toBeGreaterThanOrEqual(1);
    expect(started).toBeLessThanOrEqual(2);
    expect(maxRunning).toBe(1);
    expect(lines.some((l) => /previous run still going; tick skipped job=poll/.test(l))).toBe(true);
  });
});
