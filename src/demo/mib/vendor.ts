import type { DemoDevice, DemoEntity } from '../model';
import { hashUnit, wobble } from '../signals';
import { T, table, type Live, type MibSpec } from './spec';

/** CPU and memory percentages wander slowly around each entity's mean. */
function cpu(d: DemoDevice, e: DemoEntity): Live {
  if (e.cpu === 0) return 0;
  const h = hashUnit(`${d.name}/${e.name}/cpu`);
  return (s: number) => wobble(e.cpu, Math.max(2, e.cpu * 0.4), s, 240 + h * 300, h * 6.28);
}
function memory(d: DemoDevice, e: DemoEntity): Live {
  if (e.memory === 0) return 0;
  const h = hashUnit(`${d.name}/${e.name}/mem`);
  return (s: number) => wobble(e.memory, 3, s, 1800 + h * 1200, h * 6.28);
}

/** ENTITY-MIB entPhysicalName: vendor tables are indexed by entPhysicalIndex and named from here. */
function entityNames(d: DemoDevice): MibSpec {
  return { scalars: [], tables: [table('1.3.6.1.2.1.47.1.1.1.1', { 7: T.OctetString }, d.entities.map((e) => ({ index: e.index, cells: { 7: e.name } })))] };
}

/** HUAWEI-ENTITY-EXTENT-MIB hwEntityStateTable: CPU 5, CPU threshold 6 (0 where there is no CPU), memory 7. */
function huawei(d: DemoDevice): MibSpec {
  const rows = d.entities.map((e) => ({ index: e.index, cells: { 5: cpu(d, e), 6: e.cpu === 0 ? 0 : 80, 7: memory(d, e) } }));
  return { scalars: [], tables: [...entityNames(d).tables, table('1.3.6.1.4.1.2011.5.25.31.1.1.1.1', { 5: T.Integer, 6: T.Integer, 7: T.Integer }, rows)] };
}

/** HH3C-ENTITY-EXT-MIB hh3cEntityExtStateTable: CPU 6, memory 8. */
function h3c(d: DemoDevice): MibSpec {
  const rows = d.entities.map((e) => ({ index: e.index, cells: { 6: cpu(d, e), 8: memory(d, e) } }));
  return { scalars: [], tables: [...entityNames(d).tables, table('1.3.6.1.4.1.25506.2.6.1.1.1.1', { 6: T.Integer, 8: T.Integer }, rows)] };
}

/** CISCO-PROCESS-MIB cpmCPUTotalTable (1min 7, 5min 8) and CISCO-MEMORY-POOL-MIB (name 2, used 5, free 6 in bytes). */
function cisco(d: DemoDevice): MibSpec {
  const cpus = d.entities.filter((e) => e.cpu > 0);
  const pools = d.entities.filter((e) => e.memory > 0);
  const poolBytes = 2 * 1024 ** 3;
  const used = (e: DemoEntity) => {
    const pct = memory(d, e);
    return (s: number) => Math.round(((typeof pct === 'function' ? Number(pct(s)) : Number(pct)) / 100) * poolBytes);
  };
  return {
    scalars: [],
    tables: [
      table('1.3.6.1.4.1.9.9.109.1.1.1.1', { 7: T.Gauge, 8: T.Gauge }, cpus.map((e, n) => ({ index: n + 1, cells: { 7: cpu(d, e), 8: cpu(d, e) } }))),
      table(
        '1.3.6.1.4.1.9.9.48.1.1.1',
        { 2: T.OctetString, 5: T.Gauge, 6: T.Gauge },
        pools.map((e, n) => ({ index: n + 1, cells: { 2: e.name, 5: used(e), 6: (s: number) => poolBytes - used(e)(s) } })),
      ),
    ],
  };
}

/** RUIJIE-PROCESS-MIB 5-minute CPU scalar and RUIJIE-MEMORY-MIB utilisation per memory entity. */
function ruijie(d: DemoDevice): MibSpec {
  const main = d.entities.find((e) => e.cpu > 0) ?? d.entities[0];
  return {
    scalars: [{ oid: '1.3.6.1.4.1.4881.1.1.10.2.36.1.1.3', type: T.Integer, value: cpu(d, main) }],
    tables: [table('1.3.6.1.4.1.4881.1.1.10.2.35.1.1.1', { 3: T.Integer }, d.entities.filter((e) => e.memory > 0).map((e, n) => ({ index: n + 1, cells: { 3: memory(d, e) } })))],
  };
}

/** ZXR10 board table: memory used % in column 4, 5-minute CPU in column 12. */
function zte(d: DemoDevice): MibSpec {
  const boards = d.entities.filter((e) => e.cpu > 0);
  return { scalars: [], tables: [table('1.3.6.1.4.1.3902.3.3.1.1', { 4: T.Integer, 12: T.Integer }, boards.map((e) => ({ index: e.index, cells: { 4: memory(d, e), 12: cpu(d, e) } })))] };
}

/** HOST-RESOURCES-MIB: processor load per core and hrStorageTable (RAM and file systems). */
function hostResources(d: DemoDevice): MibSpec {
  const host = d.host;
  if (!host) return { scalars: [], tables: [] };
  const HR = '1.3.6.1.2.1.25';
  const ramUsed = (s: number) => Math.round(host.ramUsed * (1 + 0.04 * Math.sin(s / 300)));
  const storage = [
    { index: 1, cells: { 2: `${HR}.2.1.2`, 3: 'Physical memory', 4: 1024, 5: host.ramKiB, 6: ramUsed as Live } },
    ...host.disks.map((disk, n) => ({ index: 31 + n, cells: { 2: `${HR}.2.1.4`, 3: disk.descr, 4: 4096, 5: Math.floor(disk.sizeKiB / 4), 6: Math.floor(disk.used / 4) as Live } })),
  ];
  return {
    scalars: [
      { oid: `${HR}.1.1`, type: T.TimeTicks, value: (s: number) => Math.floor(s * 100) % 2 ** 32 },
      { oid: `${HR}.2.2`, type: T.Integer, value: host.ramKiB },
    ],
    tables: [
      table(`${HR}.2.3.1`, { 2: T.OID, 3: T.OctetString, 4: T.Integer, 5: T.Integer, 6: T.Integer }, storage),
      table(`${HR}.3.3.1`, { 2: T.Integer }, d.entities.filter((e) => e.cpu > 0).map((e) => ({ index: e.index, cells: { 2: cpu(d, e) } }))),
    ],
  };
}

/** The vendor's CPU / memory MIB, as the vendor collectors read it. */
export function vendorMib(d: DemoDevice): MibSpec {
  const build = { huawei, h3c, cisco, ruijie, zte, linux: hostResources }[d.vendor];
  return build(d);
}
