import { isRoutableScope } from '../net/address-scope';
import { parsePrefix, prefixInside, prefixesOverlap, reportedPrefix, type Prefix } from '../net/prefix';
import type { Check, DeviceInput, Finding } from './types';

export interface Srv6Result {
  checks: Map<string, Check[]>;
  findings: Finding[];
}

const isCore = (d: DeviceInput) => /core|核心/i.test(d.role ?? '');

function finding(d: DeviceInput, kind: Finding['kind'], address: string | null, message: string): Finding {
  return { kind, unit: d.unit, device: d.name, interface: null, address, message };
}

/**
 * Checks each operator's SRv6 declaration against what SNMP shows: the locator inside the district
 * block, not overlapping another device's locator, and routed in some core device's IPv6 table
 * (every device's table when no device has a core role). A declaration contradicting the evidence is a
 * finding and a failed check, never a pass.
 */
export function srv6Checks(devices: DeviceInput[], locatorBlock: string | undefined): Srv6Result {
  const findings: Finding[] = [];
  const checks = new Map<string, Check[]>();
  const blockParsed = locatorBlock ? parsePrefix(locatorBlock, 'ipv6') : null;
  const block = blockParsed?.ok ? blockParsed.prefix : null;

  const locators = new Map<string, Prefix>();
  for (const d of devices) {
    const raw = d.srv6?.locator;
    if (!d.srv6?.capable || !raw) continue;
    const r = parsePrefix(raw, 'ipv6');
    if (r.ok) locators.set(d.name, r.prefix);
    else
      findings.push(
        finding(d, r.reason.startsWith('host bits set') ? 'host_bits_set' : 'invalid_prefix', raw, `${d.name} declares SRv6 locator "${raw}", but ${r.reason}.`),
      );
  }

  const core = devices.some(isCore) ? devices.filter(isCore) : devices;
  const routed = core.filter((d) => (d.evidence?.ipv6Routes.length ?? 0) > 0);
  // Route prefixes parsed once per report, not once per locator; the default route proves nothing.
  const routePrefixes = new Map(
    (locators.size === 0 ? [] : routed).map((c) => [
      c.name,
      c.evidence!.ipv6Routes.filter((r) => r.prefixLength > 0).flatMap((r) => {
        const p = reportedPrefix(r.destination, r.prefixLength);
        return p ? [p] : [];
      }),
    ]),
  );

  for (const d of devices) {
    const s = d.srv6;
    const locator = locators.get(d.name);
    const list: Check[] = [];
    const none = (why: string) => {
      list.push({ id: 'srv6_declared', status: 'fail', reason: why });
      for (const id of ['srv6_locator_in_block', 'srv6_locator_unique', 'srv6_locator_routed'] as const) list.push({ id, status: 'unknown', reason: why });
    };
    if (!s || !s.capable) none(s ? 'declared not SRv6-capable' : 'no SRv6 declaration');
    else if (!s.enabled) none('declared SRv6-capable but not enabled');
    else if (!locator) none(`declared locator "${s.locator ?? ''}" is not a valid IPv6 prefix`);
    else {
      // Declared and enabled: does the device even run IPv6?
      const e = d.evidence;
      const hasV6 = e?.addresses.some((a) => a.family === 'ipv6' && isRoutableScope(a.scope)) ?? false;
      if (e && (e.ipv6Forwarding === false || !hasV6)) {
        const why = e.ipv6Forwarding === false ? 'the device reports IPv6 forwarding off' : 'the device reports no routable IPv6 address';
        list.push({ id: 'srv6_declared', status: 'fail', reason: `declared SRv6-enabled with locator ${locator.text}, but ${why}` });
        findings.push(finding(d, 'srv6_contradiction', locator.text, `${d.name} is declared SRv6-enabled (locator ${locator.text}), but ${why}.`));
      } else if (!e) list.push({ id: 'srv6_declared', status: 'unknown', reason: `declared with locator ${locator.text}; no IP evidence yet` });
      else list.push({ id: 'srv6_declared', status: 'pass', reason: `declared SRv6-enabled with locator ${locator.text}` });

      if (!block) list.push({ id: 'srv6_locator_in_block', status: 'unknown', reason: locatorBlock ? `srv6.locator_block "${locatorBlock}" is not a valid IPv6 prefix` : 'no srv6.locator_block configured' });
      else if (prefixInside(locator, block)) list.push({ id: 'srv6_locator_in_block', status: 'pass', reason: `${locator.text} lies inside the district block ${block.text}` });
      else {
        list.push({ id: 'srv6_locator_in_block', status: 'fail', reason: `${locator.text} lies outside the district block ${block.text}` });
        findings.push(finding(d, 'srv6_outside_block', locator.text, `${d.name}'s SRv6 locator ${locator.text} lies outside the district block ${block.text}.`));
      }

      const clashes = [...locators].filter(([name, p]) => name !== d.name && prefixesOverlap(p, locator)).map(([name, p]) => `${name} (${p.text})`);
      if (clashes.length === 0) list.push({ id: 'srv6_locator_unique', status: 'pass', reason: `no other device's locator overlaps ${locator.text}` });
      else {
        list.push({ id: 'srv6_locator_unique', status: 'fail', reason: `${locator.text} overlaps the locator of ${clashes.join(', ')}` });
        findings.push(finding(d, 'srv6_locator_overlap', locator.text, `${d.name}'s SRv6 locator ${locator.text} overlaps the locator of ${clashes.join(', ')}.`));
      }

      if (routed.length === 0) list.push({ id: 'srv6_locator_routed', status: 'unknown', reason: 'no core device has reported IPv6 routes yet' });
      else {
        let hit: string | null = null;
        for (const c of routed) {
          const r = routePrefixes.get(c.name)!.find((p) => prefixesOverlap(p, locator));
          if (r) {
            hit = `${r.text} in ${c.name}'s IPv6 routing table`;
            break;
          }
        }
        if (hit) list.push({ id: 'srv6_locator_routed', status: 'pass', reason: `route ${hit}` });
        else {
          const where = routed.map((c) => c.name).join(', ');
          list.push({ id: 'srv6_locator_routed', status: 'fail', reason: `no route to ${locator.text} in the IPv6 tables of ${where}` });
          findings.push(finding(d, 'srv6_unrouted', locator.text, `${d.name}'s SRv6 locator ${locator.text} has no route in the IPv6 tables of ${where}.`));
        }
      }
    }
    checks.set(d.name, list);
  }
  return { checks, findings };
}
