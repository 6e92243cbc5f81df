import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const FILE = join(import.meta.dirname, 'RESULTS.md');

/** Replaces the section under `# heading` in RESULTS.md (or appends it), keeping the other benchmarks' sections. */
export function writeSection(heading: string, body: string): void {
  const section = `# ${heading}\n\n${body.trim()}\n`;
  const old = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '';
  const start = old.indexOf(`# ${heading}\n`);
  if (start === -1) {
    writeFileSync(FILE, `${old.trimEnd()}\n\n${section}`.trimStart());
    return;
  }
  const next = old.slice(start + 1).search(/^# /m);
  const end = next === -1 ? old.length : start + 1 + next;
  writeFileSync(FILE, old.slice(0, start) + section + (end < old.length ? '\n' + old.slice(end) : ''));
}

/** The machine, date and commit a result was measured on. */
export function machine(): string {
  const model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    /* not a checkout */
  }
  return `${cpus().length} CPUs (nproc), ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, commit ${commit}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
