import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** The folder a file belongs to: `src/<dir>` (or `src/<file>` for a top-level module), `collectors`, `db`. */
function folderOf(file: string): string {
  const parts = path.relative(root, file).split(path.sep);
  return parts[0] === 'src' ? `src/${parts[1].replace(/\.tsx?$/, '')}` : parts[0];
}

/** Folder → folders it imports, from every relative import (type-only ones too) as TypeScript reads them. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
        for (const imp of ts.preProcessFile(fs.readFileSync(p, 'utf8'), true, true).importedFiles) {
          if (!imp.fileName.startsWith('.')) continue;
          const from = folderOf(p);
          const to = folderOf(path.resolve(path.dirname(p), imp.fileName));
          if (from === to) continue;
          if (!graph.has(from)) graph.set(from, new Set());
          graph.get(from)!.add(to);
        }
    }
  };
  for (const d of ['src', 'collectors', 'db']) visit(path.join(root, d));
  return graph;
}

/** Every cycle between folders, each as the path that closes it. */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const walk = (node: string, trail: string[]) => {
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...trail.slice(trail.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) walk(next, [...trail, next]);
    }
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) walk(node, [node]);
  return found;
}

describe('import rules', () => {
  const graph = folderGraph();

  it('no folder imports, directly or through others, a folder that imports it', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('src/http (error mapping, body limits, access, CSV responses) knows no feature', () => {
    const features = ['src/field', 'src/drills', 'src/incidents', 'src/readiness', 'src/traps', 'src/inventory', 'src/web', 'src/metrics', 'src/app', 'src/yunet'];
    expect([...(graph.get('src/http') ?? [])].filter((f) => features.includes(f))).toEqual([]);
  });

  it('domain code knows nothing of HTTP: only routes, API and page files import hono or src/http', () => {
    const domain = ['field', 'drills', 'incidents', 'readiness', 'traps', 'inventory', 'poll'].map((d) => path.join(root, 'src', d));
    const offenders: string[] = [];
    let checked = 0;
    const visit = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) visit(p);
        else if (/\.tsx?$/.test(e.name) && !/routes|page|\/api\//.test(path.relative(root, p)) && ++checked)
          for (const imp of ts.preProcessFile(fs.readFileSync(p, 'utf8'), true, true).importedFiles) {
            const http = imp.fileName.startsWith('.') && folderOf(path.resolve(path.dirname(p), imp.fileName)) === 'src/http';
            if (http || /^(hono|@hono\/)/.test(imp.fileName)) offenders.push(`${path.relative(root, p)} imports ${imp.fileName}`);
          }
      }
    };
    for (const d of domain) visit(d);
    expect(checked).toBeGreaterThan(40);
    expect(offenders).toEqual([]);
  });

  it('features run on both databases: only db/sqlite.ts knows better-sqlite3, and no SQLite-only builder call', () => {
    const offenders: string[] = [];
    let checked = 0;
    const visit = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        const rel = path.relative(root, p);
        if (e.isDirectory()) visit(p);
        else if (/\.tsx?$/.test(e.name) && rel !== path.join('db', 'sqlite.ts') && ++checked) {
          const text = fs.readFileSync(p, 'utf8');
          if (/from 'better-sqlite3'/.test(text)) offenders.push(`${rel} imports better-sqlite3`);
          // Drizzle's .all() / .get() / .run() exist on SQLite only (an awaited builder works on both); Map.get has an argument.
          for (const m of text.matchAll(/\.(all|get|run)\(\)/g)) offenders.push(`${rel} calls .${m[1]}()`);
        }
      }
    };
    for (const d of ['src', 'collectors', 'db']) visit(path.join(root, d));
    expect(checked).toBeGreaterThan(150);
    expect(offenders).toEqual([]);
  });

  it('the checker sees a cycle when there is one', () => {
    expect(cycles(new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])]]))).toEqual(['a → b → c → a']);
  });
});
