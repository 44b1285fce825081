// The optional public page of officials (docs/officials.md): shown only when the organisation switched it on, with
// the cases of people who consented to publicity.
import { defineMessages } from "./messages.js";

export const publicOfficialMessages = defineMessages({
  en: {
    "publicOfficials.title": "Officials behind the cases",
    "publicOfficials.intro": "Investigators, prosecutors, judges and others who acted in the cases of people in this registry, as public officials. Only the cases of people who agreed to be named are listed.",
    "publicOfficials.none": "No officials are published yet.",
    "publicOfficials.posts": "Posts",
    "publicOfficials.cases": { one: "{count} case", other: "{count} cases" },
    "publicOfficials.demo": "invented record (demo data)",
    "publicOfficials.years": "{years} years of sentences in total",
  },
  ru: {
    "publicOfficials.title": "Чиновники, стоящие за делами",
    "publicOfficials.intro": "Следователи, прокуроры, судьи и другие должностные лица, действовавшие в делах людей из этого реестра. Показаны только дела людей, согласившихся на публичность.",
    "publicOfficials.none": "Пока никто не опубликован.",
    "publicOfficials.posts": "Должности",
    "publicOfficials.cases": { one: "{count} дело", few: "{count} дела", many: "{count} дел", other: "{count} дела" },
    "publicOfficials.demo": "вымышленная запись (демо-данные)",
    "publicOfficials.years": "всего лет по приговорам: {years}",
  },
  uk: {
    "publicOfficials.title": "Посадовці, що стоять за справами",
    "publicOfficials.intro": "Слідчі, прокурори, судді та інші посадові особи, які діяли у справах людей із цього реєстру. Показано лише справи людей, які погодилися на публічність.",
    "publicOfficials.none": "Поки нікого не опубліковано.",
    "publicOfficials.posts": "Посади",
    "publicOfficials.cases": { one: "{count} справа", few: "{count} справи", many: "{count} справ", other: "{count} справи" },
    "publicOfficials.demo": "вигаданий запис (демо-дані)",
    "publicOfficials.years": "усього років за вироками: {years}",
  },
});
