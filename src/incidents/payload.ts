import { z } from 'zod';

const time = z.iso.datetime({ offset: true, message: 'expected an RFC 3339 time' });
const labelSet = z.record(z.string(), z.string());

/** One alert of an Alertmanager webhook notification. */
export const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet.refine((l) => typeof l.alertname === 'string' && l.alertname.length > 0, 'labels.alertname is required'),
  annotations: labelSet.default({}),
  startsAt: time,
  endsAt: time,
  generatorURL: z.string().default(''),
  fingerprint: z.string().min(1),
});

/** Alertmanager webhook payload, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export const webhookSchema = z.object({
  version: z.literal('4', { message: 'only Alertmanager webhook version "4" is understood' }),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labelSet,
  commonLabels: labelSet,
  commonAnnotations: labelSet,
  externalURL: z.string(),
  alerts: z.array(alertSchema).min(1, 'a notification carries at least one alert'),
});

export type WebhookPayload = z.infer<typeof webhookSchema>;
export type WebhookAlert = z.infer<typeof alertSchema>;

/** Alertmanager writes 0001-01-01T00:00:00Z for "no end yet". */
export function endOf(a: WebhookAlert): Date | null {
  const t = new Date(a.endsAt);
  return t.getUTCFullYear() <= 1 ? null : t;
}
