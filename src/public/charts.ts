// Server-rendered SVG charts. No style attributes (the CSP forbids inline styles): colours come from classes
// in site.css and geometry from presentation attributes. Each chart has a <title>/<desc> for screen readers
// and the page puts the same numbers in a table under it.
import { formatNumber, type Locale } from "../i18n/index.js";
import { html, type SafeHtml } from "./html.js";

export interface Bar {
  label: string;
  value: number;
}

const W = 480;
const n1 = (x: number) => Math.round(x * 10) / 10;

function frame(id: string, title: string, desc: string, height: number, content: SafeHtml): SafeHtml {
  return html`<svg viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-labelledby="${id}-t ${id}-d" focusable="false"><title id="${id}-t">${title}</title><desc id="${id}-d">${desc}</desc>${content}</svg>`;
}

function clip(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** Horizontal bars, label above each bar, so long labels (categories, regions) need no truncation in practice. */
export function barChart(locale: Locale, id: string, title: string, desc: string, bars: Bar[], cls = "bar"): SafeHtml {
  const rowH = 36;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const room = W - 60;
  const rows = bars.map((b, i) => {
    const y = i * rowH;
    const w = b.value > 0 ? Math.max(2, (b.value / max) * room) : 0;
    return html`<g><text x="0" y="${y + 12}">${clip(b.label, 70)}</text><rect class="${cls}" x="0" y="${y + 16}" width="${n1(w)}" height="14" rx="2"></rect><text class="value" x="${n1(w + 6)}" y="${y + 28}">${formatNumber(locale, b.value)}</text></g>`;
  });
  return frame(id, title, desc, Math.max(rowH, bars.length * rowH), html`${rows}`);
}

export interface Series {
  label: string;
  cls: string;
}

/**
 * Vertical bars per column, stacked by series (one series gives a plain histogram). Columns are years or
 * sentence-length bands; labels go under the axis.
 */
export function columnChart(locale: Locale, id: string, title: string, desc: string, columns: { label: string; values: number[] }[], series: Series[]): SafeHtml {
  const H = 240;
  const top = 16;
  const bottom = 36;
  const left = 40;
  const plotH = H - top - bottom;
  const plotW = W - left - 8;
  const max = Math.max(1, ...columns.map((c) => c.values.reduce((a, b) => a + b, 0)));
  const step = niceStep(max);
  const ceiling = Math.ceil(max / step) * step;
  const y = (v: number) => top + plotH - (v / ceiling) * plotH;
  const grid: SafeHtml[] = [];
  for (let v = 0; v <= ceiling; v += step)
    grid.push(html`<line class="grid" x1="${left}" x2="${W - 8}" y1="${n1(y(v))}" y2="${n1(y(v))}"></line><text class="value" x="${left - 6}" y="${n1(y(v) + 4)}" text-anchor="end">${formatNumber(locale, v)}</text>`);
  const slot = plotW / Math.max(1, columns.length);
  const barW = Math.min(56, slot * 0.7);
  const cols = columns.map((c, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    let acc = 0;
    const rects = c.values.map((v, s) => {
      if (v <= 0) return html``;
      const r = html`<rect class="${series[s]?.cls ?? "bar"}" x="${n1(x)}" y="${n1(y(acc + v))}" width="${n1(barW)}" height="${n1(y(acc) - y(acc + v))}"><title>${c.label}: ${series[s]?.label ?? ""} ${formatNumber(locale, v)}</title></rect>`;
      acc += v;
      return r;
    });
    const total = acc > 0 ? html`<text class="value" x="${n1(x + barW / 2)}" y="${n1(y(acc) - 4)}" text-anchor="middle">${formatNumber(locale, acc)}</text>` : "";
    return html`<g>${rects}${total}<text x="${n1(x + barW / 2)}" y="${H - bottom + 16}" text-anchor="middle">${clip(c.label, Math.max(4, Math.floor(slot / 7)))}</text></g>`;
  });
  return frame(id, title, desc, H, html`${grid}<line class="axis" x1="${left}" x2="${W - 8}" y1="${top + plotH}" y2="${top + plotH}"></line>${cols}`);
}

/** 1, 2 or 5 times a power of ten, giving about five grid lines. */
export function niceStep(max: number): number {
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return Math.max(1, m * pow);
  return 10 * pow;
}

export function legend(series: Series[]): SafeHtml {
  if (series.length < 2) return html``;
  return html`<ul class="legend">${series.map((s) => html`<li><span class="swatch ${s.cls === "bar" ? "" : `swatch-${s.cls.slice(4)}`}" aria-hidden="true"></span>${s.label}</li>`)}</ul>`;
}
