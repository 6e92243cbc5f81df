import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it as plainIt } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { metricDefs } from '../../collectors/registry';
import { configSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { deviceSelfMetrics } from '../../src/poll/self-metrics';
import { createYunet, type Yunet } from '../../src/yunet';
import { itWith } from '../support/requirements';
import { freeUdpPort } from '../support/snmpd';
import { testDatabase } from '../support/database';

const ALERTS = path.resolve(__dirname, '../../alerts');
const ruleFiles = fs.readdirSync(ALERTS).filter((f) => f.endsWith('.rules.yml')).map((f) => path.join(ALERTS, f));
const testFiles = fs.readdirSync(path.join(ALERTS, 'tests')).filter((f) => f.endsWith('.test.yml')).map((f) => path.join(ALERTS, 'tests', f));

interface Rule {
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rules: Rule[] = ruleFiles.flatMap((f) => (parseYaml(fs.readFileSync(f, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules));
const alerts = rules.filter((r): r is Rule & { alert: string } => !!r.alert);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
const anchors = new Set(
  fs
    .readFileSync(path.join(ALERTS, 'RUNBOOK.md'), 'utf8')
    .split('\n')
    .filter((l) => /^#{1,6} /.test(l))
    .map((l) => l.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')),
);

const PROMQL_WORDS = new Set(['and', 'or', 'unless', 'offset', 'bool', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan']);

/** Metric names an expression reads (label matchers, grouping clauses, strings and functions removed). */
function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\boffset\s+\d+[smhdwy]/g, ' ');
  const names = new Set<string>();
  for (const m of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?/g)) {
    if (m[1] || PROMQL_WORDS.has(m[0].toLowerCase())) continue;
    names.add(m[0]);
  }
  return [...names];
}

describe('alert rules (alerts/*.rules.yml)', () => {
  const promtool = itWith({ commands: ['promtool'] });

  promtool('pass promtool check rules --lint-fatal', () => {
    const out = execFileSync('promtool', ['check', 'rules', '--lint-fatal', ...ruleFiles], { encoding: 'utf8' });
    expect(out).toContain('SUCCESS');
  });

  promtool('pass their promtool unit tests', () => {
    const out = execFileSync('promtool', ['test', 'rules', ...testFiles], { encoding: 'utf8', cwd: path.join(ALERTS, 'tests') });
    expect(out).not.toContain('FAILED');
  });

  plainIt('cover what the drill issue asks for, with names, severity, category, summary, description and a runbook section', () => {
    for (const name of [
      'YunetDeviceUnreachable', 'YunetSnmpCredentialErrors', 'YunetInterfaceDown', 'YunetInterfaceFlapping', 'YunetInterfaceErrorRatioHigh',
      'YunetInterfaceDiscardRatioHigh', 'YunetInterfaceSaturated', 'YunetDeviceRebooted', 'YunetSnmpAuthFailures', 'YunetTrapsFromUnknownSource',
      'YunetConfigurationChanged', 'YunetDeviceCpuHigh', 'YunetDeviceMemoryHigh', 'YunetDualStackLevelDropped', 'Yunet5GBuildBehindPace',
      'YunetLineHazardsOverdue', 'YunetWatchdog',
    ])
      expect(alerts.map((a) => a.alert)).toContain(name);
    expect(alerts.filter((a) => a.alert.endsWith('DuringDrill') && /and on\(\) yunet_drill_active == 1/.test(a.expr)).length).toBeGreaterThanOrEqual(4);
    const problems: string[] = [];
    for (const a of alerts) {
      if (!/^Yunet[A-Z0-9][A-Za-z0-9]*$/.test(a.alert)) problems.push(`${a.alert}: not CamelCase with the Yunet prefix`);
      if (!['critical', 'warning', 'info'].includes(a.labels?.severity ?? '')) problems.push(`${a.alert}: severity "${a.labels?.severity}"`);
      if (!a.labels?.category) problems.push(`${a.alert}: no category label`);
      for (const k of ['summary', 'description', 'runbook_url']) if (!a.annotations?.[k]) problems.push(`${a.alert}: no ${k}`);
      const m = /^alerts\/RUNBOOK\.md#(.+)$/.exec(a.annotations?.runbook_url ?? '');
      if (!m || !anchors.has(m[1])) problems.push(`${a.alert}: runbook_url ${a.annotations?.runbook_url} has no section in RUNBOOK.md`);
    }
    expect(problems).toEqual([]);
  });

  plainIt('have, for every alert, a unit test where it fires and one where it must not', () => {
    const fires = new Set<string>();
    const quiet = new Set<string>();
    for (const f of testFiles) {
      const doc = parseYaml(fs.readFileSync(f, 'utf8')) as { tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[] };
      for (const t of doc.tests) for (const c of t.alert_rule_test ?? []) (c.exp_alerts?.length ? fires : quiet).add(c.alertname);
    }
    const missing = alerts.flatMap((a) => [
      ...(fires.has(a.alert) ? [] : [`${a.alert}: no firing case`]),
      // The watchdog fires always by design.
      ...(quiet.has(a.alert) || a.alert === 'YunetWatchdog' ? [] : [`${a.alert}: no must-not-fire case`]),
    ]);
    expect(missing).toEqual([]);
  });

  describe('read only metrics yunet exports', () => {
    let yunet: Yunet;
    let dir: string;
    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-alerts-'));
      yunet = await createYunet({
        config: configSchema.parse({ database: await testDatabase(path.join(dir, 'y.db')), traps: { port: await freeUdpPort(), address: '127.0.0.1' } }),
        schedule: false,
        pollAtStart: false,
        log: silentLogger,
      });
    });
    afterAll(async () => {
      await yunet?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    plainIt('every metric name in an expression is a collector family, a per-device self metric or on /metrics', async () => {
      const text = await (await yunet.app.request('/metrics')).text();
      const known = new Set<string>([...metricDefs().keys(), ...deviceSelfMetrics.map((d) => d.name)]);
      for (const m of text.matchAll(/^# TYPE (\S+)/gm)) known.add(m[1]);
      const unknown = rules.flatMap((r) => metricsIn(r.expr).filter((n) => !known.has(n)).map((n) => `${r.alert}: ${n}`));
      expect(unknown).toEqual([]);
    });
  });
});
