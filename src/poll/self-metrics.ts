import type { MetricDef } from '../../collectors/types';

/** Per-device families yunet computes about each poll; rendered with the device's SNMP series. */
export const deviceSelfMetrics: MetricDef[] = [
  { name: 'yunet_device_up', help: '1 if the last poll of the device got an answer to the system group, else 0.', type: 'gauge' },
  { name: 'yunet_device_poll_duration_seconds', help: 'Wall time of the last poll of the device, per collector.', type: 'gauge' },
  { name: 'yunet_device_last_poll_timestamp_seconds', help: 'Unix time at which the last poll of the device ended.', type: 'gauge' },
  { name: 'yunet_device_varbinds', help: 'Varbinds received in the last poll of the device.', type: 'gauge' },
  { name: 'yunet_device_consecutive_failures', help: 'Polls in a row that failed; above the backoff threshold the device is polled less often.', type: 'gauge' },
  { name: 'yunet_snmp_errors_total', help: 'SNMP errors per device by kind (timeout, auth, dns, too_big, walk_loop, protocol, agent, too_large, config).', type: 'counter' },
  { name: 'yunet_device_truncated', help: '1 if the last poll of the device rendered more than polling.max_device_series_bytes and families were dropped, else 0.', type: 'gauge' },
  { name: 'yunet_device_label_values_truncated', help: 'Label values from the device cut to polling.max_label_bytes in the last poll.', type: 'gauge' },
  { name: 'yunet_device_max_repetitions', help: 'GETBULK max-repetitions currently used for the device after any step-down.', type: 'gauge' },
];
