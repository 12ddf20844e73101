// A bar chart drawn as inline SVG (no chart library: the UI stays small), for the billing
// statistics (SPEC BILL-7). Accessible: the SVG is an image titled and described in words,
// and each bar carries its own title ("2026-01: 12.30") that screen readers and tooltips give.
import { html } from "htm/preact";

export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 56;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 36;
/** At most this many labels under the axis; the others stay in the bars' titles. */
const MAX_AXIS_LABELS = 12;

/** Bars of `values`, with the axis and each bar's title in `format`. */
export function BarChart(props: {
  id: string;
  title: string;
  description: string;
  bars: readonly Bar[];
  format: (value: number) => string;
}) {
  const { bars, format } = props;
  const top = Math.max(1, ...bars.map((b) => b.value));
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.max(1, slot * 0.7);
  const y = (v: number) => TOP + plotH - (v * plotH) / top;
  const every = Math.ceil(bars.length / MAX_AXIS_LABELS);
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  return html`<svg class="chart bar-chart" viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby=${`${titleId} ${descId}`} data-chart=${props.id}>
    <title id=${titleId}>${props.title}</title>
    <desc id=${descId}>${props.description}</desc>
    ${[0, top / 2, top].map(
      (v) => html`<g key=${v} aria-hidden="true">
        <line x1=${LEFT} x2=${WIDTH - RIGHT} y1=${y(v)} y2=${y(v)} class="grid" />
        <text x=${LEFT - 6} y=${y(v) + 4} text-anchor="end">${format(v)}</text>
      </g>`,
    )}
    ${bars.map((b, i) => {
      const x = LEFT + i * slot + (slot - barW) / 2;
      return html`<g key=${b.label} data-bar=${b.label} data-value=${b.value}>
        <title>${`${b.label}: ${format(b.value)}`}</title>
        <rect x=${x.toFixed(1)} y=${y(b.value).toFixed(1)} width=${barW.toFixed(1)} height=${(TOP + plotH - y(b.value)).toFixed(1)} class="bar" />
        ${
          i % every === 0
            ? html`<text x=${(x + barW / 2).toFixed(1)} y=${HEIGHT - BOTTOM + 14} text-anchor="middle" class="axis-label" aria-hidden="true">${b.label}</text>`
            : null
        }
      </g>`;
    })}
  </svg>`;
}
