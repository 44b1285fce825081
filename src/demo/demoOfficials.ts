import { and, asc, eq, like } from "drizzle-orm";
import type { Db } from "../db/client.js";
import * as repo from "../db/repositories/officials.js";
import { updateCaseRow } from "../db/repositories/cases.js";
import { criminalCase } from "../db/schema/case.js";
import { official, type CaseRole, type PublicBodyKind } from "../db/schema/official.js";
import { person, source } from "../db/schema/person.js";
import { actorOrganisationId, type ServiceContext } from "../services/context.js";
import { createOfficialIn, officialInput } from "../services/officials.js";

// Invented officials for the demo registry: every record is is_demo, its notes and exports say it is invented,
// and the names are made up. They hold roles in the invented demo cases so every officials' screen shows something;
// a few demo cases keep a free-text judge only, so the review of proposed links has work to show.

const INVENTED = "Вымышленный демо-чиновник: такого человека нет.";

const DEMO_OFFICIALS: { name: string; latin: string; born?: string; body: string; bodyKind: PublicBodyKind; position: string; rank?: string; region: string; from: string; role: CaseRole; court?: string }[] = [
  { name: "Демидова Алла Сергеевна", latin: "Demidova Alla Sergeevna", born: "1971-03-14", body: "Мещанский районный суд г. Москвы", bodyKind: "court", position: "федеральный судья", region: "RU-MOW", from: "2012-05-01", role: "judge_first_instance", court: "Мещанский районный суд г. Москвы" },
  { name: "Пробный Олег Витальевич", latin: "Probnyi Oleg Vitalievich", body: "Басманный районный суд г. Москвы", bodyKind: "court", position: "федеральный судья", region: "RU-MOW", from: "2015-09-01", role: "judge_first_instance", court: "Басманный районный суд г. Москвы" },
  { name: "Условный Игорь Петрович", latin: "Uslovnyi Igor Petrovich", born: "1968-11-02", body: "Южный окружной военный суд", bodyKind: "court", position: "судья", region: "RU-ROS", from: "2014-01-15", role: "judge_first_instance", court: "Южный окружной военный суд" },
  { name: "Примерова Наталья Олеговна", latin: "Primerova Natalia Olegovna", body: "Прокуратура г. Москвы", bodyKind: "prosecutor", position: "государственный обвинитель", rank: "советник юстиции", region: "RU-MOW", from: "2016-02-01", role: "prosecutor" },
  { name: "Образцов Денис Андреевич", latin: "Obraztsov Denis Andreevich", born: "1985-06-30", body: "ГСУ СК России по г. Москве", bodyKind: "investigative_committee", position: "старший следователь по особо важным делам", rank: "майор юстиции", region: "RU-MOW", from: "2018-03-01", role: "investigator" },
  { name: "Макетов Виктор Львович", latin: "Maketov Viktor Lvovich", body: "Центр судебных экспертиз (демо)", bodyKind: "expert_institution", position: "эксперт-лингвист", region: "RU-MOW", from: "2017-01-01", role: "expert" },
];

// Free-text spellings left on unlinked demo cases: the same invented judge three ways, for the link review.
const FREE_TEXT_JUDGES = ["судья Демидова А.С.", "Демидова Алла Сергеевна", "Demidova A. S."];

export async function loadDemoOfficials(db: Db, ctx: ServiceContext): Promise<{ officials: number; roles: number }> {
  const organisationId = actorOrganisationId(ctx.actor);
  const [already] = await db.select({ id: official.id }).from(official).where(and(eq(official.organisationId, organisationId), eq(official.isDemo, true))).limit(1);
  if (already) return { officials: 0, roles: 0 };
  const cases = await db
    .select({ id: criminalCase.id, court: criminalCase.court, detainedOn: criminalCase.detainedOn, verdictOn: criminalCase.verdictOn })
    .from(criminalCase)
    .innerJoin(person, eq(person.id, criminalCase.personId))
    .where(and(eq(person.organisationId, organisationId), eq(person.isDemo, true), like(person.externalId, "DEMO-%")))
    .orderBy(asc(person.externalId));
  const [src] = await db.insert(source).values({ organisationId, kind: "court_record", title: "Демо: карточка дела на сайте суда (вымышленная)", url: "https://example.org/demo/court-card", reliability: "B", note: INVENTED }).returning();
  let roles = 0;
  for (const [i, d] of DEMO_OFFICIALS.entries()) {
    const body = (await repo.findBodyByName(db, organisationId, d.body)) ?? (await repo.insertBody(db, { organisationId, name: d.body, kind: d.bodyKind, region: d.region, isDemo: true }));
    const o = await createOfficialIn(
      db,
      ctx,
      officialInput.parse({
        primaryName: d.name,
        nameLatin: d.latin,
        birthDate: d.born ?? null,
        notes: INVENTED,
        isDemo: true,
        positions: [{ bodyId: body.id, position: d.position, rank: d.rank ?? null, region: d.region, fromDate: d.from, sourceId: src!.id }],
        ...(i === 0 ? { private: { homeAddress: "г. Москва, ул. Вымышленная, д. 1 (демо)", relatives: "нет данных (демо)", phone: "+7 000 000-00-00 (демо)" } } : {}),
      }),
    );
    await repo.citeOfficialSource(db, o.id, src!.id, INVENTED);
    // Judges sit in the cases of their court; the others take every third case, so a page has several cases.
    const mine = d.court ? cases.filter((c) => c.court === d.court) : cases.filter((_, k) => k % 3 === i % 3);
    // The first judge's first cases stay free text only (the link review's demo work).
    const linked = i === 0 ? mine.slice(FREE_TEXT_JUDGES.length) : mine;
    for (const c of linked.slice(0, 12)) {
      const fromDate = d.role.startsWith("judge") ? (c.verdictOn ?? c.detainedOn) : c.detainedOn;
      if (await repo.insertCaseRole(db, { officialId: o.id, caseId: c.id, role: d.role, bodyId: body.id, fromDate, sourceId: src!.id })) roles++;
    }
    if (i === 0) for (const [k, c] of mine.slice(0, FREE_TEXT_JUDGES.length).entries()) await updateCaseRow(db, c.id, { judge: FREE_TEXT_JUDGES[k]! });
  }
  return { officials: DEMO_OFFICIALS.length, roles };
}
