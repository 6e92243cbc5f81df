import { finish } from '../pace';
import { duplicateFindings, outsideUnitFindings, overlapFindings, unitPlans } from './plan';
import { scoreDevice } from './score';
import { srv6Checks } from './srv6';
import { ipv6Share } from './traffic';
import { LEVEL_NAMES, YARDSTICKS, type DeviceInput, type DeviceReadiness, type Finding, type ReadinessReport, type UnitInput, type UnitReadiness } from './types';

/** Octets per millisecond, scaled so slow links keep their digits (bigint all the way). */
const RATE_SCALE = 1_000_000_000n;

function aggregate(unit: string, town: string | null, devices: DeviceReadiness[], inputs: Map<string, DeviceInput>, findings: number): UnitReadiness {
  const byLevel: UnitReadiness['byLevel'] = { unknown: 0, '0': 0, '1': 0, '2': 0, '3': 0, '4': 0 };
  let v4 = 0n;
  let v6 = 0n;
  for (const d of devices) {
    byLevel[d.level === null ? 'unknown' : (String(d.level) as '0')]++;
    // Rates, not octets: the devices' intervals differ in length (poll gaps, agents' caches).
    const delta = inputs.get(d.device)?.traffic?.delta;
    const ms = delta ? BigInt(delta.to.getTime() - delta.from.getTime()) : 0n;
    if (delta && ms > 0n) {
      v4 += (delta.ipv4Octets * RATE_SCALE) / ms;
      v6 += (delta.ipv6Octets * RATE_SCALE) / ms;
    }
  }
  const known = devices.filter((d) => d.level !== null);
  const share = (min: number) => (known.length ? known.filter((d) => d.level! >= min).length / known.length : null);
  return {
    unit,
    town,
    devices: devices.length,
    byLevel,
    shareLevel2Plus: share(2),
    shareLevel3Plus: share(3),
    ipv6TrafficShare: ipv6Share(v4, v6),
    findings,
  };
}

/** Devices scored between two yields of the report's steps. */
const DEVICES_PER_STEP = 100;

/** Scores every device, finds address-plan and SRv6 problems, and aggregates per unit and for the district. */
export function buildReport(devices: DeviceInput[], units: UnitInput[], locatorBlock: string | undefined, now = new Date()): ReadinessReport {
  return finish(reportSteps(devices, units, locatorBlock, now));
}

/** buildReport as steps (src/pace.ts `sliced` runs them a time budget at a time). */
export function* reportSteps(devices: DeviceInput[], units: UnitInput[], locatorBlock: string | undefined, now = new Date()): Generator<void, ReadinessReport> {
  const { plans, findings: prefixFindings } = unitPlans(units);
  const overlaps = overlapFindings(plans);
  yield;
  const outside = yield* outsideUnitFindings(devices, plans);
  const duplicates = yield* duplicateFindings(devices);
  const srv6 = srv6Checks(devices, locatorBlock);
  yield;
  const findings: Finding[] = [...prefixFindings, ...overlaps, ...outside, ...duplicates, ...srv6.findings];
  const inputs = new Map(devices.map((d) => [d.name, d]));
  const byDevice = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.device) continue;
    const list = byDevice.get(f.device);
    if (list) list.push(f);
    else byDevice.set(f.device, [f]);
  }
  const byUnit = new Map<string, number>();
  for (const f of findings) if (f.unit) byUnit.set(f.unit, (byUnit.get(f.unit) ?? 0) + 1);
  const scored: DeviceReadiness[] = [];
  for (const d of devices) {
    if (scored.length % DEVICES_PER_STEP === 0) yield;
    const { level, checks } = scoreDevice(d, srv6.checks.get(d.name) ?? []);
    const delta = d.traffic?.delta;
    const interval = delta ? { from: delta.from.toISOString(), to: delta.to.toISOString(), ipv4Octets: delta.ipv4Octets, ipv6Octets: delta.ipv6Octets } : null;
    scored.push({
      device: d.name,
      unit: d.unit,
      address: d.address,
      up: d.up,
      level,
      levelName: level === null ? 'unknown' : LEVEL_NAMES[level],
      checks,
      addresses: d.evidence?.addresses ?? [],
      ipv6TrafficShare: delta ? ipv6Share(delta.ipv4Octets, delta.ipv6Octets) : null,
      ipv6TrafficInterval: interval,
      ipv6TrafficNote: d.traffic?.note ?? null,
      evidenceAt: d.evidenceAt?.toISOString() ?? null,
      findings: byDevice.get(d.name) ?? [],
    });
  }
  yield;
  const byUnitDevices = new Map<string, DeviceReadiness[]>(units.map((u) => [u.name, []]));
  for (const d of scored) {
    if (!d.unit) continue;
    const list = byUnitDevices.get(d.unit);
    if (list) list.push(d);
    else byUnitDevices.set(d.unit, [d]);
  }
  const towns = new Map(units.map((u) => [u.name, u.town]));
  const unitReports = [...byUnitDevices.keys()].sort().map((u) => aggregate(u, towns.get(u) ?? null, byUnitDevices.get(u)!, inputs, byUnit.get(u) ?? 0));
  yield;
  return {
    generatedAt: now.toISOString(),
    devices: scored,
    units: unitReports,
    district: aggregate('(district)', null, scored, inputs, findings.length),
    findings,
    yardsticks: YARDSTICKS,
  };
}
