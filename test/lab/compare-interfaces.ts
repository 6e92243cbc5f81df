import type { ToolValue } from './reference-walk';
import { select, type ParsedExposition } from './exposition-text';
import { EXPOSED_COLUMNS, LABEL_COLUMNS } from './interface-columns';

const utf8 = new TextDecoder('utf-8');

function label(v: ToolValue | undefined): string {
  if (!v?.bytes) return '';
  let end = v.bytes.length;
  while (end > 0 && v.bytes[end - 1] === 0) end--;
  return utf8.decode(v.bytes.subarray(0, end));
}

/**
 * Differences between what /metrics shows for one device's interfaces and two reference walks
 * (before and after the poll) of ifTable + ifXTable. Static columns must equal the reference exactly;
 * counters must lie between the two walks (they move on a live agent). Returns [] when all agree.
 */
export function compareInterfaces(
  exposition: ParsedExposition,
  device: string,
  before: Map<string, ToolValue>,
  after: Map<string, ToolValue>,
): { problems: string[]; interfaces: number; compared: number } {
  const problems: string[] = [];
  const prefix = `${LABEL_COLUMNS.ifDescr}.`;
  const indexes = [...before.keys()].filter((o) => o.startsWith(prefix)).map((o) => o.slice(prefix.length));
  let compared = 0;
  for (const ifIndex of indexes) {
    const wantLabels = {
      ifName: label(before.get(`${LABEL_COLUMNS.ifName}.${ifIndex}`)),
      ifDescr: label(before.get(`${LABEL_COLUMNS.ifDescr}.${ifIndex}`)),
      ifAlias: label(before.get(`${LABEL_COLUMNS.ifAlias}.${ifIndex}`)),
    };
    for (const [metric, col] of Object.entries(EXPOSED_COLUMNS)) {
      const oid = `${col.oid}.${ifIndex}`;
      const b = before.get(oid);
      const a = after.get(oid);
      const got = select(exposition, metric, { device, ifIndex });
      const where = `${device} ${metric}{ifIndex="${ifIndex}"}`;
      if (!b) {
        if (got.length) problems.push(`${where}: agent has no such instance but /metrics shows ${got[0].value}`);
        continue;
      }
      if (got.length !== 1) {
        problems.push(`${where}: expected one sample, /metrics has ${got.length}`);
        continue;
      }
      compared++;
      const s = got[0];
      for (const [k, v] of Object.entries(wantLabels))
        if (s.labels[k] !== v) problems.push(`${where}: label ${k}="${s.labels[k]}", agent says "${v}"`);
      if (!/^\d+$/.test(s.value)) {
        problems.push(`${where}: value ${s.value} is not an exact integer`);
        continue;
      }
      const v = BigInt(s.value);
      const lo = BigInt(b.text);
      const hi = BigInt((a ?? b).text);
      if (col.counter ? v < lo || v > hi : v !== lo && v !== hi)
        problems.push(`${where}: /metrics ${s.value}, agent ${col.counter ? `between ${lo} and ${hi}` : `${lo}`}`);
    }
  }
  return { problems, interfaces: indexes.length, compared };
}
