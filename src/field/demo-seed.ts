import { eq } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { buildTargets, inspections, operators, stations, towns as townTable } from '../../db/schema/field';
import { audit } from './audit';
import { today } from './dates';
import { RowWriter, type Row } from './records/engine';
import { blindSpotKind, hazardKind, stationKind } from './records/kinds';
import { Lookups } from './records/lookups';

/**
 * Demo data for the field build-out, consistent with the bureau's 2023 report: 2,041 stations on air
 * in 2023 against a target of 1,795 (113.7%), 13,693 on air in all, 233 blind spots resolved and 655
 * three-line hazards remediated in 2023, plus open work dated around today. Every row is flagged
 * demo (station codes DEMO-…, notes 演示数据) and the seed runs once per database.
 */
export const DEMO_NOTE = '演示数据 demo data';

// Per town in towns' seed order (市桥街 … 石楼镇): 2023 targets sum to 1,795, 2023 built to 2,041.
const TARGET_2023 = [180, 120, 110, 95, 150, 140, 120, 85, 130, 115, 100, 125, 150, 60, 75, 40];
const BUILT_2023 = [205, 138, 119, 112, 171, 158, 131, 92, 149, 131, 116, 140, 171, 64, 88, 56];
const ON_AIR_TOTAL = 13_693;
const EARLIER_YEARS = [2019, 2020, 2021, 2022];
const PIPELINE = 420; // stations planned for 2024 onwards, not yet on air
const BLIND_RESOLVED_2023 = 233;
const HAZARDS_REMEDIATED_2023 = 655;

const VILLAGES = ['一村', '二村', '三村', '新村', '东社区', '西社区'];
const OWNERS = ['供电局番禺分局', '中国移动番禺分公司', '中国电信番禺分公司', '中国联通番禺分公司', '广电网络番禺分公司'];

