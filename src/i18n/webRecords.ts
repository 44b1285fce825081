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
  },
  ru: {
    "web.actor.anonymous": "анонимный посетитель (публичная форма)",
    "web.actor.system": "система",
    "web.actor.cli": "командная строка ({command})",
    "web.actor.demo": "демо-данные",
    "web.actor.setup": "первоначальная настройка",
    "web.timeline.initialStatus": "статус при добавлении",
  },
  uk: {
    "web.actor.anonymous": "анонімний відвідувач (публічна форма)",
    "web.actor.system": "система",
    "web.actor.cli": "командний рядок ({command})",
    "web.actor.demo": "демо-дані",
    "web.actor.setup": "початкове налаштування",
    "web.timeline.initialStatus": "статус під час додавання",
  },
});
