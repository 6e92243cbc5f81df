import { toCsv } from '../csv';
import { CHECK_IDS, type ReadinessReport } from './types';

/**
 * The device table for the bureau's monthly report.
 */
export function devicesCsv(report: ReadinessReport): string {
  const towns = new Map(report.units.map((u) => [u.unit, u.town]));
  const rows = report.devices.map((d) => {
    const status = new Map(d.checks.map((c) => [c.id, c.status]));
    const v6 = d.addresses.filter((a) => a.family === 'ipv6' && a.scope !== 'link-local' && a.scope !== 'loopback').map((a) => a.address);
    const v4 = d.addresses.filter((a) => a.family === 'ipv4' && a.scope !== 'loopback' && a.type !== 'broadcast').map((a) => a.address);
    return {
      device: d.device,
      unit: d.unit ?? '',
      town: (d.unit && towns.get(d.unit)) || '',
      management_address: d.address,
      level: d.level === null ? '' : d.level,
      level_name: d.levelName,
      ...Object.fromEntries(CHECK_IDS.map((id) => [id, status.get(id) ?? 'unknown'])),
      ipv6_traffic_share: d.ipv6TrafficShare === null ? '' : d.ipv6TrafficShare.toFixed(4),
      ipv4_addresses: v4.join(' '),
      ipv6_addresses: v6.join(' '),
      findings: d.findings.length,
      evidence_at: d.evidenceAt ?? '',
    };
  });
  const columns = ['device', 'unit', 'town', 'management_address', 'level', 'level_name', ...CHECK_IDS, 'ipv6_traffic_share', 'ipv4_addresses', 'ipv6_addresses', 'findings', 'evidence_at'];
  return toCsv(rows, columns);
}
