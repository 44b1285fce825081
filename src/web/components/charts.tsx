import { useId, type ReactNode } from "react";
import { useI18n } from "../i18n.js";

// Charts as plain SVG with attributes (the CSP forbids inline styles), scaled by viewBox so they fit a phone.
// Each has a text summary for screen readers and a data table behind a disclosure.

// Colour-blind-safe palette (Okabe–Ito), dark enough for 3:1 contrast on white for marks.
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7a6a00", "#555555"];

export interface Datum {
  key: string;
  label: string;
  value: number;
}

function niceMax(v: number): number {
  if (v <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return v;
}

function DataTable({ head, rows }: { head: string[]; rows: (string | number)[][] }) {
  const { t } = useI18n();
  return (
    <details className="chart-data">
      <summary>{t("web.chart.showData")}</summary>
      <table>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (j === 0 ? <th key={j} scope="row">{c}</th> : <td key={j}>{c}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function ChartCard({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const id = useId();
  return (
    <section className={`card chart${wide ? " wide" : ""}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A label in at most `maxLines` lines of about `width` letters, broken between words; the last line cut with "…". */
export function wrapLabel(label: string, width: number, maxLines: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  if (out.length <= maxLines && out.every((l) => l.length <= width)) return out;
  const kept = out.slice(0, maxLines).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (out.length > maxLines && !kept[maxLines - 1]!.endsWith("…")) kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, width - 1)}…`;
  return kept;
}

/** Horizontal bars: long labels (regions, articles, facilities) read well and fit a narrow screen. */
export function BarChart({ data, valueLabel, colour = PALETTE[0]! }: { data: Datum[]; valueLabel: string; colour?: string }) {
  const { num, t } = useI18n();
  if (!data.length) return <p className="muted">{t("web.chart.noData")}</p>;
  const max = Math.max(...data.map((d) => d.value), 1);
  // A viewBox close to a card's real width keeps 12-unit text at about 12px on screen.
  // Labels wrap onto two lines (about 23 letters each at size 12) rather than being cut: "Российский
  // политзаключённый", "ИК-2 (Покров), Владимирская область". Only a label longer than two lines ends with "…".
  const lines = data.map((d) => wrapLabel(d.label, 23, 2));
  const twoLines = lines.some((l) => l.length > 1);
  const row = twoLines ? 34 : 24;
  const labelW = 170;
  const w = 380;
  const barW = w - labelW - 36;
  const h = data.length * row + 4;
  const summary = data.map((d) => `${d.label}: ${num(d.value)}`).join("; ");
  return (
    <>
      <svg viewBox={`0 0 ${w} ${h}`} width="100%" role="img" aria-label={summary} className="svg-chart">
        {data.map((d, i) => {
          const y = i * row + 2;
          const bw = Math.max(1, (d.value / max) * barW);
          return (
            <g key={d.key}>
              <text x={labelW - 8} y={y + row / 2 + 4 - (lines[i]!.length - 1) * 7} textAnchor="end" fontSize="12" fill="#222">
                <title>{d.label}</title>
                {lines[i]!.map((line, k) => (
                  <tspan key={k} x={labelW - 8} dy={k === 0 ? 0 : 14}>
                    {line}
                  </tspan>
                ))}
              </text>
              <rect x={labelW} y={y + 3} width={bw} height={row - 8} fill={colour} rx="2" />
              <text x={labelW + bw + 6} y={y + row / 2 + 4} fontSize="12" fill="#222">
                {num(d.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <DataTable head={["", valueLabel]} rows={data.map((d) => [d.label, num(d.value)])} />
    </>
  );
}

/** Vertical columns with a baseline and a few gridlines (distributions, monthly counts). */
export function ColumnChart({ data, valueLabel, xLabel }: { data: { label: string; parts: { key: string; label: string; value: number }[] }[]; valueLabel: string; xLabel: string }) {
  const { num, t } = useI18n();
  if (!data.length) return <p className="muted">{t("web.chart.noData")}</p>;
  const keys = [...new Map(data.flatMap((d) => d.parts.map((p) => [p.key, p.label] as const))).entries()];
  const max = niceMax(Math.max(...data.map((d) => d.parts.reduce((s, p) => s + p.value, 0)), 1));
  const w = 380;
  const h = 210;
  const left = 30;
  const bottom = 36;
  const plotH = h - bottom - 10;
  const slot = (w - left - 8) / data.length;
  const bw = Math.max(2, slot * 0.7);
  // Whole-number gridlines only: people are counted, not measured.
  const step = max <= 5 ? 1 : Number.isInteger(max / 4) ? max / 4 : max / 2;
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step);
  const every = Math.ceil(data.length / 12);
  return (
    <>
      {keys.length > 1 && <Legend items={keys.map(([k, l], i) => ({ key: k, label: l, colour: PALETTE[i % PALETTE.length]! }))} />}
      <svg viewBox={`0 0 ${w} ${h}`} width="100%" role="img" aria-label={data.map((d) => `${d.label}: ${d.parts.map((p) => `${p.label} ${num(p.value)}`).join(", ")}`).join("; ")} className="svg-chart">
        {ticks.map((v) => {
          const y = 10 + plotH - (v / max) * plotH;
          return (
            <g key={v}>
              <line x1={left} x2={w - 4} y1={y} y2={y} stroke="#ddd" />
              <text x={left - 4} y={y + 4} textAnchor="end" fontSize="11" fill="#333">
                {num(Math.round(v))}
              </text>
            </g>
          );
        })}
        {data.map((d, i) => {
          let y = 10 + plotH;
          const x = left + i * slot + (slot - bw) / 2;
          return (
            <g key={d.label}>
              {d.parts.map((p) => {
                const ph = (p.value / max) * plotH;
                y -= ph;
                const colour = PALETTE[keys.findIndex(([k]) => k === p.key) % PALETTE.length]!;
                return <rect key={p.key} x={x} y={y} width={bw} height={ph} fill={colour} />;
              })}
              {i % every === 0 && (
                <text x={x + bw / 2} y={h - bottom + 14} textAnchor="middle" fontSize="11" fill="#333">
                  {d.label}
                </text>
              )}
            </g>
          );
        })}
        <text x={(w + left) / 2} y={h - 4} textAnchor="middle" fontSize="12" fill="#222">
          {xLabel}
        </text>
      </svg>
      <DataTable head={["", ...keys.map(([, l]) => l), valueLabel]} rows={data.map((d) => [d.label, ...keys.map(([k]) => num(d.parts.find((p) => p.key === k)?.value ?? 0)), num(d.parts.reduce((s, p) => s + p.value, 0))])} />
    </>
  );
}

/** One line per series over months (people held per category). */
export function LineChart({ months, series, valueLabel }: { months: string[]; series: { key: string; label: string; values: number[] }[]; valueLabel: string }) {
  const { num, t, date } = useI18n();
  if (!months.length || !series.length) return <p className="muted">{t("web.chart.noData")}</p>;
  const max = niceMax(Math.max(...series.flatMap((s) => s.values), 1));
  const w = 620;
  const h = 240;
  const left = 40;
  const bottom = 26;
  const plotH = h - bottom - 10;
  const plotW = w - left - 10;
  // (A 620×240 viewBox keeps a full-width chart about 2.6:1 on a laptop and readable on a phone.)
  const x = (i: number) => left + (months.length === 1 ? plotW / 2 : (i / (months.length - 1)) * plotW);
  const y = (v: number) => 10 + plotH - (v / max) * plotH;
  const years = months.map((m, i) => ({ m, i })).filter(({ m }, k, all) => m.endsWith("-01") && (all.length < 60 || Number(m.slice(0, 4)) % 2 === 0 || k === 0));
  const last = months.length - 1;
  return (
    <>
      <Legend items={series.map((s, i) => ({ key: s.key, label: s.label, colour: PALETTE[i % PALETTE.length]! }))} />
      <svg viewBox={`0 0 ${w} ${h}`} width="100%" role="img" aria-label={series.map((s) => `${s.label}: ${num(s.values[last] ?? 0)} (${date(months[last]!)})`).join("; ")} className="svg-chart">
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={left} x2={w - 10} y1={y(f * max)} y2={y(f * max)} stroke="#ddd" />
            <text x={left - 4} y={y(f * max) + 4} textAnchor="end" fontSize="10" fill="#444">
              {num(Math.round(f * max))}
            </text>
          </g>
        ))}
        {years.map(({ m, i }) => (
          <text key={m} x={x(i)} y={h - 8} textAnchor="middle" fontSize="10" fill="#444">
            {m.slice(0, 4)}
          </text>
        ))}
        {series.map((s, si) => (
          <polyline key={s.key} fill="none" stroke={PALETTE[si % PALETTE.length]} strokeWidth="2.5" strokeLinejoin="round" points={s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ")} />
        ))}
      </svg>
      <DataTable head={["", ...series.map((s) => s.label)]} rows={months.filter((_, i) => i % 12 === last % 12).map((m) => [date(m), ...series.map((s) => num(s.values[months.indexOf(m)] ?? 0))])} />
      <span className="sr-only">{valueLabel}</span>
    </>
  );
}

/** Share of a whole as one stacked bar: readable at any width, unlike a pie. */
export function ShareBar({ data, total }: { data: Datum[]; total: number }) {
  const { num, t } = useI18n();
  if (!total) return <p className="muted">{t("web.chart.noData")}</p>;
  let x = 0;
  return (
    <>
      <svg viewBox="0 0 500 28" width="100%" role="img" aria-label={data.map((d) => `${d.label}: ${num(d.value)}`).join("; ")} className="svg-chart">
        {data.map((d, i) => {
          const w = (d.value / total) * 500;
          const r = <rect key={d.key} x={x} y={0} width={w} height={28} fill={PALETTE[i % PALETTE.length]} />;
          x += w;
          return r;
        })}
      </svg>
      <Legend items={data.map((d, i) => ({ key: d.key, label: `${d.label} — ${num(d.value)}`, colour: PALETTE[i % PALETTE.length]! }))} />
    </>
  );
}

export function Legend({ items }: { items: { key: string; label: string; colour: string }[] }) {
  return (
    <ul className="legend">
      {items.map((it) => (
        <li key={it.key}>
          <svg width="12" height="12" aria-hidden="true">
            <rect width="12" height="12" fill={it.colour} rx="2" />
          </svg>
          {it.label}
        </li>
      ))}
    </ul>
  );
}
