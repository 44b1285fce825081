// Words that stand beside a number drawn apart from them (the dashboard's tiles: a big "26" above the words), so
// they agree with it through Intl.PluralRules: "26 российских политзаключённых", not "26 Российский политзаключённый".
// Pass the number as `count`; the text itself does not repeat it.
import { defineMessages } from "./messages.js";

export const countMessages = defineMessages({
  en: {
    "counts.people": { one: "person in the registry", other: "people in the registry" },
    "counts.freed": { one: "released, exchanged or pardoned", other: "released, exchanged or pardoned" },
    "counts.category.ru_political_prisoner": { one: "Russian political prisoner", other: "Russian political prisoners" },
    "counts.category.ua_civilian_hostage": { one: "Ukrainian civilian held by Russia", other: "Ukrainian civilians held by Russia" },
    "counts.category.ua_pow": { one: "Ukrainian prisoner of war", other: "Ukrainian prisoners of war" },
    "counts.category.ua_serviceman_convicted": { one: "Ukrainian serviceman convicted in Russia", other: "Ukrainian servicemen convicted in Russia" },
    "counts.category.ru_persecuted_not_detained": { one: "persecuted in Russia, not in custody", other: "persecuted in Russia, not in custody" },
    "counts.category.held_in_ukraine": { one: "held in Ukraine", other: "held in Ukraine" },
    "counts.category.other": { one: "other", other: "other" },
  },
  ru: {
    "counts.people": { one: "человек в реестре", few: "человека в реестре", many: "человек в реестре", other: "человека в реестре" },
    "counts.freed": { one: "освобождён, обменян или помилован", few: "освобождены, обменяны или помилованы", many: "освобождены, обменяны или помилованы", other: "освобождены, обменяны или помилованы" },
    "counts.category.ru_political_prisoner": { one: "российский политзаключённый", few: "российских политзаключённых", many: "российских политзаключённых", other: "российского политзаключённого" },
    "counts.category.ua_civilian_hostage": { one: "гражданский Украины, удерживаемый Россией", few: "гражданских Украины, удерживаемых Россией", many: "гражданских Украины, удерживаемых Россией", other: "гражданского Украины, удерживаемого Россией" },
    "counts.category.ua_pow": { one: "украинский военнопленный", few: "украинских военнопленных", many: "украинских военнопленных", other: "украинского военнопленного" },
    "counts.category.ua_serviceman_convicted": { one: "украинский военный, осуждённый в России", few: "украинских военных, осуждённых в России", many: "украинских военных, осуждённых в России", other: "украинского военного, осуждённого в России" },
    "counts.category.ru_persecuted_not_detained": { one: "преследуется в России, не под стражей", few: "преследуются в России, не под стражей", many: "преследуются в России, не под стражей", other: "преследуются в России, не под стражей" },
    "counts.category.held_in_ukraine": { one: "удерживается в Украине", few: "удерживаются в Украине", many: "удерживаются в Украине", other: "удерживаются в Украине" },
    "counts.category.other": { one: "другое", few: "другие", many: "других", other: "других" },
  },
  uk: {
    "counts.people": { one: "людина в реєстрі", few: "людини в реєстрі", many: "людей у реєстрі", other: "людини в реєстрі" },
    "counts.freed": { one: "звільнений, обміняний або помилуваний", few: "звільнені, обміняні або помилувані", many: "звільнені, обміняні або помилувані", other: "звільнені, обміняні або помилувані" },
    "counts.category.ru_political_prisoner": { one: "російський політв’язень", few: "російські політв’язні", many: "російських політв’язнів", other: "російського політв’язня" },
    "counts.category.ua_civilian_hostage": { one: "цивільний громадянин України, утримуваний Росією", few: "цивільні громадяни України, утримувані Росією", many: "цивільних громадян України, утримуваних Росією", other: "цивільного громадянина України, утримуваного Росією" },
    "counts.category.ua_pow": { one: "український військовополонений", few: "українські військовополонені", many: "українських військовополонених", other: "українського військовополоненого" },
    "counts.category.ua_serviceman_convicted": { one: "український військовий, засуджений у Росії", few: "українські військові, засуджені в Росії", many: "українських військових, засуджених у Росії", other: "українського військового, засудженого в Росії" },
    "counts.category.ru_persecuted_not_detained": { one: "переслідується в Росії, не під вартою", few: "переслідуються в Росії, не під вартою", many: "переслідуються в Росії, не під вартою", other: "переслідуються в Росії, не під вартою" },
    "counts.category.held_in_ukraine": { one: "утримується в Україні", few: "утримуються в Україні", many: "утримуються в Україні", other: "утримуються в Україні" },
    "counts.category.other": { one: "інше", few: "інші", many: "інших", other: "інших" },
  },
});
