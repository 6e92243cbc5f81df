import { buildDashboard, type DashboardSpec, type JsonObject } from './builder';
import { overview } from './definitions/overview';
import { device } from './definitions/device';
import { dualstack } from './definitions/dualstack';
import { field } from './definitions/field';
import { drill } from './definitions/drill';

/** Every dashboard with the file it is generated into (dashboards/json/). */
export const dashboards: { file: string; spec: DashboardSpec }[] = [
  { file: 'network-overview.json', spec: overview },
  { file: 'device-detail.json', spec: device },
  { file: 'dualstack-readiness.json', spec: dualstack },
  { file: 'field-buildout.json', spec: field },
  { file: 'drill-board.json', spec: drill },
];

/** The exact text of a generated file: what `npm run dashboards` writes and the sync test compares. */
export function renderDashboard(spec: DashboardSpec): string {
  return JSON.stringify(buildDashboard(spec), null, 2) + '\n';
}

export type { JsonObject };
