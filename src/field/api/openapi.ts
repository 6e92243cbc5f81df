import { Hono } from 'hono';
import { z } from 'zod';
import { deviceSchema } from '../../config/schema';
import { kinds } from '../records/kinds';
import { createSchemas, inspectionSchema, patchSchemas, targetSchema, townSchema, transitionSchema, villageSchema } from './schemas';
import { pathOf } from './records';

/**
 * OpenAPI 3.1 document of the API. Request bodies are generated from the same zod schemas the
 * routes validate with, so the document cannot drift from what the server accepts.
 */
const json = (s: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

type Op = { summary: string; role: 'viewer' | 'coordinator' | 'admin'; body?: z.ZodType; query?: string[]; binary?: boolean; ok?: number };

function operation(op: Op, pathParams: string[]) {
  return {
    summary: op.summary,
    description: `Needs the ${op.role} role (Authorization: Bearer <token>).`,
    security: [{ bearer: [] }],
    parameters: [
      ...pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...(op.query ?? []).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
    ],
    ...(op.body && { requestBody: { required: true, content: { 'application/json': { schema: json(op.body) } } } }),
    ...(op.binary && {
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } },
          'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
        },
      },
    }),
    responses: {
      [String(op.ok ?? 200)]: { description: 'success' },
      '400': { $ref: '#/components/responses/Error' },
      '401': { $ref: '#/components/responses/Error' },
      '403': { $ref: '#/components/responses/Error' },
      '404': { $ref: '#/components/responses/Error' },
      '422': { $ref: '#/components/responses/Error' },
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (path: string, method: string, op: Op) => {
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    (paths[path] ??= {})[method] = operation(op, params);
  };
  add('/api/devices', 'get', { summary: 'List polled devices with their latest poll state', role: 'viewer' });
  add('/api/devices', 'post', { summary: 'Add a device', role: 'admin', body: deviceSchema.strict(), ok: 201 });
  add('/api/devices/{name}', 'get', { summary: 'One device', role: 'viewer' });
  add('/api/devices/{name}', 'patch', { summary: 'Change a device', role: 'admin', body: deviceSchema.partial().strict() });
  add('/api/devices/{name}', 'delete', { summary: 'Remove a device', role: 'admin', ok: 204 });
  add('/api/credentials', 'get', { summary: 'Credential names and versions (never secrets)', role: 'viewer' });

  for (const k of Object.values(kinds)) {
    const base = `/api${pathOf(k)}`;
    const one = `${base}/{${k.idKey}}`;
    const filters = [...k.fields.filter((f) => !['text', 'date', 'real'].includes(f.type) || f.key === 'owner').map((f) => f.key), 'q', 'page', 'per_page'];
    if (k.name === 'stations') filters.push('built_year');
    if (k.name === 'hazards') filters.push('overdue');
    add(base, 'get', { summary: `List ${k.entity.replace('_', ' ')}s (filters: comma-separated values; page, per_page ≤ 1000)`, role: 'viewer', query: filters });
    add(base, 'post', { summary: `Create a ${k.entity.replace('_', ' ')}`, role: 'coordinator', body: createSchemas[k.name], ok: 201 });
    add(one, 'get', { summary: `One ${k.entity.replace('_', ' ')}`, role: 'viewer' });
    add(one, 'patch', { summary: `Change fields; a status change moves forward (back needs admin and reason)`, role: 'coordinator', body: patchSchemas[k.name] });
    add(one, 'delete', { summary: 'Delete (audited)', role: 'admin', query: ['reason'], ok: 204 });
    add(`${one}/status`, 'post', { summary: `Move to a status (${[...k.machine.flow, k.machine.side].filter(Boolean).join(' → ')}); sets the date of the status`, role: 'coordinator', body: transitionSchema });
    add(`/api/import/${pathOf(k).slice(1)}`, 'post', { summary: `Import ${k.name} from CSV (UTF-8 or GB18030) or XLSX, all or nothing; dry_run=true previews`, role: 'coordinator', query: ['dry_run'], binary: true });
    add(`/api/export/${pathOf(k).slice(1)}`, 'get', { summary: `Export ${k.name} as CSV or XLSX (lang=zh|en headers)`, role: 'viewer', query: ['format', 'lang'] });
  }
  add('/api/towns', 'get', { summary: 'Towns and streets (镇街) with village counts', role: 'viewer' });
  add('/api/towns', 'post', { summary: 'Add a town', role: 'admin', body: townSchema, ok: 201 });
  add('/api/towns/{name}', 'patch', { summary: 'Rename or reorder a town', role: 'coordinator', body: townSchema.partial() });
  add('/api/towns/{name}/villages', 'get', { summary: 'Villages (村居) of a town', role: 'viewer' });
  add('/api/towns/{name}/villages', 'post', { summary: 'Add a village', role: 'coordinator', body: villageSchema, ok: 201 });
  add('/api/targets', 'get', { summary: 'Yearly 5G build targets per town (and operator)', role: 'viewer', query: ['year'] });
  add('/api/targets', 'put', { summary: 'Set a yearly target', role: 'coordinator', body: targetSchema });
  add('/api/inspections', 'get', { summary: 'Routine three-line inspections with hazards found', role: 'viewer' });
  add('/api/inspections', 'post', { summary: 'Record an inspection', role: 'coordinator', body: inspectionSchema, ok: 201 });
  add('/api/progress/stations', 'get', { summary: '5G progress per town for a year: target, built, ratio, rank; district total (全区)', role: 'viewer', query: ['year', 'operator'] });
  add('/api/progress/blind-spots', 'get', { summary: 'Blind spots by status, category and age', role: 'viewer' });
  add('/api/progress/hazards', 'get', { summary: 'Hazards open and overdue by town and owner; remediated per year', role: 'viewer' });
  add('/api/audit', 'get', { summary: 'Audit log: who changed which record when, before and after', role: 'viewer', query: ['entity', 'entity_id', 'limit'] });

  return {
    openapi: '3.1.0',
    info: { title: 'yunet API', version: '0.1.0', description: 'Inventory of polled devices and the field build-out (5G stations, blind spots, three-line hazards).' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      responses: {
        Error: {
          description: 'A message a person can act on, naming the field or row',
          content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'string' }, details: { type: 'array', items: { type: 'string' } } }, required: ['error'] } } },
        },
      },
    },
    paths,
  };
}

export function openApiRoutes(): Hono {
  const app = new Hono();
  const doc = openApiDocument();
  app.get('/openapi.json', (c) => c.json(doc));
  return app;
}
