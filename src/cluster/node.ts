import { hostname } from 'node:os';
import { clusterName, type Config } from '../config/schema';
import { ConfigError } from '../config/load';

/** This node's name: cluster.node, else $YUNET_NODE, else the host name. */
export function nodeName(config: Config, env: NodeJS.ProcessEnv): string {
  if (config.cluster.node) return config.cluster.node;
  const fromEnv = env.YUNET_NODE;
  if (fromEnv !== undefined) {
    const checked = clusterName.safeParse(fromEnv);
    if (!checked.success) throw new ConfigError('$YUNET_NODE', [`"${fromEnv}": ${checked.error.issues[0].message}`]);
    return fromEnv;
  }
  const host = hostname();
  return clusterName.safeParse(host).success ? host : host.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'yunet';
}

/** Where others reach this node: cluster.advertise_url, else http://<http.host, or the host name>:<port>. */
export function advertiseUrl(config: Config, port: number): string {
  if (config.cluster.advertise_url) return config.cluster.advertise_url.replace(/\/+$/, '');
  const h = config.http.host;
  const host = h === '0.0.0.0' || h === '::' || h === '' ? hostname() : h.includes(':') ? `[${h}]` : h;
  return `http://${host}:${port}`;
}
