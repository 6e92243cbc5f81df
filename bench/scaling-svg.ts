/** One measured fleet size for the scaling plot. */
export interface ScalePoint {
  devices: number;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  metricsSeconds: number;
}

const panels: { key: keyof ScalePoint; title: string; unit: string }[] = [
  { key: 'wallSeconds', title: 'warm cycle wall (median)', unit: 's' },
  { key: 'cpuSeconds', title: 'CPU per warm cycle, /proc (median)', unit: 's' },
  { key: 'peakRssMb', title: 'peak RSS, VmHWM', unit: 'MB' },
  { key: 'metricsSeconds', title: 'whole-fleet /metrics, curl (median)', unit: 's' },
];

/** A 2×2 SVG of the scaling curve: one polyline per figure against the number of devices. */
export function scalingSvg(points: ScalePoint[], caption: string): string {
  const W = 300;
  const H = 190;
  const pad = { l: 48, r: 12, t: 24, b: 34 };
  const maxX = Math.max(...points.map((p) => p.devices));
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const parts = panels.map((panel, i) => {
    const ox = (i % 2) * W;
    const oy = Math.floor(i / 2) * H;
    const maxY = Math.max(...points.map((p) => p[panel.key])) * 1.1 || 1;
    const x = (v: number) => ox + pad.l + (v / maxX) * (W - pad.l - pad.r);
    const y = (v: number) => oy + H - pad.b - (v / maxY) * (H - pad.t - pad.b);
    const line = points.map((p) => `${x(p.devices).toFixed(1)},${y(p[panel.key]).toFixed(1)}`).join(' ');
    const dots = points
      .map((p) => `<circle cx="${x(p.devices).toFixed(1)}" cy="${y(p[panel.key]).toFixed(1)}" r="3"/><text x="${x(p.devices).toFixed(1)}" y="${(y(p[panel.key]) - 6).toFixed(1)}" text-anchor="middle">${p[panel.key].toFixed(panel.unit === 'MB' ? 0 : 2)}</text>`)
      .join('');
    const ticks = points.map((p) => `<text x="${x(p.devices).toFixed(1)}" y="${oy + H - pad.b + 14}" text-anchor="middle">${p.devices}</text>`).join('');
    return (
      `<g><text x="${ox + pad.l}" y="${oy + 16}" font-weight="bold">${esc(panel.title)} (${panel.unit})</text>` +
      `<line x1="${ox + pad.l}" y1="${oy + H - pad.b}" x2="${ox + W - pad.r}" y2="${oy + H - pad.b}" stroke="#888"/>` +
      `<line x1="${ox + pad.l}" y1="${oy + pad.t}" x2="${ox + pad.l}" y2="${oy + H - pad.b}" stroke="#888"/>` +
      `<text x="${ox + 4}" y="${(y(0)).toFixed(1)}">0</text><text x="${ox + 4}" y="${(y(maxY / 1.1) + 4).toFixed(1)}">${(maxY / 1.1).toFixed(panel.unit === 'MB' ? 0 : 1)}</text>` +
      `<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${line}"/>${dots}${ticks}` +
      `<text x="${ox + W / 2}" y="${oy + H - 4}" text-anchor="middle">devices</text></g>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${2 * H + 20}" font-family="sans-serif" font-size="10">
<rect width="100%" height="100%" fill="white"/>
${parts.join('\n')}
<text x="4" y="${2 * H + 14}">${esc(caption)}</text>
</svg>
`;
}