/** Small deterministic PRNG so every demo database looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const clampToday = (d: string, now: string) => (d > now ? now : d);

/** Seeds the demo records unless a demo station exists already; true when it seeded. */
export async function seedFieldDemo(db: Db): Promise<boolean> {
  const now = today();
  // The check inside the transaction: two nodes starting on one database seed once. The generator starts inside
  // too, since PostgreSQL may run the body again after a conflict.
  return db.transaction(async (tx) => {
    if ((await tx.select({ id: stations.id }).from(stations).where(eq(stations.demo, true)).limit(1)).length) return false;
    const r = rng(2023);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    const operator = () => {
      const x = r();
      return x < 0.4 ? operators[0] : x < 0.65 ? operators[2] : x < 0.9 ? operators[1] : operators[3];
    };
    const dayIn = (year: number) => addDays(`${year}-01-01`, Math.floor(r() * 365));

    const lk = await Lookups.load(db, tx);
    const towns = await tx.select({ id: townTable.id, name: townTable.name }).from(townTable).orderBy(townTable.sortOrder, townTable.id).limit(16);
    if (towns.length)
      await tx
        .insert(buildTargets)
        .values(towns.map((t, i) => ({ year: 2023, townId: t.id, operator: '', target: TARGET_2023[i] ?? 0, demo: true })))
        .onConflictDoNothing();
    const villageOf = (townId: number) => lk.village(townId, `${lk.townName.get(townId)!.slice(0, 2)}${pick(VILLAGES)}`);

    const st = new RowWriter(tx, stationKind);
    let n = 0;
    const station = async (townId: number, status: Row['status'], onAir: string | null, plannedYear: number) => {
      n++;
      const base = onAir ?? addDays(now, -Math.floor(r() * 200));
      const chain: Row = {};
      const steps: [string, number][] = [['approvedOn', -150], ['siteReadyOn', -120], ['constructionOn', -60], ['poweredOn', -20], ['onAirOn', 0]];
      const order = ['planned', 'approved', 'site_ready', 'under_construction', 'powered', 'on_air', 'accepted'];
      const reached = order.indexOf(status as string);
      steps.forEach(([f, d], i) => (chain[f] = i + 1 <= reached ? clampToday(addDays(base, onAir ? d : d / 5), now) : null));
      if (status === 'accepted') chain.acceptedOn = clampToday(addDays(onAir!, 30), now);
      const lat = 22.94 + r() * 0.12;
      const lon = 113.3 + r() * 0.25;
      await st.insert({
        code: `DEMO-PY-${String(n).padStart(6, '0')}`, name: `${lk.townName.get(townId)}演示基站${n}`, operator: operator(), builder: '中国铁塔',
        townId, villageId: await villageOf(townId), address: null, latitude: Math.round(lat * 1e5) / 1e5, longitude: Math.round(lon * 1e5) / 1e5,
        type: r() < 0.7 ? 'macro' : r() < 0.7 ? 'micro' : 'indoor', plannedYear, status, ...chain, notes: DEMO_NOTE, demo: true,
      });
    };
    for (const [i, t] of towns.entries()) {
      for (let k = 0; k < (BUILT_2023[i] ?? 0); k++) {
        const onAir = dayIn(2023);
        await station(t.id, addDays(onAir, 30) <= now && r() < 0.8 ? 'accepted' : 'on_air', onAir, 2023);
      }
    }
    const earlier = ON_AIR_TOTAL - BUILT_2023.reduce((a, b) => a + b, 0);
    for (let k = 0; k < earlier; k++) {
      const year = pick(EARLIER_YEARS);
      await station(pick(towns).id, 'accepted', dayIn(year), year);
    }
    const pipeline = ['planned', 'approved', 'site_ready', 'under_construction', 'powered'];
    for (let k = 0; k < PIPELINE; k++) await station(pick(towns).id, pick(pipeline), null, Number(now.slice(0, 4)) + (r() < 0.7 ? 0 : 1));

    const bs = new RowWriter(tx, blindSpotKind);
    const categories = ['enterprise', 'key_area', 'village', 'road', 'other'];
    const resolutions = ['new_station', 'indoor_system', 'repeater', 'optimisation'];
    for (let k = 0; k < BLIND_RESOLVED_2023 + 48; k++) {
      const townId = pick(towns).id;
      const resolved = k < BLIND_RESOLVED_2023;
      const resolvedOn = resolved ? dayIn(2023) : null;
      const reportedOn = resolved ? addDays(resolvedOn!, -30 - Math.floor(r() * 120)) : addDays(now, -Math.floor(r() * 240));
      const status = resolved ? 'resolved' : pick(['open', 'surveying', 'planned', 'resolving']);
      const resolution = resolved ? pick(resolutions) : null;
      await bs.insert({
        name: `演示盲点${k + 1}`, townId, villageId: await villageOf(townId), category: pick(categories), location: null, latitude: null, longitude: null,
        source: pick(['complaint', 'drive_test', 'enterprise_visit']), reportedOn, status, statusReason: null, resolution, resolvedByStationId: null,
        rsrpBefore: -115 - Math.round(r() * 15), rsrpAfter: resolved ? -85 - Math.round(r() * 15) : null, resolvedOn, closedOn: null, notes: DEMO_NOTE, demo: true,
      });
    }

    const hz = new RowWriter(tx, hazardKind);
    const inspected: { id: number; townId: number }[] = [];
    for (const t of towns) {
      const [{ id }] = await tx.insert(inspections).values({ date: '2023-03-15', townId: t.id, inspector: '三线整治专班', notes: DEMO_NOTE, demo: true }).returning({ id: inspections.id });
      inspected.push({ id, townId: t.id });
    }
    const hazardTypes = ['sagging', 'tangled', 'low_clearance', 'damaged_pole', 'unlabelled', 'abandoned_line', 'fire_risk'];
    for (let k = 0; k < HAZARDS_REMEDIATED_2023 + 72; k++) {
      const ins = pick(inspected);
      const done = k < HAZARDS_REMEDIATED_2023;
      const remediatedOn = done ? addDays('2023-04-01', Math.floor(r() * 270)) : null;
      const foundOn = done ? '2023-03-15' : addDays(now, -Math.floor(r() * 120));
      const status = done ? (r() < 0.7 ? 'verified' : 'remediated') : pick(['open', 'assigned', 'remediating']);
      await hz.insert({
        townId: ins.townId, villageId: await villageOf(ins.townId), lineType: pick(['power', 'telecom', 'catv']), hazardType: pick(hazardTypes),
        severity: pick(['low', 'medium', 'medium', 'high']), owner: pick(OWNERS), location: null, foundOn, inspectionId: done ? ins.id : null,
        deadline: addDays(foundOn, 30 + Math.floor(r() * 60)), status,
        assignedOn: status === 'open' ? null : clampToday(addDays(foundOn, 3), now),
        remediatingOn: ['remediating', 'remediated', 'verified'].includes(status) ? clampToday(addDays(foundOn, 7), now) : null,
        remediatedOn, verifiedOn: status === 'verified' ? clampToday(addDays(remediatedOn!, 10), now) : null, notes: DEMO_NOTE, demo: true,
      });
    }
    await audit(tx, { actor: { name: 'demo-seed', role: 'admin' }, entity: 'demo', entityId: 'field', action: 'import', after: { stations: n, note: DEMO_NOTE } });
    return true;
  });
}
