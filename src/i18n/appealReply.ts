// What goes back to a family when a coordinator writes to them (src/services/appeals/reply.ts), by e-mail or by the
// Telegram bot, in the appeal's language. Short, and naming nobody: the message may be read by someone else.
import { defineMessages } from "./messages.js";

export const appealReplyMessages = defineMessages({
  en: {
    "appealReply.subject": "Your appeal",
    "appealReply.needs_info": "Thank you for your appeal. To help, we need more information.",
    "appealReply.status": "Thank you for your appeal. Its status now: {status}.",
    "appealReply.note": "From the coordinator:",
    "appealReply.answer": "You can answer this message. Write only what is safe for you to write.",
  },
  ru: {
    "appealReply.subject": "Ваше обращение",
    "appealReply.needs_info": "Спасибо за ваше обращение. Чтобы помочь, нам нужно больше сведений.",
    "appealReply.status": "Спасибо за ваше обращение. Его статус сейчас: {status}.",
    "appealReply.note": "От координатора:",
    "appealReply.answer": "Вы можете ответить на это сообщение. Пишите только то, что вам безопасно писать.",
  },
  uk: {
    "appealReply.subject": "Ваше звернення",
    "appealReply.needs_info": "Дякуємо за ваше звернення. Щоб допомогти, нам потрібно більше відомостей.",
    "appealReply.status": "Дякуємо за ваше звернення. Його статус зараз: {status}.",
    "appealReply.note": "Від координатора:",
    "appealReply.answer": "Ви можете відповісти на це повідомлення. Пишіть лише те, що вам безпечно писати.",
  },
});
