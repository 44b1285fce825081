// Staff-app words for records the server stores as technical values: who acted (audit, histories),
// the note of a person's first status.
import { defineMessages } from "./messages.js";

export const webRecordMessages = defineMessages({
  en: {
    "web.actor.anonymous": "anonymous visitor (public form)",
    "web.actor.system": "the system",
    "web.actor.cli": "command line ({command})",
    "web.actor.demo": "demo data",
    "web.actor.setup": "first set-up",
    "web.timeline.initialStatus": "status when added",
    "web.region.russia": "Russia",
    "web.region.ukraine": "Ukraine",
    "web.region.asWritten": "{text} (as written, not in the list)",
    "web.region.unknownHint": "This region was written as free text that matches no region in the list: choose one.",
  },
  ru: {
    "web.actor.anonymous": "анонимный посетитель (публичная форма)",
    "web.actor.system": "система",
    "web.actor.cli": "командная строка ({command})",
    "web.actor.demo": "демо-данные",
    "web.actor.setup": "первоначальная настройка",
    "web.timeline.initialStatus": "статус при добавлении",
    "web.region.russia": "Россия",
    "web.region.ukraine": "Украина",
    "web.region.asWritten": "{text} (как записано, нет в списке)",
    "web.region.unknownHint": "Регион записан свободным текстом, которого нет в списке: выберите регион.",
  },
  uk: {
    "web.actor.anonymous": "анонімний відвідувач (публічна форма)",
    "web.actor.system": "система",
    "web.actor.cli": "командний рядок ({command})",
    "web.actor.demo": "демо-дані",
    "web.actor.setup": "початкове налаштування",
    "web.timeline.initialStatus": "статус під час додавання",
    "web.region.russia": "Росія",
    "web.region.ukraine": "Україна",
    "web.region.asWritten": "{text} (як записано, немає в списку)",
    "web.region.unknownHint": "Регіон записано довільним текстом, якого немає в списку: виберіть регіон.",
  },
});
