import type { IpAddressRow } from '../../collectors/ip-evidence';
import { isRoutableScope } from '../net/address-scope';
import { addressInPrefix, parsePrefix, prefixesOverlap, type Family, type Prefix } from '../net/prefix';
import type { DeviceInput, Finding, UnitInput } from './types';

export interface UnitPlan {
  unit: UnitInput;
  prefixes: Prefix[];
}

/**
 * Parses every unit's declared prefixes. Config and API reject bad prefixes, but rows written before that
 * validation (or by hand) may still hold one: those become findings instead of breaking the report.
 */
export function unitPlans(units: UnitInput[]): { plans: Map<string, UnitPlan>; findings: Finding[] } {
  const plans = new Map<string, UnitPlan>();
  const findings: Finding[] = [];
  for (const unit of units) {
    const prefixes: Prefix[] = [];
    for (const [family, list] of [['ipv4', unit.ipv4], ['ipv6', unit.ipv6]] as [Family, string[]][]) {
      for (const raw of list) {
        const r = parsePrefix(raw, family);
        if (r.ok) prefixes.push(r.prefix);
        else
          findings.push({
            kind: r.reason.startsWith('host bits set') ? 'host_bits_set' : 'invalid_prefix',
            unit: unit.name,
            device: null,
            interface: null,
            address: raw,
            message: `Unit ${unit.name} declares "${raw}" as an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} prefix, but ${r.reason}.`,
          });
      }
    }
    plans.set(unit.name, { unit, prefixes });
  }
  return { plans, findings };
}

/** Two units whose prefixes overlap: one address could belong to either. */
export function overlapFindings(plans: Map<string, UnitPlan>): Finding[] {
  const findings: Finding[] = [];
  const list = [...plans.values()];
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++)
      for (const a of list[i].prefixes)
        for (const b of list[j].prefixes)
          if (prefixesOverlap(a, b))
            findings.push({
              kind: 'unit_overlap',
              unit: list[i].unit.name,
              device: null,
              interface: null,
              address: a.text,
              message: `Prefix ${a.text} of unit ${list[i].unit.name} overlaps prefix ${b.text} of unit ${list[j].unit.name}.`,
            });
  return findings;
}

/** Addresses that count for the plan: reachable beyond the link and assigned to the device (not broadcast/anycast). */
function planned(a: IpAddressRow): boolean {
  return isRoutableScope(a.scope) && a.type !== 'broadcast' && a.type !== 'anycast';
}

function interfaceName(d: DeviceInput, ifIndex: number | null): string | null {
  if (ifIndex === null) return null;
  return d.evidence?.interfaces.find((i) => i.ifIndex === ifIndex)?.name ?? `ifIndex ${ifIndex}`;
}

/** Devices (or duplicated addresses) handled between two yields of the report's steps. */
const PER_STEP = 200;

/** Device addresses outside every prefix its unit declares for that family (steps of the report). */
export function* outsideUnitFindings(devices: DeviceInput[], plans: Map<string, UnitPlan>): Generator<void, Finding[]> {
  const findings: Finding[] = [];
  for (const [n, d] of devices.entries()) {
    if (n % PER_STEP === 0) yield;
    if (!d.unit || !d.evidence) continue;
    const plan = plans.get(d.unit);
    if (!plan) continue;
    for (const a of d.evidence.addresses) {
      if (!planned(a)) continue;
      const own = plan.prefixes.filter((p) => p.family === a.family);
      // A unit that declares nothing for a family has no plan to be outside of.
      if (own.length === 0 || own.some((p) => addressInPrefix(a.address, p))) continue;
      const ifName = interfaceName(d, a.ifIndex);
      findings.push({
        kind: 'outside_unit_prefix',
        unit: d.unit,
        device: d.name,
        interface: ifName,
        address: a.address,
        message: `${d.name}${ifName ? ` ${ifName}` : ''} has ${a.address}, which is outside unit ${d.unit}'s ${a.family === 'ipv4' ? 'IPv4' : 'IPv6'} prefixes (${own.map((p) => p.text).join(', ')}).`,
      });
    }
  }
  return findings;
}

/** Other holders of a duplicated address named in a finding's message; the rest are counted. */
const NAMED_HOLDERS = 5;

/** The same address configured on two devices (steps of the report). */
export function* duplicateFindings(devices: DeviceInput[]): Generator<void, Finding[]> {
  // address → device name → where that device holds it (a device is one holder, however many rows it has).
  const holders = new Map<string, Map<string, { device: DeviceInput; row: IpAddressRow }>>();
  for (const [n, d] of devices.entries()) {
    if (n % PER_STEP === 0) yield;
    for (const a of d.evidence?.addresses ?? []) {
      if (!planned(a)) continue;
      let byDevice = holders.get(a.address);
      if (!byDevice) holders.set(a.address, (byDevice = new Map()));
      if (!byDevice.has(d.name)) byDevice.set(d.name, { device: d, row: a });
    }
  }
  const findings: Finding[] = [];
  // Linear in holders: an address shared by many devices (cloned configs, a hostile agent) names a few others.
  for (const [address, byDevice] of holders) {
    yield;
    if (byDevice.size < 2) continue;
    const names = [...byDevice.keys()];
    for (const h of byDevice.values()) {
      const others: string[] = [];
      for (const n of names) {
        if (others.length === NAMED_HOLDERS) break;
        if (n !== h.device.name) others.push(n);
      }
      const more = byDevice.size - 1 - others.length;
      const ifName = interfaceName(h.device, h.row.ifIndex);
      findings.push({
        kind: 'duplicate_address',
        unit: h.device.unit,
        device: h.device.name,
        interface: ifName,
        address,
        message: `${address} on ${h.device.name}${ifName ? ` ${ifName}` : ''} is also configured on ${others.join(', ')}${more ? ` and ${more} more devices` : ''}.`,
      });
    }
  }
  return findings;
}
