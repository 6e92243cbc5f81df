import type { Vendor } from '../types';

/** IANA private enterprise numbers of the vendors yunet knows (sysObjectID 1.3.6.1.4.1.<n>.…). */
const enterprises: Record<number, Vendor> = {
  2011: 'huawei',
  25506: 'h3c',
  9: 'cisco',
  4881: 'ruijie',
  3902: 'zte',
  8072: 'linux',
};

export function enterpriseOf(sysObjectID: string | null): number | null {
  const m = /^\.?1\.3\.6\.1\.4\.1\.(\d+)/.exec(sysObjectID ?? '');
  return m ? Number(m[1]) : null;
}

/** Vendor from sysObjectID. Old H3C/3Com gear lives under Huawei's arc at 2011.10. */
export function vendorFromSysObjectID(sysObjectID: string | null): Vendor {
  if (/^\.?1\.3\.6\.1\.4\.1\.2011\.10(\.|$)/.test(sysObjectID ?? '')) return 'h3c';
  const n = enterpriseOf(sysObjectID);
  return (n !== null && enterprises[n]) || 'unknown';
}
