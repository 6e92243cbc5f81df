import type { IpAddressRow } from '../../collectors/ip-evidence';
import type { DeviceReadiness, Finding, UnitReadiness } from './types';

/** API shapes (snake_case, like the rest of /api). */
export function unitView(u: UnitReadiness) {
  return {
    unit: u.unit,
    town: u.town,
    devices: u.devices,
    devices_by_level: u.byLevel,
    share_level_2_plus: u.shareLevel2Plus,
    share_level_3_plus: u.shareLevel3Plus,
    ipv6_traffic_share: u.ipv6TrafficShare,
    findings: u.findings,
  };
}

export function findingView(f: Finding) {
  return { kind: f.kind, unit: f.unit, device: f.device, interface: f.interface, address: f.address, message: f.message };
}

function addressView(a: IpAddressRow) {
  return {
    family: a.family,
    address: a.address,
    scope: a.scope,
    if_index: a.ifIndex,
    prefix_length: a.prefixLength,
    type: a.type,
    origin: a.origin,
    status: a.status,
    source: a.source,
  };
}

export function deviceSummaryView(d: DeviceReadiness) {
  return {
    device: d.device,
    unit: d.unit,
    address: d.address,
    up: d.up,
    level: d.level,
    level_name: d.levelName,
    ipv6_traffic_share: d.ipv6TrafficShare,
    // When the share was measured: the latest poll's interval, or an older one (the note says why).
    ipv6_traffic_interval: d.ipv6TrafficInterval
      ? {
          start: d.ipv6TrafficInterval.from,
          end: d.ipv6TrafficInterval.to,
          ipv4_octets: String(d.ipv6TrafficInterval.ipv4Octets),
          ipv6_octets: String(d.ipv6TrafficInterval.ipv6Octets),
        }
      : null,
    ipv6_traffic_note: d.ipv6TrafficNote,
    evidence_at: d.evidenceAt,
    findings: d.findings.length,
  };
}

export function deviceView(d: DeviceReadiness) {
  return {
    ...deviceSummaryView(d),
    checks: d.checks.map((c) => ({ check: c.id, status: c.status, reason: c.reason })),
    addresses: d.addresses.map(addressView),
    findings: d.findings.map(findingView),
  };
}
