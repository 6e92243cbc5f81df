import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { freeTcpPort } from '../test/lab/ports';
import { foregroundDaemon } from '../test/lab/daemon';
import { waitFor } from '../test/lab/sh';
import { pool, processCpuSeconds, processPeakRssMb } from './measure';

export interface ExporterRound {
  scrapes: number;
  failed: number;
  wallSeconds: number;
  cpuSeconds: number;
  /** Varbinds the exporter received (its snmp_scrape_pdus_returned, which counts varbinds), summed over scrapes. */
  varbinds: number;
  /** Interface series (ifHCInOctets samples) in the scraped bodies, summed. */
  ifHCInOctets: number;
  peakRssMb: number;
}

/**
 * Debian's prometheus-snmp-exporter, the reference peer: scrapes `targets` (host:port) with `module`
 * of `configFile`, `parallel` at a time, and reads its CPU from /proc between rounds.
 */
export async function startSnmpExporter(configFile: string, module = 'if_mib') {
  const port = await freeTcpPort();
  const d = foregroundDaemon('snmp-exporter', 'prometheus-snmp-exporter', [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn']);
  const base = `http://127.0.0.1:${port}`;
  await waitFor('snmp_exporter to listen', async () => {
    if (d.child.exitCode !== null) throw new Error(`snmp_exporter exited: ${d.output()}`);
    return (await fetch(`${base}/`).catch(() => null))?.ok ?? false;
  }, 20_000, 100);

  const round = async (targets: string[], parallel: number): Promise<ExporterRound> => {
    const cpu0 = processCpuSeconds(d.pid);
    const t0 = performance.now();
    let failed = 0;
    let varbinds = 0;
    let ifHCInOctets = 0;
    await pool(targets, parallel, async (target) => {
      const res = await fetch(`${base}/snmp?module=${module}&target=${encodeURIComponent(target)}`);
      const body = await res.text();
      if (!res.ok || !body.includes('ifHCInOctets{')) {
        failed++;
        return;
      }
      const pdus = /^snmp_scrape_pdus_returned (\S+)$/m.exec(body);
      varbinds += pdus ? Number(pdus[1]) : 0;
      ifHCInOctets += body.match(/^ifHCInOctets\{/gm)?.length ?? 0;
    });
    return {
      scrapes: targets.length,
      failed,
      wallSeconds: (performance.now() - t0) / 1000,
      cpuSeconds: processCpuSeconds(d.pid) - cpu0,
      varbinds,
      ifHCInOctets,
      peakRssMb: processPeakRssMb(d.pid),
    };
  };
  const stop = async () => {
    await d.stop();
    rmSync(dirname(d.logFile), { recursive: true, force: true });
  };
  return { pid: d.pid, round, stop, output: d.output };
}
