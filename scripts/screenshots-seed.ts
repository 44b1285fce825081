import type { Runtime } from "../src/app/runtime.js";
import { transliterate } from "../src/domain/names/index.js";
import { commitHeldAppeals, issueAppealFormToken, submitAppeal } from "../src/services/appeals/index.js";
import { importCounterpartList } from "../src/services/lists/counterpart.js";
import { changeListMembers, createList } from "../src/services/lists/lists.js";
import { createUser } from "../src/services/accounts.js";
import type { Actor } from "../src/services/context.js";
import { listPeople } from "../src/services/people.js";
import { assessRecognition, decideRecognition } from "../src/services/recognition.js";

// Data for the screenshots and the language crawl (in Russian and Ukrainian, as users write it) beyond `loadDemo` (invented people only): appeals waiting for triage — one naming a
// registered person in Latin letters, one unknown, one sent twice — an exchange list with a second version,
// and a counterpart list compared with it.
export async function seedWorkflows(rt: Runtime): Promise<{ personId: string | null; listId: string | null; counterpartId: string | null }> {
  const ctx = rt.systemCtx("screenshots");
  const people = await listPeople(ctx, { limit: 200, sort: "name", category: ["ru_political_prisoner"] });
  const held = people.rows.filter((p) => p.status === "in_colony" || p.status === "sentenced");
  // A person with a case, a sentence and a facility makes the fullest person page.
  const full = held.find((p) => p.currentFacilityId) ?? people.rows[0] ?? null;

  // Recognition for the person shown: assessed by one researcher, decided by a different coordinator (four eyes).
  if (full) {
    const as = async (email: string, role: "researcher" | "coordinator") => {
      const u = await createUser(ctx, { email, role, password: "screenshots only, never used" });
      const actor: Actor = { kind: "user", userId: u.id, organisationId: u.organisationId, role, label: email };
      return rt.ctx(actor);
    };
    await assessRecognition(await as("assessor@example.org", "researcher"), full.id, {
      criteria: [
        { criterion: "a", met: true, reasoning: "Демо: преследуется за публичные высказывания против войны (свобода выражения мнений).", sources: ["Приговор суда (демо)"] },
        { criterion: "e", met: true, reasoning: "Демо: суд отказался выслушать свидетелей защиты.", sources: ["Протокол судебного заседания (демо)"] },
      ],
      exclusions: [],
      proposal: "recognised",
      summary: "Демо-оценка: критерии (a) и (e) выполнены.",
    });
    await decideRecognition(await as("reviewer@example.org", "coordinator"), full.id, { outcome: "recognised", reason: "Демо: согласен с оценкой." });
  }

  const anon = rt.ctx({ kind: "anonymous" });
  // The form refuses answers sent within seconds of loading it: issue the tokens "two minutes ago".
  const earlier = { ...anon, now: () => new Date(Date.now() - 120_000) };
  const appeal = (input: Record<string, unknown>) => submitAppeal(anon, { token: issueAppealFormToken(earlier, "127.0.0.1"), ...input } as Parameters<typeof submitAppeal>[1], "127.0.0.1");
  const target = held[1] ?? full;
  if (target) {
    const latin = transliterate(target.primaryName.split(" ").slice(0, 2).reverse().join(" "), "bgn").replace(/\b\w/g, (c) => c.toUpperCase());
    await appeal({ heldName: latin, heldBirthDate: target.birthDate ?? String(target.birthYear ?? ""), heldWhere: "ИК-6, Владимирская область", requests: ["legal_help", "letters"], text: "Демо-обращение: брата перевели в другую колонию, писем нет уже два месяца.", contactMethod: "messenger", contactValue: "@demo_family", safetyNote: "Только Signal", exchangeConsent: "consents" });
  }
  await appeal({ heldName: "Мельник Оксана Василівна", heldBirthDate: "1987", heldWhere: "Енергодар, затримана на блокпосту", heldSince: "березень 2024", requests: ["exchange_list"], text: "Демо-звернення: сестру затримали на блокпосту, відтоді немає звісток.", lang: "uk" });
  await appeal({ heldName: "Melnyk Oksana", heldBirthDate: "1987", requests: ["exchange_list"], lang: "ru" });
  // Appeals are held until their hour is over (src/services/appeals/hold.ts): commit them as if it were.
  await commitHeldAppeals(anon, new Date(Date.now() + 3_600_000));

  let listId: string | null = null;
  let counterpartId: string | null = null;
  const list = await createList(ctx, { name: "Демо-список обмена — политзаключённые", purpose: "Вымышленные данные для снимков экрана.", categories: ["ru_political_prisoner"] });
  listId = list.id;
  const drop = held[2] ?? held[0];
  if (drop) await changeListMembers(ctx, list.id, { remove: [drop.id], note: "Согласие нужно перепроверить" });
  const rows = held.slice(0, 6).map((p) => `${transliterate(p.primaryName, "icao")},${p.birthDate ?? p.birthYear ?? ""}`);
  const csv = ["ФИО,Дата рождения", ...rows, "Никтов Никто Никтоевич,01.01.1970", "Petrenko Ivan,1975"].join("\n");
  const cp = await importCounterpartList(ctx, { name: "Их список (демо)", fileName: "их-список.csv", content: Buffer.from(csv), comparedWithListId: list.id });
  counterpartId = cp.id;
  return { personId: full?.id ?? null, listId, counterpartId };
}
