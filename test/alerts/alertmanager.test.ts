import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it as plainIt } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { itWith } from '../support/requirements';

const FILE = path.resolve(__dirname, '../../alerts/alertmanager.yml');

interface Route {
  receiver?: string;
  matchers?: string[];
  active_time_intervals?: string[];
  mute_time_intervals?: string[];
  routes?: Route[];
}

describe('alerts/alertmanager.yml', () => {
  itWith({ commands: ['amtool'] })('passes amtool check-config', () => {
    const out = execFileSync('amtool', ['check-config', FILE], { encoding: 'utf8' });
    expect(out).toContain('SUCCESS');
  });

  plainIt("sends to yunet's webhook with a bearer secret and gates drill alerts by a Beijing-time drill interval", () => {
    const cfg = parseYaml(fs.readFileSync(FILE, 'utf8')) as {
      route: Route;
      receivers: { name: string; webhook_configs?: { url: string; send_resolved?: boolean; http_config?: { authorization?: { type: string } } }[] }[];
      time_intervals: { name: string; time_intervals: { location?: string }[] }[];
    };
    const yunet = cfg.receivers.find((r) => r.name === cfg.route.receiver)!;
    expect(yunet.webhook_configs?.[0].url).toMatch(/\/api\/alerts\/webhook$/);
    expect(yunet.webhook_configs?.[0].send_resolved).toBe(true);
    expect(yunet.webhook_configs?.[0].http_config?.authorization?.type).toBe('Bearer');
    const drill = cfg.route.routes?.find((r) => r.matchers?.some((m) => m.includes('DuringDrill')));
    expect(drill?.active_time_intervals).toEqual(['drill-window']);
    const interval = cfg.time_intervals.find((t) => t.name === 'drill-window');
    expect(interval?.time_intervals.every((t) => t.location === 'Asia/Shanghai')).toBe(true);
  });
});
