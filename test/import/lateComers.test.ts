import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerPerson } from "../../src/services/duplicates.js";
import { importPeople } from "../../src/services/import/importPeople.js";
import { listPeople } from "../../src/services/people.js";
import { createTestRuntime, openPeerRuntime, type TestRuntime } from "../helpers/runtime.js";

// An import matches its rows against the registry as it was when it began. A person registered through the door
// while it runs (the staff app, the API, another worker or host) must not be created a second time by a row of
// the file: each batch looks at who arrived meanwhile, under the door's lock (src/services/import/lateComers.ts).
const onPostgres = !!process.env.TEST_DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), "aff-late-"));

const SURNAMES = ["Абрамов", "Белов", "Воронцов", "Гущин", "Дьяконов", "Ершов", "Жуков", "Зимин", "Исаев", "Калинин", "Лаптев", "Мещеряков", "Назаров", "Овчинников", "Прохоров", "Рябов", "Савельев", "Тихонов", "Ушаков", "Фомичёв", "Харитонов", "Цветков", "Чернов", "Шубин", "Щукин", "Юдин", "Яшин", "Агапов", "Бурцев", "Вишняков"];
const GIVEN = ["Андрей", "Борис", "Виктор", "Глеб", "Денис", "Егор", "Захар", "Игорь", "Кирилл", "Лев", "Максим", "Никита", "Олег", "Павел", "Роман", "Семён", "Тимур", "Фёдор", "Юрий", "Ярослав", "Аркадий", "Богдан", "Всеволод", "Геннадий", "Дмитрий", "Евгений", "Илья", "Константин", "Леонид", "Матвей", "Назар", "Остап", "Пётр", "Руслан", "Станислав", "Тарас", "Филипп", "Эдуард", "Антон", "Валерий"];
const PATRONYMICS = ["Андреевич", "Борисович", "Викторович", "Олегович"];

// A sheet as an NGO keeps it: Russian headers, DD.MM.YYYY, м/ж, no ids. 1,200 different men, and the rows the test
// is about: Зарецкая (row 100, batch 1) and Порошин twice (rows 700 and 800, batch 2, birth year only).
function sheet(): string {
  const lines = ["№;ФИО;Дата рождения;Пол;Регион;Категория"];
  for (let i = 1; i <= 1200; i++) {
    let name = `${SURNAMES[i % 30]} ${GIVEN[Math.floor(i / 30) % 40]} ${PATRONYMICS[i % 4]}`;
    let born = `${String((i % 28) + 1).padStart(2, "0")}.${String((i % 12) + 1).padStart(2, "0")}.${1940 + (i % 50)}`;
    let sex = "м";
    if (i === 100) [name, born, sex] = ["Зарецкая Евфросиния Ильинична", "12.03.1971", "ж"];
    if (i === 700 || i === 800) [name, born] = ["Порошин Вениамин Аркадьевич", "1965 г."];
    lines.push(`${i};${name};${born};${sex};${i === 100 ? "Тверская область" : ""};политзаключённый`);
  }
  const path = join(dir, `реестр-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, lines.join("\r\n"));
  return path;
}

async function named(rt: TestRuntime, q: string) {
  return (await listPeople(rt.systemCtx(), { q })).rows;
}

describe("people registered through the door while an import runs", () => {
  // PGlite: the door at this runtime (one process). PostgreSQL: also the door at another instance. A fresh
  // registry for each.
  const doors = onPostgres ? (["this instance", "another instance"] as const) : (["this instance"] as const);
  it.each(doors)("are not created again by the file's rows: filled or sent to review (door at %s)", async (where) => {
    const rt = await createTestRuntime();
    const peer = where === "another instance" ? await openPeerRuntime(rt) : null;
    try {
      await lateArrivals(rt, peer ?? rt);
    } finally {
      await peer?.close();
      await rt.close();
    }
  });
});

async function lateArrivals(rt: TestRuntime, at: { systemCtx: TestRuntime["systemCtx"] }) {
  {
    let zaretskaya: string | null = null;
    let poroshin: string | null = null;
    const report = await importPeople(rt.systemCtx("test import"), {
      path: sheet(),
      batchSize: 500,
      // Row 500 is read: batch 1 is decided (without them) and nothing is written yet.
      onProgress: async (p) => {
        if (p.rows !== 500) return;
        const ctx = at.systemCtx("staff app");
        zaretskaya = (await registerPerson(ctx, { primaryName: "Зарецкая Евфросиния Ильинична", birthDate: "1971-03-12", sex: "female", category: "ru_political_prisoner", status: "detained" })).person.id;
        poroshin = (await registerPerson(ctx, { primaryName: "Порошин Вениамин Аркадьевич", birthDate: "1965-05-04", sex: "male", category: "ru_political_prisoner", status: "detained" })).person.id;
      },
    });
    expect(zaretskaya).not.toBeNull();
    // One record each: Зарецкая's row (same full birth date) filled her record's empty region; Порошин's two rows wait for review
    // against the person registered at the door (birth year only), the second following the first.
    expect((await named(rt, "Зарецкая")).map((p) => p.id)).toEqual([zaretskaya]);
    expect((await named(rt, "Порошин")).map((p) => p.id)).toEqual([poroshin]);
    expect(report.updated).toBe(1);
    expect((await named(rt, "Зарецкая"))[0]).toMatchObject({ homeRegion: "RU-TVE" });
    const reviews = report.reviewRows.filter((r) => r.row === 701 || r.row === 801);
    expect(reviews.map((r) => [r.row, r.candidateId])).toEqual([
      [701, poroshin],
      [801, poroshin],
    ]);
    expect(report.failed).toBe(0);
    expect(report.created).toBeLessThanOrEqual(1197);
  }
}
