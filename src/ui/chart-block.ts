import { html, jsonDataBlock, type SafeHtml } from './html.js';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

/** What the page script hands to uPlot: x in unix seconds, one y series per line or bar. */
export interface ChartSpec {
  kind: 'bars' | 'lines';
  yFormat: 'tokens' | 'percent';
  x: number[];
  series: ChartSeries[];
}

/**
 * A chart drawn by uPlot from a JSON data block, with the same numbers as a table in a
 * `<details>` below it: the data is readable without scripts (and by screen readers).
 */
export function chartBlock(id: string, title: string, spec: ChartSpec, formatX: (seconds: number) => string, formatY: (value: number | null) => string): SafeHtml {
  return html`<div class="chart" data-chart="${id}" role="img" aria-label="${title}"></div>
${jsonDataBlock(id, spec)}
<details class="small"><summary>${title}: data</summary><div class="table-wrap"><table>
<thead><tr><th>Time</th>${spec.series.map((series) => html`<th class="num">${series.label}</th>`)}</tr></thead>
<tbody>${spec.x.map((x, index) => html`<tr><td>${formatX(x)}</td>${spec.series.map((series) => html`<td class="num">${formatY(series.values[index] ?? null)}</td>`)}</tr>`)}</tbody>
</table></div></details>`;
}
