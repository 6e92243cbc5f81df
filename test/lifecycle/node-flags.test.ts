import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../src/node-flags';

const repo = path.resolve(import.meta.dirname, '../..');
const command = `node ${NODE_FLAGS.join(' ')} dist/yunet.mjs`;

// The flags cannot be set once node runs, so every way of starting yunet must pass them; tests and benchmarks take
// them from NODE_FLAGS, the two places users read them from are held to it here.
describe('how node runs yunet', () => {
  it('npm start and npm run yunet pass every flag', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toContain(command);
    expect(scripts.yunet).toContain(command);
  });

  it("the README's systemd unit passes every flag", () => {
    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
    const execStart = readme.split('\n').filter((l) => l.startsWith('ExecStart='));
    expect(execStart.length).toBeGreaterThan(0);
    for (const line of execStart) expect(line).toContain(`/usr/bin/${command}`);
  });
});
