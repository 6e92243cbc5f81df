import type { AnnotationQuery, Dashboard, DataSourceRef, DataTransformerConfig, FieldConfigSource, Panel, VariableModel } from '@grafana/schema';

/**
 * A small Grafana dashboard builder: every panel and target gets the datasource variable, a unit and a
 * description by construction, panels are laid out left to right, and uids and schemaVersion are fixed.
 */

/** Grafana 10.4 / 11.x dashboard schema; pinned so provisioning never migrates the files. */
export const SCHEMA_VERSION = 39;

/** File provisioning does not resolve `${DS_PROMETHEUS}`: panels use this template variable instead. */
export const DATASOURCE: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Target {
  expr: string;
  legend?: string;
  /** Table and stat panels ask for the latest value only. */
  instant?: boolean;
  format?: 'time_series' | 'table';
}

export type PanelType = 'timeseries' | 'stat' | 'table' | 'bargauge' | 'state-timeline' | 'piechart' | 'gauge';

export interface PanelSpec {
  type: PanelType;
  title: string;
  description: string;
  /** A Grafana unit id: bps, percentunit, s, pps, short, none, d … */
  unit: string;
  targets: Target[];
  /** Width in grid columns (of 24) and height in rows; default 12 × 8. */
  w?: number;
  h?: number;
  min?: number;
  max?: number;
  decimals?: number;
  /** Threshold steps after the base colour, e.g. [[0.8, 'orange'], [0.95, 'red']]. */
  thresholds?: [number, string][];
  baseColor?: string;
  /** Value → text mappings (interface states, levels). */
  mappings?: Record<string, { text: string; color?: string }>;
  /** Data links on every field, e.g. to the device detail dashboard. */
  links?: { title: string; url: string }[];
  transformations?: DataTransformerConfig[];
  options?: JsonObject;
  custom?: JsonObject;
  overrides?: FieldConfigSource['overrides'];
}

export interface QueryVariable {
  name: string;
  label: string;
  /** A Grafana Prometheus variable query: label_values(selector, label) or query_result(expr). */
  query: string;
  multi?: boolean;
  includeAll?: boolean;
  description: string;
}

export interface DashboardLink {
  title: string;
  url: string;
  tooltip: string;
}

export interface AnnotationSpec {
  name: string;
  expr: string;
  title: string;
  iconColor: string;
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  variables: QueryVariable[];
  panels: PanelSpec[];
  links: DashboardLink[];
  annotations?: AnnotationSpec[];
  time?: string;
}

const GRID_WIDTH = 24;

function datasourceVariable(): VariableModel {
  return {
    name: 'datasource',
    label: '数据源 Data source',
    description: 'The Prometheus that scrapes yunet.',
    type: 'datasource',
    query: 'prometheus',
    regex: '',
    options: [],
    hide: 0,
    refresh: 1,
    includeAll: false,
    multi: false,
    skipUrlSync: false,
  };
}

