// SPEC STAT-1: a live chart of concurrent calls over the last 12 seconds, one sample a second,
// drawn as an SVG polyline (no chart library: the UI stays small).
import { html } from "htm/preact";

const WIDTH = 360;
const HEIGHT = 120;
const PAD = 24;

export const CHART_SECONDS = 12;

export function CallsChart(props: { samples: readonly number[]; label: string }) {
  const samples = props.samples.slice(-CHART_SECONDS);
  const top = Math.max(4, ...samples);
  const x = (i: number) => PAD + (i * (WIDTH - 2 * PAD)) / (CHART_SECONDS - 1);
  const y = (v: number) => HEIGHT - PAD - (v * (HEIGHT - 2 * PAD)) / top;
  const offset = CHART_SECONDS - samples.length;
  const points = samples.map((v, i) => `${x(i + offset).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const grid = [0, top / 2, top].map((v) => Math.round(v));
  return html`<svg class="chart" viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label=${props.label} data-samples=${samples.join(",")}>
    ${grid.map(
      (v) => html`<g key=${v}>
        <line x1=${PAD} x2=${WIDTH - PAD} y1=${y(v)} y2=${y(v)} class="grid" />
        <text x=${PAD - 6} y=${y(v) + 4} text-anchor="end">${v}</text>
      </g>`,
    )}
    <text x=${PAD} y=${HEIGHT - 4}>-${CHART_SECONDS - 1}s</text>
    <text x=${WIDTH - PAD} y=${HEIGHT - 4} text-anchor="end">0s</text>
    ${samples.length > 0 ? html`<polyline points=${points} class="line" />` : null}
    ${samples.map((v, i) => html`<circle key=${i} cx=${x(i + offset)} cy=${y(v)} r="2.5" class="dot" />`)}
  </svg>`;
}
