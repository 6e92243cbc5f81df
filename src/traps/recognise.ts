import type { EventVarbind } from '../../db/schema/events';
import type { EventRow } from '../../db/schema/events';
import type { DecodedTrap } from './decode';

type Category = EventRow['category'];

const IF_INDEX = '1.3.6.1.2.1.2.2.1.1.';
const IF_ADMIN = '1.3.6.1.2.1.2.2.1.7.';
const IF_OPER = '1.3.6.1.2.1.2.2.1.8.';

/** Trap OIDs yunet names; anything else is stored raw as "other". */
export const knownTraps: Record<string, { name: string; category: Category }> = {
  '1.3.6.1.6.3.1.1.5.1': { name: 'coldStart', category: 'restart' },
  '1.3.6.1.6.3.1.1.5.2': { name: 'warmStart', category: 'restart' },
  '1.3.6.1.6.3.1.1.5.3': { name: 'linkDown', category: 'link' },
  '1.3.6.1.6.3.1.1.5.4': { name: 'linkUp', category: 'link' },
  '1.3.6.1.6.3.1.1.5.5': { name: 'authenticationFailure', category: 'auth' },
  // CISCO-CONFIG-MAN-MIB ciscoConfigManEvent (running or startup config written)
  '1.3.6.1.4.1.9.9.43.2.0.1': { name: 'ciscoConfigManEvent', category: 'config' },
  // HUAWEI-CONFIG-MAN-MIB hwCfgChgNotify
  '1.3.6.1.4.1.2011.5.25.191.3.1': { name: 'hwCfgChgNotify', category: 'config' },
};

const operStatus: Record<string, string> = { '1': 'up', '2': 'down', '3': 'testing', '4': 'unknown', '5': 'dormant', '6': 'notPresent', '7': 'lowerLayerDown' };

/** Looks up an interface name from the device's last poll. */
export type IfNameLookup = (ifIndex: string) => string | null;

export interface Recognised {
  trap: string;
  category: Category;
  summary: string;
}

function valueUnder(varbinds: EventVarbind[], prefix: string): { index: string; value: string } | null {
  const vb = varbinds.find((v) => v.oid.startsWith(prefix));
  return vb ? { index: vb.oid.slice(prefix.length), value: vb.value } : null;
}

/** Names a trap and writes its one-line summary; link traps get the interface name from the last poll. */
export function recognise(t: DecodedTrap, ifName: IfNameLookup): Recognised {
  const known = knownTraps[t.trapOid];
  if (!known) return { trap: 'other', category: 'other', summary: `trap ${t.trapOid || '(no snmpTrapOID)'}` };
  if (known.category === 'link') {
    const idx = valueUnder(t.varbinds, IF_INDEX);
    const ifIndex = idx?.value || valueUnder(t.varbinds, IF_OPER)?.index || valueUnder(t.varbinds, IF_ADMIN)?.index || null;
    const name = ifIndex ? ifName(ifIndex) : null;
    const oper = ifIndex ? t.varbinds.find((v) => v.oid === IF_OPER + ifIndex)?.value : undefined;
    const where = ifIndex ? `${name ?? 'interface'} (ifIndex ${ifIndex})` : 'an interface';
    const state = oper ? operStatus[oper] ?? oper : known.name === 'linkUp' ? 'up' : 'down';
    return { trap: known.name, category: known.category, summary: `${known.name}: ${where} ${state}` };
  }
  const summaries: Record<string, string> = {
    coldStart: 'coldStart: agent restarted (configuration may have changed)',
    warmStart: 'warmStart: agent reinitialised',
    authenticationFailure: 'authenticationFailure: the device rejected an SNMP request with wrong credentials',
    ciscoConfigManEvent: 'ciscoConfigManEvent: configuration changed',
    hwCfgChgNotify: 'hwCfgChgNotify: configuration changed',
  };
  return { trap: known.name, category: known.category, summary: summaries[known.name] ?? known.name };
}
