import type { Config, Credential } from '../config/schema';

/**
 * Demo organisation units: the district bureau and three town (镇街) offices of Panyu, each with its own
 * slice of the documentation ranges (198.18.0.0/15, 2001:db8::/32).
 */
export const demoUnits: Config['units'] = [
  { name: '区政务服务数据管理局', town: '市桥街', ipv4: ['198.18.0.0/20'], ipv6: ['2001:db8:1000::/48'] },
  { name: '石碁镇人民政府', town: '石碁镇', ipv4: ['198.18.16.0/20'], ipv6: ['2001:db8:1010::/48'] },
  { name: '南村镇人民政府', town: '南村镇', ipv4: ['198.18.32.0/20'], ipv6: ['2001:db8:1020::/48'] },
  { name: '大龙街道办事处', town: '大龙街', ipv4: ['198.18.48.0/20'], ipv6: ['2001:db8:1030::/48'] },
];

/** The district's SRv6 locator block; the core router's locator is carved from it. */
export const demoSrv6Block = '2001:db8:ff00::/40';

/** Credentials the demo agents accept; loopback only, so fixed values are fine and easy to try by hand. */
export const demoCredentials: Record<'v2c' | 'v3', { name: string; credential: Credential }> = {
  v2c: { name: 'demo-v2c', credential: { version: '2c', community: 'yunet-demo' } },
  v3: {
    name: 'demo-v3',
    credential: { version: '3', username: 'yunet-demo', auth: { protocol: 'sha256', key: 'yunet-demo-auth' }, priv: { protocol: 'aes', key: 'yunet-demo-priv' } },
  },
};
