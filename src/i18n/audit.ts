// What each audit event says, in en/ru/uk, for the audit trail in the staff app. Typed by the audit's own event
// enum, so a new event type without its words here does not compile.
import type { AuditEventType } from "../services/audit.js";
import type { Locale } from "./messages.js";

type Words = readonly [en: string, ru: string, uk: string];

export const auditTypeLabels: Record<AuditEventType, Words> = {
  "organisation.created": ["organisation created", "организация создана", "організацію створено"],
  "user.invited": ["user invited", "пользователь приглашён", "користувача запрошено"],
  "user.created": ["account created", "учётная запись создана", "обліковий запис створено"],
  "user.signedIn": ["signed in", "вход в систему", "вхід у систему"],
  "user.signInFailed": ["failed sign-in", "неудачный вход", "невдалий вхід"],
  "user.updated": ["account changed", "учётная запись изменена", "обліковий запис змінено"],
  "user.totpEnrolled": ["second factor enrolled", "второй фактор подключён", "другий фактор підключено"],
  "user.secondFactorVerified": ["second factor verified", "второй фактор подтверждён", "другий фактор підтверджено"],
  "user.secondFactorFailed": ["wrong second-factor code", "неверный код второго фактора", "неправильний код другого фактора"],
  "person.created": ["person added", "человек добавлен", "людину додано"],
  "person.updated": ["person edited", "данные изменены", "дані змінено"],
  "person.deleted": ["person deleted", "человек удалён", "людину видалено"],
  "person.erased": ["personal data erased", "персональные данные стёрты", "персональні дані стерто"],
  "person.imported": ["imported", "импортирован(а)", "імпортовано"],
  "person.sensitiveRead": ["sensitive fields opened", "открыты чувствительные поля", "відкрито чутливі поля"],
  "person.statusChanged": ["status changed", "статус изменён", "статус змінено"],
  "person.consentRecorded": ["consent recorded", "согласие записано", "згоду записано"],
  "person.assigned": ["assigned to a colleague", "назначен(а) сотруднику", "призначено колезі"],
  "person.sourceCited": ["source cited", "добавлена ссылка на источник", "додано посилання на джерело"],
  "person.custodyRecorded": ["place of detention recorded", "записано место содержания", "записано місце утримання"],
  "person.rosfinRecorded": ["Rosfinmonitoring listing recorded", "записано включение в перечень Росфинмониторинга", "записано включення до переліку Росфінмоніторингу"],
  "source.created": ["source added", "источник добавлен", "джерело додано"],
  "facility.created": ["facility added", "учреждение добавлено", "установу додано"],
  "facility.updated": ["facility edited", "учреждение изменено", "установу змінено"],
  "case.created": ["case added", "дело добавлено", "справу додано"],
  "case.updated": ["case edited", "дело изменено", "справу змінено"],
  "case.deleted": ["case deleted", "дело удалено", "справу видалено"],
  "health.recorded": ["health details recorded", "записаны сведения о здоровье", "записано відомості про здоров’я"],
  "health.sensitiveRead": ["health details opened", "открыты сведения о здоровье", "відкрито відомості про здоров’я"],
  "geneva.updated": ["Geneva Conventions record edited", "изменена запись по Женевским конвенциям", "змінено запис за Женевськими конвенціями"],
  "geneva.exported": ["Geneva Conventions record exported", "выгружена запись по Женевским конвенциям", "вивантажено запис за Женевськими конвенціями"],
  "import.completed": ["import completed", "импорт завершён", "імпорт завершено"],
  "export.completed": ["export completed", "выгрузка завершена", "вивантаження завершено"],
  "demo.loaded": ["demo data loaded", "загружены демо-данные", "завантажено демо-дані"],
  "appeal.submitted": ["appeal received", "обращение получено", "звернення отримано"],
  "appeal.imported": ["appeal imported", "обращение импортировано", "звернення імпортовано"],
  "appeal.sensitiveRead": ["appeal text opened", "открыт текст обращения", "відкрито текст звернення"],
  "appeal.linked": ["appeal linked to the person", "обращение связано с человеком", "звернення пов’язано з людиною"],
  "appeal.personCreated": ["person added from an appeal", "человек добавлен из обращения", "людину додано зі звернення"],
  "appeal.merged": ["appeals merged", "обращения объединены", "звернення об’єднано"],
  "appeal.infoRequested": ["more information asked for", "запрошены дополнительные сведения", "запитано додаткові відомості"],
  "appeal.lawyerAssigned": ["lawyer assigned", "назначен юрист", "призначено юриста"],
  "appeal.closed": ["appeal closed", "обращение закрыто", "звернення закрито"],
  "appeal.statusChanged": ["appeal status changed", "статус обращения изменён", "статус звернення змінено"],
  "appeal.updated": ["appeal edited", "обращение изменено", "звернення змінено"],
  "appeal.erased": ["appeal erased", "обращение стёрто", "звернення стерто"],
  "exchangeList.created": ["exchange list created", "список обмена создан", "список обміну створено"],
  "exchangeList.versioned": ["exchange list changed", "список обмена изменён", "список обміну змінено"],
  "exchangeList.frozen": ["exchange list frozen", "список обмена зафиксирован", "список обміну зафіксовано"],
  "exchangeList.signedOff": ["exchange list signed off", "список обмена утверждён", "список обміну затверджено"],
  "exchangeList.exported": ["exchange list exported", "список обмена выгружен", "список обміну вивантажено"],
  "exchangeList.outcomeRecorded": ["exchange outcome recorded", "записан итог обмена", "записано підсумок обміну"],
  "reconciliation.created": ["list reconciled", "список сверен", "список звірено"],
  "recognition.assessed": ["recognition assessment recorded", "записана оценка для признания", "записано оцінку для визнання"],
  "recognition.decided": ["recognition decided", "решение о признании принято", "рішення про визнання ухвалено"],
  "priorityWeights.updated": ["priority weights changed", "веса приоритета изменены", "ваги пріоритету змінено"],
  "keys.rotated": ["encryption keys rotated", "ключи шифрования заменены", "ключі шифрування замінено"],
  "backup.created": ["backup made", "резервная копия создана", "резервну копію створено"],
  "backup.restored": ["backup restored", "резервная копия восстановлена", "резервну копію відновлено"],
};

const column: Record<Locale, 0 | 1 | 2> = { en: 0, ru: 1, uk: 2 };

/** The event's words; an event type this build does not know is shown as it is. */
export function auditTypeLabel(locale: Locale, type: string): string {
  return Object.hasOwn(auditTypeLabels, type) ? auditTypeLabels[type as AuditEventType][column[locale]] : type;
}
