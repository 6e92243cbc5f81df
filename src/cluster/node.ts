import { hostname } from 'node:os';
import type { Config } from '../config/schema';
import { ConfigError } from '../config/load';

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** This node's name: cluster.node, else $YUNET_NODE, else the host name. */
export function nodeName(config: Config, env: NodeJS.ProcessEnv): string {
  if (config.cluster.node) return config.cluster.node;
  const fromEnv = env.YUNET_NODE;
  if (fromEnv !== undefined) {
    if (!NAME.test(fromEnv)) throw new ConfigError('$YUNET_NODE', [`"${fromEnv}": letters, digits, ".", "_" or "-", at most 64`]);
    return fromEnv;
  }
  const host = hostname();
  return NAME.test(host) ? host : host.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'yunet';
}

/** Where others reach this node: cluster.advertise_url, else http://<http.host, or the host name>:<port>. */
export function advertiseUrl(config: Config, port: number): string {
  if (config.cluster.advertise_url) return config.cluster.advertise_url.replace(/\/+$/, '');
  const h = config.http.host;
  const host = h === '0.0.0.0' || h === '::' || h === '' ? hostname() : h.includes(':') ? `[${h}]` : h;
  return `http://${host}:${port}`;
}
