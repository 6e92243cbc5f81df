import type { DemoDevice } from '../model';
import { timeTicks } from '../signals';
import { T, type MibSpec } from './spec';

/** SNMPv2-MIB system group; sysUpTime counts from the agent's start. */
export function systemMib(d: DemoDevice): MibSpec {
  const sys = '1.3.6.1.2.1.1';
  return {
    scalars: [
      { oid: `${sys}.1`, type: T.OctetString, value: d.sys.descr },
      { oid: `${sys}.2`, type: T.OID, value: d.sys.objectID },
      { oid: `${sys}.3`, type: T.TimeTicks, value: timeTicks },
      { oid: `${sys}.4`, type: T.OctetString, value: d.sys.contact },
      { oid: `${sys}.5`, type: T.OctetString, value: d.sys.name },
      { oid: `${sys}.6`, type: T.OctetString, value: d.sys.location },
      { oid: `${sys}.7`, type: T.Integer, value: d.role === 'server' ? 72 : 6 },
    ],
    tables: [],
  };
}
