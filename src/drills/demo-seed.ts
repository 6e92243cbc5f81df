import { eq } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { drillAnnotations, drills, incidents } from '../../db/schema/drills';

export const DEMO_DRILL = '粤盾-演示 demo drill';

/** Beijing wall-clock time `days` ago at hh:mm. */
function beijingDaysAgo(days: number, hh: number, mm: number): Date {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return new Date(Date.parse(`${today}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`) - days * 86_400_000);
}

/**
 * Demo mode: a finished drill three days ago with a few incidents (two with the attack start the red team
 * reported, so time to detect shows) and the security team's notes, so the drill pages have something real.
 * Written once; a database that has it keeps it.
 */
export async function seedDrillDemo(db: Db): Promise<boolean> {
  const at = (hh: number, mm: number) => beijingDaysAgo(3, hh, mm);
  // Checked inside the transaction: two nodes starting together write it once.
  return db.transaction(async (tx) => {
    if ((await tx.select({ id: drills.id }).from(drills).where(eq(drills.name, DEMO_DRILL)).limit(1)).length) return false;
    const [drill] = await tx
      .insert(drills)
      .values({ name: DEMO_DRILL, startsAt: at(9, 0), endsAt: at(17, 0), scopeUnits: null, notes: '演示数据 demo data', createdBy: 'demo-seed' })
      .returning({ id: drills.id });
    const incident = (n: number, alertname: string, device: string, unit: string, category: string, summary: string, fired: Date, resolved: Date | null, attack: Date | null) => ({
      fingerprint: `demo${String(n).padStart(12, '0')}`,
      startsAt: fired,
      endsAt: resolved,
      status: resolved ? ('resolved' as const) : ('firing' as const),
      alertname,
      severity: 'critical',
      device,
      unit,
      summary,
      labels: { alertname, device, unit, category, severity: 'critical', demo: 'true' },
      annotations: { summary },
      drillId: drill.id,
      receivedAt: new Date(fired.getTime() + 4000),
      resolvedReceivedAt: resolved ? new Date(resolved.getTime() + 4000) : null,
      attackStartedAt: attack,
      attackNote: attack ? '红队报告 reported by the red team' : null,
      annotatedBy: attack ? 'demo-seed' : null,
    });
    await tx
      .insert(incidents)
      .values([
        incident(1, 'YunetSnmpAuthFailuresDuringDrill', 'py-core-ne40e', '区政务服务数据管理局', 'auth', 'SNMP 凭据猜测 credential guessing against py-core-ne40e', at(10, 7), at(10, 41), at(10, 2)),
        incident(2, 'YunetConfigurationChangedDuringDrill', 'py-core-c9500', '区政务服务数据管理局', 'config', '演练期间配置变更 configuration changed during the drill', at(13, 16), at(13, 31), at(13, 9)),
        incident(3, 'YunetDeviceUnreachableDuringDrill', 'py-log-01', '区政务服务数据管理局', 'availability', '设备不可达 device unreachable', at(15, 40), at(15, 52), null),
      ]);
    await tx
      .insert(drillAnnotations)
      .values([
        { drillId: drill.id, time: at(10, 3), author: 'demo-seed', text: '红队开始扫描核心网段 red team scanning the core segment' },
        { drillId: drill.id, time: at(13, 20), author: 'demo-seed', text: '确认 c9500 配置变更为攻击所致，已回滚 c9500 change confirmed hostile, rolled back' },
      ]);
    return true;
  });
}
