/**
 * The vendor data table: IANA private enterprise number (sysObjectID 1.3.6.1.4.1.<n>…) → vendor, its default
 * origin for the 信创 programme, and how its sysDescr names the model and software version. Operators
 * override origins in `xinchuang.origins` and any device's vendor/model/version in `xinchuang.devices`. The Huawei,
 * Cisco, HPE and Sun patterns are checked against recorded agents (test/fixtures); the others are not yet, so a miss
 * leaves model/version empty.
 */
export type Origin = 'domestic' | 'foreign' | 'unknown';

export interface VendorEntry {
  name: string;
  origin: Origin;
  /** First capture group is the model. */
  model?: RegExp;
  /** First capture group is the software version. */
  version?: RegExp;
}

export const VENDOR_TABLE: Record<number, VendorEntry> = {
  2011: { name: 'Huawei', origin: 'domestic', model: /\((\S+) V\d{3}R/, version: /\((?:\S+ )?(V\d{3}R\d{3}\w*)\)/ },
  25506: { name: 'H3C', origin: 'domestic', model: /\bH3C (\S+)/, version: /Version ([\d.]+(?:,? (?:Release|ESS) \w+)?)/ },
  3902: { name: 'ZTE', origin: 'domestic', model: /\b(ZXR10 \S+|ZXCTN \S+)/, version: /Version:? ?(V[\w.]+)/ },
  4881: { name: 'Ruijie', origin: 'domestic', model: /\((\S+)\) By Ruijie/, version: /(RGOS \S+)/ },
  5651: { name: 'Maipu', origin: 'domestic', model: /\b(MP\d\S*|NSS\d\S*)/, version: /Version ([\w.]+)/ },
  6339: { name: 'DCN', origin: 'domestic', model: /\b(\S+) Device/, version: /SoftWare Version ([\w.]+)/ },
  9: { name: 'Cisco', origin: 'foreign', model: /Software \((\S+?)-/, version: /Version ([\w.()]+)/ },
  2636: { name: 'Juniper', origin: 'foreign', model: /Inc\. (\S+) internet router/, version: /JUNOS ([\w.-]+)/ },
  30065: { name: 'Arista', origin: 'foreign', model: /running on an Arista Networks (\S+)/, version: /EOS version ([\w.]+)/ },
  11: { name: 'HPE', origin: 'foreign', model: /ProCurve (J\w+)/, version: /revision ([\w.]+)/ },
  1916: { name: 'Extreme', origin: 'foreign' },
  42: { name: 'Sun', origin: 'foreign', model: /Sun SNMP Agent, (\S+)/ },
  8072: { name: 'Net-SNMP', origin: 'unknown' },
};

/** Old H3C/3Com gear answers under Huawei's arc 2011.10. */
export const H3C_UNDER_HUAWEI = /^\.?1\.3\.6\.1\.4\.1\.2011\.10(\.|$)/;
