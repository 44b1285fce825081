import { BarChart, ChartCard, ColumnChart, LineChart, ShareBar } from "../components/charts.js";
import { categories, statuses } from "../enums.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { useApi } from "../useApi.js";
import { statsUrl } from "../firstReads.js";

// The picture at a glance: how many people, of which kind, where they are held, for what, for how long,
// and who came home. Numbers come from /api/v1/stats; the charts do no arithmetic of their own.

interface Stats {
  total: number;
  byCategory: Record<string, number>;
  byStatus: Record<string, number>;
  byRegion: { key: string; n: number }[];
  byArticle: { key: string; n: number }[];
  byFacility: { key: string; n: number }[];
  sentenceBins: { key: string; n: number }[];
  heldOverTime: { month: string; counts: Record<string, number> }[];
  freedByMonth: { month: string; counts: Record<string, number> }[];
}

export function Dashboard() {
  const { t, label, num, region } = useI18n();
  const r = useApi<Stats>(statsUrl);
  if (r.error) return <p className="form-error">{r.error.message}</p>;
  const s = r.data;
  if (!s) return <p role="status">{t("web.loading")}</p>;
  const cats = categories.filter((c) => s.byCategory[c]);
  const held = s.heldOverTime;
  // Years, not months, for releases: monthly bars are too thin to read over a decade.
  const freedYears = new Map<string, Record<string, number>>();
  for (const m of s.freedByMonth) {
    const y = m.month.slice(0, 4);
    const acc = freedYears.get(y) ?? {};
    for (const [k, v] of Object.entries(m.counts)) acc[k] = (acc[k] ?? 0) + v;
    freedYears.set(y, acc);
  }
  const held2 = held.filter((_, i) => i % 3 === (held.length - 1) % 3);
  // Held (all categories) against freed so far, per month: the status picture over time in two lines.
  const freedSoFar = new Map<string, number>();
  {
    let acc = 0;
    const perMonth = new Map(s.freedByMonth.map((m) => [m.month, Object.values(m.counts).reduce((a, b) => a + b, 0)]));
    for (const h of held) {
      acc += perMonth.get(h.month) ?? 0;
      freedSoFar.set(h.month, acc);
    }
  }
  const freedTotal = (s.byStatus.released ?? 0) + (s.byStatus.exchanged ?? 0) + (s.byStatus.pardoned ?? 0);
  return (
    <section>
      <h1>{t("web.dashboard.title")}</h1>
      <div className="kpis">
        <Link to="/people" className="kpi">
          <strong>{num(s.total)}</strong>
          <span>{t("counts.people", { count: s.total })}</span>
        </Link>
        {cats.slice(0, 3).map((c) => (
          <Link key={c} to={`/people?category=${c}`} className="kpi">
            <strong>{num(s.byCategory[c] ?? 0)}</strong>
            <span>{t(`counts.category.${c}`, { count: s.byCategory[c] ?? 0 })}</span>
          </Link>
        ))}
        <Link to="/people?status=released" className="kpi">
          <strong>{num(freedTotal)}</strong>
          <span>{t("counts.freed", { count: freedTotal })}</span>
        </Link>
      </div>
      <div className="charts">
        <ChartCard title={t("web.dashboard.heldOverTime")} wide>
          <LineChart months={held2.map((h) => h.month)} series={cats.map((c) => ({ key: c, label: label("common.category", c), values: held2.map((h) => h.counts[c] ?? 0) }))} valueLabel={t("web.dashboard.people")} />
        </ChartCard>
        <ChartCard title={t("web.dashboard.heldVsFreed")} wide>
          <LineChart
            months={held2.map((h) => h.month)}
            series={[
              { key: "held", label: t("web.dashboard.held"), values: held2.map((h) => Object.values(h.counts).reduce((a, b) => a + b, 0)) },
              { key: "freed", label: t("web.dashboard.freedSoFar"), values: held2.map((h) => freedSoFar.get(h.month) ?? 0) },
            ]}
            valueLabel={t("web.dashboard.people")}
          />
        </ChartCard>
        <ChartCard title={t("web.dashboard.byCategory")}>
          <ShareBar data={cats.map((c) => ({ key: c, label: label("common.category", c), value: s.byCategory[c] ?? 0 }))} total={s.total} />
        </ChartCard>
        <ChartCard title={t("web.dashboard.byStatus")}>
          <BarChart data={statuses.filter((x) => s.byStatus[x]).map((x) => ({ key: x, label: label("common.status", x), value: s.byStatus[x] ?? 0 }))} valueLabel={t("web.dashboard.people")} />
        </ChartCard>
        <ChartCard title={t("web.dashboard.byArticle")}>
          <BarChart data={s.byArticle.map((a) => ({ key: a.key, label: t("web.dashboard.article", { article: a.key }), value: a.n }))} valueLabel={t("web.dashboard.people")} colour="#D55E00" />
        </ChartCard>
        <ChartCard title={t("web.dashboard.byRegion")}>
          <BarChart data={s.byRegion.map((a) => ({ key: a.key || "-", label: a.key ? region(a.key) : t("web.dashboard.unknownRegion"), value: a.n }))} valueLabel={t("web.dashboard.people")} colour="#009E73" />
        </ChartCard>
        <ChartCard title={t("web.dashboard.sentences")}>
          <ColumnChart data={s.sentenceBins.map((b) => ({ label: b.key, parts: [{ key: "n", label: t("web.dashboard.people"), value: b.n }] }))} valueLabel={t("web.dashboard.people")} xLabel={t("web.dashboard.sentenceYears")} />
        </ChartCard>
        <ChartCard title={t("web.dashboard.freedByYear")}>
          <ColumnChart
            data={[...freedYears].map(([y, counts]) => ({ label: y, parts: ["released", "exchanged", "pardoned"].map((k) => ({ key: k, label: label("common.status", k), value: counts[k] ?? 0 })) }))}
            valueLabel={t("web.dashboard.people")}
            xLabel={t("web.dashboard.year")}
          />
        </ChartCard>
        {s.byFacility.length > 0 && (
          <ChartCard title={t("web.dashboard.byFacility")}>
            <BarChart data={s.byFacility.map((a) => ({ key: a.key, label: a.key, value: a.n }))} valueLabel={t("web.dashboard.people")} colour="#CC79A7" />
          </ChartCard>
        )}
      </div>
    </section>
  );
}
