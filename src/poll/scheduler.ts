import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log';

/**
 * Runs `job` on a node-cron schedule without overlap: a cycle that outlasts the interval makes the
 * next tick skip (logged) instead of stacking cycles.
 */
export function schedule(expression: string, timezone: string, name: string, job: () => Promise<unknown>, log: Logger, onError?: (e: unknown) => void): ScheduledTask {
  const task = cron.schedule(expression, async () => {
    await job();
  }, { name, timezone, noOverlap: true });
  task.on('execution:overlap', () => log.warn('previous run still going; tick skipped', { job: name }));
  task.on('execution:failed', (ctx: { execution?: { error?: Error } }) => {
    if (onError) onError(ctx.execution?.error);
    else log.error('scheduled run failed', { job: name, error: ctx.execution?.error?.message ?? 'unknown' });
  });
  return task;
}