/** Grafana's schema types the common fields; `definition` is what the Prometheus variable editor shows. */
function queryVariable(v: QueryVariable): VariableModel & { definition: string } {
  return {
    name: v.name,
    label: v.label,
    description: v.description,
    type: 'query',
    datasource: { ...DATASOURCE },
    definition: v.query,
    query: { query: v.query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
    regex: '',
    refresh: 2,
    sort: 1,
    multi: v.multi ?? false,
    includeAll: v.includeAll ?? false,
    // With "All", the selector becomes =~".*", which also matches series without the label.
    ...(v.includeAll ? { allValue: '.*', current: { selected: true, text: ['All'], value: ['$__all'] } } : {}),
    options: [],
    hide: 0,
    skipUrlSync: false,
  };
}

function target(t: Target, i: number): JsonObject {
  return {
    datasource: { ...DATASOURCE },
    refId: String.fromCharCode(65 + i),
    expr: t.expr,
    legendFormat: t.legend ?? '__auto',
    range: !t.instant,
    instant: !!t.instant,
    format: t.format ?? (t.instant ? 'table' : 'time_series'),
    editorMode: 'code',
  };
}

function fieldConfig(p: PanelSpec): FieldConfigSource {
  const steps: Json[] = [{ color: p.baseColor ?? 'green', value: null }, ...(p.thresholds ?? []).map(([value, color]) => ({ color, value }))];
  const mappings: Json[] = p.mappings
    ? [{ type: 'value', options: Object.fromEntries(Object.entries(p.mappings).map(([k, m], index) => [k, { ...m, index }])) }]
    : [];
  const defaults: JsonObject = {
    unit: p.unit,
    color: { mode: p.type === 'timeseries' || p.type === 'piechart' ? 'palette-classic' : 'thresholds' },
    thresholds: { mode: 'absolute', steps },
    mappings,
    links: (p.links ?? []).map((l) => ({ title: l.title, url: l.url })),
    custom: p.custom ?? {},
  };
  if (p.min !== undefined) defaults.min = p.min;
  if (p.max !== undefined) defaults.max = p.max;
  if (p.decimals !== undefined) defaults.decimals = p.decimals;
  return { defaults, overrides: p.overrides ?? [] };
}

const defaultOptions: Record<PanelType, JsonObject> = {
  timeseries: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
  stat: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'area', textMode: 'auto', justifyMode: 'auto', orientation: 'auto' },
  table: { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], fields: '' } },
  bargauge: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, displayMode: 'gradient', orientation: 'horizontal', showUnfilled: true, valueMode: 'color' },
  'state-timeline': { mergeValues: true, showValue: 'auto', alignValue: 'left', rowHeight: 0.9, legend: { displayMode: 'list', placement: 'bottom', showLegend: true } },
  piechart: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, pieType: 'donut', legend: { displayMode: 'table', placement: 'right', showLegend: true, values: ['value'] } },
  gauge: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, showThresholdLabels: false, showThresholdMarkers: true },
};

/** Places panels left to right, wrapping at the grid width; each row is as tall as its tallest panel. */
function layout(panels: PanelSpec[]): { x: number; y: number; w: number; h: number }[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return panels.map((p) => {
    const w = p.w ?? 12;
    const h = p.h ?? 8;
    if (x + w > GRID_WIDTH) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const pos = { x, y, w, h };
    x += w;
    rowHeight = Math.max(rowHeight, h);
    return pos;
  });
}

function panel(p: PanelSpec, id: number, gridPos: { x: number; y: number; w: number; h: number }): Panel {
  return {
    id,
    type: p.type,
    title: p.title,
    description: p.description,
    datasource: { ...DATASOURCE },
    gridPos,
    fieldConfig: fieldConfig(p),
    options: { ...defaultOptions[p.type], ...(p.options ?? {}) },
    targets: p.targets.map(target),
    transformations: p.transformations ?? [],
  };
}

/** The Prometheus data source reads expr, step and titleFormat from the annotation itself (beside the schema's fields). */
function annotation(a: AnnotationSpec): AnnotationQuery & { expr: string; step: string; titleFormat: string; useValueForTime: boolean } {
  return {
    name: a.name,
    datasource: { ...DATASOURCE },
    enable: true,
    hide: false,
    iconColor: a.iconColor,
    expr: a.expr,
    step: '60s',
    titleFormat: a.title,
    useValueForTime: false,
  };
}

export function buildDashboard(d: DashboardSpec): Dashboard {
  const positions = layout(d.panels);
  return {
    uid: d.uid,
    title: d.title,
    description: d.description,
    tags: d.tags,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    editable: true,
    graphTooltip: 1,
    fiscalYearStartMonth: 0,
    liveNow: false,
    // The bureau reads times in Beijing time, whatever the browser says.
    timezone: 'Asia/Shanghai',
    weekStart: '',
    refresh: '1m',
    time: { from: d.time ?? 'now-6h', to: 'now' },
    timepicker: {},
    links: d.links.map((l) => ({ title: l.title, tooltip: l.tooltip, type: 'link', url: l.url, icon: 'dashboard', asDropdown: false, includeVars: false, keepTime: true, targetBlank: false, tags: [] })),
    annotations: {
      list: [
        {
          builtIn: 1,
          name: 'Annotations & Alerts',
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          type: 'dashboard',
        },
        ...(d.annotations ?? []).map(annotation),
      ],
    },
    templating: { list: [datasourceVariable(), ...d.variables.map(queryVariable)] },
    panels: d.panels.map((p, i) => panel(p, i + 1, positions[i])),
  };
}
