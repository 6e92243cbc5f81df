import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load';
import { nodeName } from '../../src/cluster/node';
import { configProblems } from '../support/config';


describe('cluster settings', () => {
  it('refuse names past 64 characters or outside A-Z a-z 0-9 . _ -, and a heartbeat slower than half the timeout', () => {
    const long = 'n'.repeat(65);
    expect(configProblems(`cluster: { node: ${long} }`)).toEqual(['cluster.node: letters, digits, ".", "_" or "-", at most 64']);
    expect(configProblems('cluster: { groups: [core, "机房"] }')).toEqual(['cluster.groups[1]: letters, digits, ".", "_" or "-", at most 64']);
    expect(configProblems('cluster: { groups: [] }')[0]).toMatch(/^cluster\.groups:/);
    expect(configProblems('cluster: { node_timeout_s: 10, heartbeat_s: 6 }')).toEqual(['cluster.heartbeat_s: heartbeat_s must be at most half of node_timeout_s']);
    expect(configProblems('devices: [{ name: a, address: 198.18.0.1, credential: c, poller_group: "dmz zone" }]')).toContain('devices[0].poller_group: letters, digits, ".", "_" or "-", at most 64');
  });

  it('take the node name from the file, then $YUNET_NODE (checked the same way), then the host name', () => {
    expect(nodeName(parseConfig('cluster: { node: a-1 }', 'x'), { YUNET_NODE: 'b-2' })).toBe('a-1');
    expect(nodeName(parseConfig('{}', 'x'), { YUNET_NODE: 'b-2' })).toBe('b-2');
    expect(() => nodeName(parseConfig('{}', 'x'), { YUNET_NODE: 'n'.repeat(65) })).toThrow(/\$YUNET_NODE: invalid configuration\n {2}"n+": letters, digits/);
    expect(nodeName(parseConfig('{}', 'x'), {})).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
  });

  it('take PostgreSQL from database.url or $YUNET_DATABASE_URL (which wins), refusing anything else without echoing it', () => {
    expect(parseConfig('database: { url: "postgres://y:pw@db.example:5432/yunet" }', 'x').database.url).toBe('postgres://y:pw@db.example:5432/yunet');
    expect(configProblems('database: { url: "mysql://y:pw@db/yunet" }')).toEqual(['database.url: must be a postgres:// URL']);
    const env = { YUNET_DATABASE_URL: 'postgresql://y:pw@db2/yunet' };
    expect(loadConfig({ env, cwd: '/nonexistent' }).config.database.url).toBe('postgresql://y:pw@db2/yunet');
    // Unchecked, a typo would have been taken for the name of a SQLite file and run on an empty database.
    const e = (() => {
      try {
        return loadConfig({ env: { YUNET_DATABASE_URL: 'postgress://y:s3cret@db/yunet' }, cwd: '/nonexistent' });
      } catch (x) {
        return x;
      }
    })() as ConfigError;
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe('YUNET_DATABASE_URL: invalid configuration\n  must be a postgres:// URL');
    expect(e.message).not.toContain('s3cret');
  });
});
