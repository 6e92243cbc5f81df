import type { IncidentRow } from '../../db/schema/drills';

const seconds = (a: Date | null, b: Date | null) => (a && b ? Math.round((b.getTime() - a.getTime()) / 1000) : null);

/** An incident as the API and reports show it, with its latencies in seconds. */
export function incidentView(i: IncidentRow) {
  return {
    id: i.id,
    alertname: i.alertname,
    severity: i.severity,
    status: i.status,
    device: i.device,
    unit: i.unit,
    summary: i.summary,
    starts_at: i.startsAt.toISOString(),
    ends_at: i.endsAt?.toISOString() ?? null,
    received_at: i.receivedAt.toISOString(),
    drill_id: i.drillId,
    attack_started_at: i.attackStartedAt?.toISOString() ?? null,
    attack_note: i.attackNote,
    /** Reported attack start → alert firing. */
    time_to_detect_seconds: seconds(i.attackStartedAt, i.startsAt),
    /** Reported attack start → alert resolved. */
    time_to_resolve_seconds: seconds(i.attackStartedAt, i.endsAt),
    /** Alert firing → yunet notified (Alertmanager grouping and delivery). */
    notify_delay_seconds: seconds(i.startsAt, i.receivedAt),
    duration_seconds: seconds(i.startsAt, i.endsAt),
    labels: i.labels,
    annotations: i.annotations,
    fingerprint: i.fingerprint,
  };
}
export type IncidentView = ReturnType<typeof incidentView>;
