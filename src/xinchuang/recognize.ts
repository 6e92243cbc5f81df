import { H3C_UNDER_HUAWEI, VENDOR_TABLE, type Origin } from './vendor-table';

export interface Identity {
  vendor: string | null;
  model: string | null;
  version: string | null;
}

/** Enterprise number of a sysObjectID (1.3.6.1.4.1.<n>…), null for anything else. */
export function enterpriseOf(sysObjectID: string | null | undefined): number | null {
  const m = /^\.?1\.3\.6\.1\.4\.1\.(\d+)/.exec(sysObjectID ?? '');
  return m ? Number(m[1]) : null;
}

/** Longest sysDescr read: agents are untrusted, the regexes run on at most this much. */
const MAX_DESCR = 1024;

/** Vendor from the enterprise number, model and version from sysDescr by the vendor's patterns. */
export function recognize(sysObjectID: string | null | undefined, sysDescr: string | null | undefined): Identity {
  const n = H3C_UNDER_HUAWEI.test(sysObjectID ?? '') ? 25506 : enterpriseOf(sysObjectID);
  const entry = n === null ? undefined : VENDOR_TABLE[n];
  if (!entry) return { vendor: null, model: null, version: null };
  const descr = (sysDescr ?? '').slice(0, MAX_DESCR);
  const pick = (re?: RegExp) => (re ? (re.exec(descr)?.[1] ?? null) : null);
  return { vendor: entry.name, model: pick(entry.model), version: pick(entry.version) };
}

/** Origin of a vendor: the configured table first (case-insensitive), then the defaults, else unknown. */
export function originOf(vendor: string | null, overrides: Record<string, Origin>): Origin {
  if (!vendor) return 'unknown';
  const key = vendor.toLowerCase();
  for (const [name, origin] of Object.entries(overrides)) if (name.toLowerCase() === key) return origin;
  for (const e of Object.values(VENDOR_TABLE)) if (e.name.toLowerCase() === key) return e.origin;
  return 'unknown';
}
