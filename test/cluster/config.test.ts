import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load';
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
});
