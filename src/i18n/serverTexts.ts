// The server's own sentences (ServiceError messages, the schemas' custom validation messages) in Russian and
// Ukrainian, keyed by their English text with `{name}` where the text varies. The English stays what services
// throw and the CLI prints; the HTTP layer answers in the language of Accept-Language (src/http/errorText.ts).
// `ServerText` (below) is the type services must throw: a new message without a translation here does not compile.

type Pair = { ru: string; uk: string };

export const serverTexts = {
  // Not found (services/errors.ts notFound)
  "person not found": { ru: "человек не найден", uk: "людину не знайдено" },
  "appeal not found": { ru: "обращение не найдено", uk: "звернення не знайдено" },
  "user not found": { ru: "пользователь не найден", uk: "користувача не знайдено" },
  "facility not found": { ru: "учреждение не найдено", uk: "установу не знайдено" },
  "case not found": { ru: "дело не найдено", uk: "справу не знайдено" },
  "source not found": { ru: "источник не найден", uk: "джерело не знайдено" },
  "assignment not found": { ru: "назначение не найдено", uk: "призначення не знайдено" },
  "invitation not found": { ru: "приглашение не найдено", uk: "запрошення не знайдено" },
  "API token not found": { ru: "API-токен не найден", uk: "API-токен не знайдено" },
  "only an active lawyer's account can be assigned to a person": { ru: "назначить человека можно только действующей учётной записи адвоката", uk: "призначити людину можна лише чинному обліковому запису адвоката" },
  "recognition assessment not found": { ru: "оценка для признания не найдена", uk: "оцінку для визнання не знайдено" },
  "priority weights version not found": { ru: "версия весов приоритета не найдена", uk: "версію ваг пріоритету не знайдено" },
  "exchange list not found": { ru: "список обмена не найден", uk: "список обміну не знайдено" },
  "attachment not found": { ru: "вложение не найдено", uk: "вкладення не знайдено" },
  "Geneva Conventions record not found": { ru: "запись по Женевским конвенциям не найдена", uk: "запис за Женевськими конвенціями не знайдено" },
  "version {n} of the list not found": { ru: "версия {n} списка не найдена", uk: "версію {n} списку не знайдено" },
  "no route {method} {url}": { ru: "нет такого адреса: {method} {url}", uk: "немає такої адреси: {method} {url}" },
  // Sessions, permissions, limits (http/app.ts, services/policy.ts, accounts, second factor)
  "sign in first": { ru: "сначала войдите в систему", uk: "спершу увійдіть у систему" },
  "second factor required": { ru: "нужен второй фактор: введите код из приложения", uk: "потрібен другий фактор: введіть код із застосунку" },
  "missing or wrong CSRF token": { ru: "нет или неверный CSRF-токен: обновите страницу", uk: "немає або неправильний CSRF-токен: оновіть сторінку" },
  "not allowed to {action} {resource}": { ru: "нет права на это действие ({action} {resource})", uk: "немає права на цю дію ({action} {resource})" },
  "the person index is being built (start-up); try again in a few seconds": { ru: "идёт построение указателя людей (запуск сервера): попробуйте снова через несколько секунд", uk: "триває побудова покажчика людей (запуск сервера): спробуйте знову за кілька секунд" },
  "too many requests: wait a minute and try again": { ru: "слишком много запросов: подождите минуту и попробуйте снова", uk: "забагато запитів: зачекайте хвилину й спробуйте знову" },
  "text must not contain NUL characters": { ru: "текст не должен содержать символов NUL", uk: "текст не повинен містити символів NUL" },
  "text must be valid Unicode": { ru: "текст содержит недопустимые символы (неполную пару UTF-16)", uk: "текст містить неприпустимі символи (неповну пару UTF-16)" },
  "this link is no longer valid": { ru: "эта ссылка больше не действует", uk: "це посилання більше не дійсне" },
  // API tokens (services/apiTokens.ts, http/apiTokenAuth.ts)
  "this API token is not valid: unknown, expired or revoked": { ru: "этот API-токен недействителен: неизвестен, истёк или отозван", uk: "цей API-токен недійсний: невідомий, прострочений або відкликаний" },
  "this API token may not call this route (scope needed: {scope})": { ru: "этому API-токену сюда нельзя (нужна область доступа: {scope})", uk: "цьому API-токену сюди не можна (потрібна область доступу: {scope})" },
  "API tokens may not call this route": { ru: "API-токенам сюда нельзя: войдите в систему", uk: "API-токенам сюди не можна: увійдіть у систему" },
  "a token may not act with more rights than your own role": { ru: "у токена не может быть больше прав, чем у вашей роли", uk: "токен не може мати більше прав, ніж ваша роль" },
  "the role {role} may not use the scope {scope}": { ru: "роль {role} не может пользоваться областью доступа {scope}", uk: "роль {role} не може користуватися областю доступу {scope}" },
  "the expiry date must be in the future": { ru: "срок действия должен заканчиваться в будущем", uk: "термін дії має закінчуватися в майбутньому" },
  "password: {problem}": { ru: "пароль: {problem}", uk: "пароль: {problem}" },
  "use at least {n} characters": { ru: "нужно не меньше {n} символов", uk: "потрібно щонайменше {n} символів" },
  "use at most 512 characters": { ru: "не больше 512 символов", uk: "не більше 512 символів" },
  "this password is among the first a guesser tries: use several unrelated words": { ru: "такой пароль подбирают первым: возьмите несколько не связанных между собой слов", uk: "такий пароль підбирають першим: візьміть кілька не пов’язаних між собою слів" },
  "use a passphrase of at least {n} characters": { ru: "парольная фраза должна быть не короче {n} символов", uk: "парольна фраза має бути не коротшою за {n} символів" },
  "this passphrase is too easy to guess: use several unrelated words": { ru: "эту парольную фразу легко подобрать: возьмите несколько не связанных между собой слов", uk: "цю парольну фразу легко підібрати: візьміть кілька не пов’язаних між собою слів" },
  "the backup's sealed fields need field key {ids}, which this server's key file does not hold: put the key file of the backed-up server in place (ALLFORALL_KEY_FILE), then restore": { ru: "зашифрованные поля копии требуют ключа {ids}, которого нет в файле ключей этого сервера: положите на место файл ключей сервера, с которого сделана копия (ALLFORALL_KEY_FILE), и повторите восстановление", uk: "зашифровані поля копії потребують ключа {ids}, якого немає у файлі ключів цього сервера: покладіть на місце файл ключів сервера, з якого зроблено копію (ALLFORALL_KEY_FILE), і повторіть відновлення" },
  "none of the backup's {n} people has a data key in this server's person key store: put the key store of the backed-up server in place (allforall keys restore), then restore": { ru: "ни у одного из {n} человек в копии нет ключа данных в хранилище ключей этого сервера: положите на место хранилище ключей сервера, с которого сделана копия (allforall keys restore), и повторите восстановление", uk: "жодна з {n} осіб у копії не має ключа даних у сховищі ключів цього сервера: покладіть на місце сховище ключів сервера, з якого зроблено копію (allforall keys restore), і повторіть відновлення" },
  "a health filter needs permission to read health records: ask a coordinator": { ru: "фильтр по здоровью требует права читать медицинские записи: обратитесь к координатору", uk: "фільтр за здоров’ям потребує права читати медичні записи: зверніться до координатора" },
  "use more different characters": { ru: "используйте больше разных символов", uk: "використайте більше різних символів" },
  "email: enter a valid address": { ru: "электронная почта: введите правильный адрес", uk: "електронна пошта: введіть правильну адресу" },
  "an account with this email exists": { ru: "учётная запись с этим адресом уже есть", uk: "обліковий запис із цією адресою вже існує" },
  "email or password is wrong": { ru: "неверный адрес или пароль", uk: "неправильна адреса або пароль" },
  "too many failed sign-ins: try again later": { ru: "слишком много неудачных входов: попробуйте позже", uk: "забагато невдалих входів: спробуйте пізніше" },
  "a second factor is enrolled: verify with it (or a recovery code) first": { ru: "второй фактор уже подключён: сначала подтвердите вход им (или резервным кодом)", uk: "другий фактор уже підключено: спершу підтвердьте вхід ним (або резервним кодом)" },
  "the code is wrong or expired": { ru: "код неверен или устарел", uk: "код неправильний або застарів" },
  "too many failed sign-ins from here: try again in {n} min": { ru: "слишком много неудачных входов отсюда: попробуйте через {n} мин", uk: "забагато невдалих входів звідси: спробуйте через {n} хв" },
  "this facility is used by another organisation: only they may edit it; create your own entry instead": { ru: "этим учреждением пользуется другая организация: изменять его может только она; создайте свою запись", uk: "цією установою користується інша організація: змінювати її може лише вона; створіть свій запис" },
  "only a coordinator or admin records consent, with who gave it (POST /api/v1/people/:id/consents)": { ru: "согласие записывает только координатор или администратор, с указанием, кто его дал (POST /api/v1/people/:id/consents)", uk: "згоду записує лише координатор або адміністратор, із зазначенням, хто її дав (POST /api/v1/people/:id/consents)" },
  "consent is changed by recording it (POST /api/v1/people/:id/consents: who gave it and how), not by editing the person": { ru: "согласие меняется записью о согласии (POST /api/v1/people/:id/consents: кто дал и как), а не правкой карточки", uk: "згода змінюється записом про згоду (POST /api/v1/people/:id/consents: хто дав і як), а не редагуванням картки" },
  "too many failed attempts: try again later": { ru: "слишком много неудачных попыток: попробуйте позже", uk: "забагато невдалих спроб: спробуйте пізніше" },
  "start enrolment first": { ru: "сначала начните подключение второго фактора", uk: "спершу почніть підключення другого фактора" },
  "no second factor is enrolled: enrol first": { ru: "второй фактор не подключён: сначала подключите его", uk: "другий фактор не підключено: спершу підключіть його" },
  "send code or recoveryCode": { ru: "введите код из приложения или резервный код", uk: "введіть код із застосунку або резервний код" },
  "send either code or recoveryCode": { ru: "введите либо код из приложения, либо резервный код", uk: "введіть або код із застосунку, або резервний код" },
  "six digits": { ru: "шесть цифр", uk: "шість цифр" },
  "you cannot deactivate yourself or change your own role: ask another admin": { ru: "нельзя отключить себя или сменить свою роль: попросите другого администратора", uk: "не можна вимкнути себе або змінити свою роль: попросіть іншого адміністратора" },
  "this is the last active admin": { ru: "это последний активный администратор", uk: "це останній активний адміністратор" },
  // People, cases, facilities, erasure
  // Duplicates and merges (services/duplicates.ts, merge.ts, lists/lifecycle.ts)
  "this may be a person already in the registry: merge, or send confirmDistinct: true if it is someone else": { ru: "возможно, этот человек уже есть в реестре: объедините записи или отправьте confirmDistinct: true, если это другой человек", uk: "можливо, ця людина вже є в реєстрі: об’єднайте записи або надішліть confirmDistinct: true, якщо це інша людина" },
  "this may be a person already in the registry": { ru: "возможно, этот человек уже есть в реестре", uk: "можливо, ця людина вже є в реєстрі" },
  "a record cannot be distinct from itself": { ru: "запись не может быть другим человеком по отношению к самой себе", uk: "запис не може бути іншою людиною щодо самого себе" },
  "a record cannot be merged into itself": { ru: "запись нельзя объединить с самой собой", uk: "запис не можна об’єднати із самим собою" },
  "both records hold a value for {fields}: choose whose to keep": { ru: "в обеих записях есть значения для {fields}: выберите, какое сохранить", uk: "в обох записах є значення для {fields}: виберіть, яке зберегти" },
  "this person was merged into {id}": { ru: "эта запись объединена с записью {id}", uk: "цей запис об’єднано із записом {id}" },
  "this person was merged into {id}: change that record": { ru: "эта запись объединена с записью {id}: изменяйте ту запись", uk: "цей запис об’єднано із записом {id}: змінюйте той запис" },
  "the list may name one person twice ({n} pairs): merge the records or confirm they are different people, then freeze": { ru: "в списке, возможно, один человек указан дважды (пар: {n}): объедините записи или подтвердите, что это разные люди, затем заморозьте список", uk: "у списку, можливо, одну людину вказано двічі (пар: {n}): об’єднайте записи або підтвердьте, що це різні люди, потім заморозьте список" },
  "the list may name one person twice: merge the records or confirm they are different people before freezing": { ru: "в списке, возможно, один человек указан дважды: до заморозки объедините записи или подтвердите, что это разные люди", uk: "у списку, можливо, одну людину вказано двічі: до заморожування об’єднайте записи або підтвердьте, що це різні люди" },
  "a person with external_id {id} exists already": { ru: "человек с внешним идентификатором {id} уже есть", uk: "людина із зовнішнім ідентифікатором {id} вже є" },
  "a facility named \"{name}\" exists": { ru: "учреждение «{name}» уже есть", uk: "установа «{name}» вже є" },
  "give the reason for the erasure (the request it answers)": { ru: "укажите основание удаления (на какой запрос оно отвечает)", uk: "вкажіть підставу видалення (на який запит воно відповідає)" },
  "expected YYYY-MM-DD": { ru: "нужна дата: ДД.ММ.ГГГГ или ГГГГ-ММ-ДД", uk: "потрібна дата: ДД.ММ.РРРР або РРРР-ММ-ДД" },
  "expected YYYY-MM-DD or YYYY": { ru: "нужна дата (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД) или год", uk: "потрібна дата (ДД.ММ.РРРР або РРРР-ММ-ДД) або рік" },
  "not a real date": { ru: "такой даты не бывает", uk: "такої дати не існує" },
  "not a real date between 1900 and 2030": { ru: "нужна настоящая дата между 1900 и 2030 годами", uk: "потрібна справжня дата між 1900 і 2030 роками" },
  "expected an article number such as 207.3": { ru: "нужен номер статьи, например 207.3", uk: "потрібен номер статті, наприклад 207.3" },
  "expected an ICD-10 code such as E10 or C34.1": { ru: "нужен код МКБ-10, например E10 или C34.1", uk: "потрібен код МКХ-10, наприклад E10 або C34.1" },
  "Latin letters as in the passport": { ru: "латинскими буквами, как в паспорте", uk: "латинськими літерами, як у паспорті" },
  "a term of zero": { ru: "срок не может быть нулевым", uk: "строк не може бути нульовим" },
  "give publicity or exchange consent (or both)": { ru: "укажите согласие на публичность или на обмен (или оба)", uk: "вкажіть згоду на публічність або на обмін (або обидві)" },
  "asOf must be a date (YYYY-MM-DD)": { ru: "дата расчёта должна быть датой (ГГГГ-ММ-ДД)", uk: "дата розрахунку має бути датою (РРРР-ММ-ДД)" },
  "required": { ru: "обязательное поле", uk: "обов’язкове поле" },
  "longer than {max} characters": { ru: "длиннее {max} символов", uk: "довше за {max} символів" },
  // Recognition (services/recognition.ts, domain/recognition)
  "recognition assessments and decisions are made by a signed-in person, not by the system": { ru: "оценки и решения о признании принимает вошедший в систему человек, а не система", uk: "оцінки та рішення про визнання ухвалює людина, що увійшла в систему, а не система" },
  "another decision was recorded at the same time; reload and decide again": { ru: "в это же время записано другое решение: обновите страницу и решите снова", uk: "водночас записано інше рішення: оновіть сторінку й вирішіть знову" },
  "The author of an assessment cannot decide on it: a second reviewer must (four-eyes rule).": { ru: "Автор оценки не может решать по ней: решает второй рецензент (правило четырёх глаз).", uk: "Автор оцінки не може вирішувати за нею: вирішує другий рецензент (правило чотирьох очей)." },
  "Deciding on recognition needs one of the roles: {roles}.": { ru: "Решать о признании может только роль: {roles}.", uk: "Вирішувати про визнання може лише роль: {roles}." },
  "A decision needs a reason.": { ru: "У решения должно быть обоснование.", uk: "Рішення потребує обґрунтування." },
  "Recognition needs at least one PACE 1900 criterion (a)–(e) found met in the assessment.": { ru: "Для признания в оценке должен быть выполнен хотя бы один критерий ПАСЕ 1900 (a)–(e).", uk: "Для визнання в оцінці має бути виконано хоча б один критерій ПАРЄ 1900 (a)–(e)." },
  "Exclusion(s) found to apply ({kinds}): recognising needs an explicit acknowledgement and a reason that addresses them.": { ru: "Применимы исключения ({kinds}): для признания нужно явно их признать и обосновать решение с их учётом.", uk: "Застосовні винятки ({kinds}): для визнання треба явно їх визнати й обґрунтувати рішення з їх урахуванням." },
  "A decision cannot be reversed by the reviewer who made it: another reviewer must.": { ru: "Решение не может отменить тот же рецензент, который его принял: это делает другой рецензент.", uk: "Рішення не може скасувати той самий рецензент, який його ухвалив: це робить інший рецензент." },
  "Reversing a decision needs a reason of substance: at least {min} characters, mostly words. It is shown to the next reviewer.": { ru: "Для отмены решения нужно содержательное обоснование: не меньше {min} символов, в основном слова. Его увидит следующий рецензент.", uk: "Для скасування рішення потрібне змістовне обґрунтування: не менше {min} символів, переважно слова. Його побачить наступний рецензент." },
  "The current decision is already \"{outcome}\".": { ru: "Текущее решение уже такое: «{outcome}».", uk: "Поточне рішення вже таке: «{outcome}»." },
  "A decision needs sources: cite at least one for each criterion found met ({criteria}), or decide \"needs more information\".": { ru: "Для решения нужны источники: укажите хотя бы один для каждого выполненного критерия ({criteria}) или решите «нужно больше сведений».", uk: "Для рішення потрібні джерела: вкажіть хоча б одне для кожного виконаного критерію ({criteria}) або вирішіть «потрібно більше відомостей»." },
  "none cited": { ru: "ни один не указан", uk: "жодного не вказано" },
  "say why": { ru: "объясните почему", uk: "поясніть чому" },
  "criterion ({criterion}) given twice": { ru: "критерий ({criterion}) указан дважды", uk: "критерій ({criterion}) вказано двічі" },
  // Priority weights
  "the weights were edited at the same time by someone else; reload and edit again": { ru: "веса в это же время изменил кто-то другой: обновите страницу и измените снова", uk: "ваги водночас змінив хтось інший: оновіть сторінку й змініть знову" },
  "bands must be in strictly decreasing minYears": { ru: "интервалы должны идти по строго убывающему минимальному сроку", uk: "інтервали мають іти за строго спадним мінімальним строком" },
  "the last band must start at 0 years": { ru: "последний интервал должен начинаться с 0 лет", uk: "останній інтервал має починатися з 0 років" },
  // Appeals
  "this appeal was merged into another one; act on that one": { ru: "это обращение объединено с другим: работайте с тем", uk: "це звернення об’єднано з іншим: працюйте з тим" },
  "this appeal has no way back to the family: reply by the contact method they gave": {
    ru: "ответить семье этим путём нельзя: свяжитесь с ней тем способом, который она указала",
    uk: "відповісти родині цим шляхом не можна: звʼяжіться з нею у спосіб, який вона вказала",
  },
  "the message could not be sent to the family; nothing was recorded, try again later": {
    ru: "сообщение семье отправить не удалось; ничего не записано, попробуйте позже",
    uk: "повідомлення родині надіслати не вдалося; нічого не записано, спробуйте пізніше",
  },
  "this appeal is linked to a registry person already": { ru: "это обращение уже связано с человеком из реестра", uk: "це звернення вже пов’язане з людиною з реєстру" },
  "the appeal names nobody: give primaryName": { ru: "в обращении никто не назван: укажите имя", uk: "у зверненні нікого не названо: вкажіть ім’я" },
  "an appeal cannot be merged into itself": { ru: "обращение нельзя объединить с самим собой", uk: "звернення не можна об’єднати із самим собою" },
  "these appeals are merged the other way already": { ru: "эти обращения уже объединены в обратную сторону", uk: "ці звернення вже об’єднано у зворотний бік" },
  "only a lawyer can be assigned to give legal help": { ru: "для юридической помощи можно назначить только юриста", uk: "для правової допомоги можна призначити лише юриста" },
  "no organisation receives appeals on this server": { ru: "на этом сервере ни одна организация не принимает обращения", uk: "на цьому сервері жодна організація не приймає звернень" },
  "this appeal is closed; reopen it for review first": { ru: "обращение закрыто: сначала откройте его снова для рассмотрения", uk: "звернення закрито: спершу відкрийте його знову для розгляду" },
  "appeal refused: {reason}": { ru: "обращение не принято: {reason}", uk: "звернення не прийнято: {reason}" },
  "attachment is damaged (size differs)": { ru: "вложение повреждено (размер не совпадает)", uk: "вкладення пошкоджене (розмір не збігається)" },
  // Exchange lists
  "choose at least one category": { ru: "выберите хотя бы одну категорию", uk: "виберіть хоча б одну категорію" },
  "some people are not in the registry": { ru: "некоторых людей нет в реестре", uk: "деяких людей немає в реєстрі" },
  "only our own lists can be copied; import the other side's new file instead": { ru: "копировать можно только свои списки; новый файл другой стороны импортируйте", uk: "копіювати можна лише власні списки; новий файл іншої сторони імпортуйте" },
  "a counterpart list is changed by importing the new file it came as": { ru: "список другой стороны меняется импортом нового файла, в котором он пришёл", uk: "список іншої сторони змінюється імпортом нового файлу, у якому він надійшов" },
  "the list was changed by someone else meanwhile; reload it and try again": { ru: "список тем временем изменил кто-то другой: обновите страницу и попробуйте снова", uk: "список тим часом змінив хтось інший: оновіть сторінку й спробуйте знову" },
  "an all-for-all list takes every person in the chosen categories: remove the filters": { ru: "список «всех на всех» включает всех в выбранных категориях: уберите фильтры", uk: "список «всіх на всіх» включає всіх у вибраних категоріях: приберіть фільтри" },
  "name at least one person to add or remove": { ru: "укажите хотя бы одного человека, чтобы добавить или убрать", uk: "вкажіть хоча б одну людину, щоб додати або прибрати" },
  "cannot {attempted}: list \"{name}\" is {status} at version {version} and can no longer be changed; copy it to a new draft to continue": { ru: "нельзя ({attempted}): список «{name}» в состоянии «{status}» на версии {version} и больше не меняется; чтобы продолжить, скопируйте его в новый черновик", uk: "не можна ({attempted}): список «{name}» у стані «{status}» на версії {version} і більше не змінюється; щоб продовжити, скопіюйте його в нову чернетку" },
  "not a version number: {n}": { ru: "это не номер версии: {n}", uk: "це не номер версії: {n}" },
  "version {version} is not the current version ({current}); only the current version can be frozen": { ru: "версия {version} не текущая ({current}); зафиксировать можно только текущую версию", uk: "версія {version} не поточна ({current}); зафіксувати можна лише поточну версію" },
  "some people on the list have no recorded consent to exchange: record their consent, remove them, or give a coordinator's reason to freeze anyway": { ru: "у некоторых людей в списке не записано согласие на обмен: запишите согласие, уберите их из списка или укажите причину координатора, чтобы заморозить список всё равно", uk: "у деяких людей у списку не записано згоди на обмін: запишіть згоду, приберіть їх зі списку або вкажіть причину координатора, щоб заморозити список попри це" },
  "the reason for freezing without recorded consent is too short: say why, in at least 20 characters": { ru: "причина заморозки без записанного согласия слишком короткая: объясните, не менее 20 символов", uk: "причина заморожування без записаної згоди занадто коротка: поясніть, щонайменше 20 символів" },
  "the list is being built ({done} of {total} people so far): try again when it is done": { ru: "список ещё строится (обработано людей: {done} из {total}): попробуйте снова, когда он будет готов", uk: "список ще будується (опрацьовано осіб: {done} з {total}): спробуйте знову, коли він буде готовий" },
  "{gone} of the people on the list were erased or merged while it was being built: build it again": { ru: "пока список строился, из реестра удалили или объединили людей из него ({gone}): постройте его заново", uk: "поки список будувався, з реєстру видалили або об’єднали людей із нього ({gone}): побудуйте його заново" },
  "building the list failed: build it again": { ru: "построить список не удалось: постройте его заново", uk: "побудувати список не вдалося: побудуйте його заново" },
  "the list has nobody eligible on it: there is nothing to negotiate": { ru: "в списке нет ни одного подходящего человека: обсуждать нечего", uk: "у списку немає жодної відповідної людини: обговорювати нічого" },
  "a list is signed off by a signed-in coordinator, not by the system": { ru: "список утверждает вошедший в систему координатор, а не система", uk: "список затверджує координатор, що увійшов у систему, а не система" },
  "freeze the list before signing it off": { ru: "сначала зафиксируйте список, потом утверждайте", uk: "спершу зафіксуйте список, потім затверджуйте" },
  "the list is {status}: no more sign-offs are taken": { ru: "список в состоянии «{status}»: утверждения больше не принимаются", uk: "список у стані «{status}»: затвердження більше не приймаються" },
  "you have signed this version off already: the second sign-off must come from a different coordinator": { ru: "вы уже утвердили эту версию: второе утверждение должен дать другой координатор", uk: "ви вже затвердили цю версію: друге затвердження має дати інший координатор" },
  "the outcome is recorded on our own list, not on the counterpart's": { ru: "итог записывается в нашем списке, а не в списке другой стороны", uk: "підсумок записується в нашому списку, а не в списку іншої сторони" },
  "only a signed-off list can be marked carried out (this one is {status})": { ru: "исполненным можно отметить только утверждённый список (этот — «{status}»)", uk: "виконаним можна позначити лише затверджений список (цей — «{status}»)" },
  "a freed person is not in the registry": { ru: "освобождённого человека нет в реестре", uk: "звільненої людини немає в реєстрі" },
  // Counterpart files, reconciliation
  "compare a counterpart list with one of our own lists": { ru: "сравнивайте список другой стороны с одним из наших списков", uk: "порівнюйте список іншої сторони з одним із наших списків" },
  "only a counterpart list takes an imported file": { ru: "файл можно импортировать только в список другой стороны", uk: "файл можна імпортувати лише в список іншої сторони" },
  "name the counterpart list": { ru: "назовите список другой стороны", uk: "назвіть список іншої сторони" },
  "this report is for counterpart lists": { ru: "этот отчёт — для списков другой стороны", uk: "цей звіт — для списків іншої сторони" },
  "it is not a zip archive": { ru: "это не zip-архив", uk: "це не zip-архів" },
  "binary content": { ru: "двоичные данные", uk: "двійкові дані" },
  "no header line in the first 64 KiB": { ru: "в первых 64 КиБ нет строки заголовков", uk: "у перших 64 КіБ немає рядка заголовків" },
  "{file}: not a readable XLSX file ({reason})": { ru: "{file}: не читается как файл XLSX ({reason})", uk: "{file}: не читається як файл XLSX ({reason})" },
  "{file}: the workbook has no sheet": { ru: "{file}: в книге нет ни одного листа", uk: "{file}: у книзі немає жодного аркуша" },
  "{file}: not a readable CSV file ({reason})": { ru: "{file}: не читается как файл CSV ({reason})", uk: "{file}: не читається як файл CSV ({reason})" },
  "{file}: unsupported file type (use .csv or .xlsx)": { ru: "{file}: этот тип файла не поддерживается (нужен .csv или .xlsx)", uk: "{file}: цей тип файлу не підтримується (потрібен .csv або .xlsx)" },
  "{file}: no name column found (expected one of: {names}; or surname/given name columns)": { ru: "{file}: не найден столбец с именем (ожидается один из: {names}; или столбцы фамилии и имени)", uk: "{file}: не знайдено стовпця з ім’ям (очікується один із: {names}; або стовпці прізвища та імені)" },
  "{file}: no rows with a name": { ru: "{file}: нет строк с именем", uk: "{file}: немає рядків з ім’ям" },
  "minScore must be in (0, 1]": { ru: "минимальная оценка должна быть в пределах (0, 1]", uk: "мінімальна оцінка має бути в межах (0, 1]" },
  "{file}: no \"name\" column (found: {headers})": { ru: "{file}: нет столбца «name» (найдены: {headers})", uk: "{file}: немає стовпця «name» (знайдено: {headers})" },
  "{file}:{row}: name longer than 300 characters": { ru: "{file}:{row}: имя длиннее 300 символов", uk: "{file}:{row}: ім’я довше за 300 символів" },
  "{file}: no rows under the header": { ru: "{file}: под заголовком нет строк", uk: "{file}: під заголовком немає рядків" },
  // Tabular files (services/tabular) and the import review list (services/import/review.ts)
  "{file}: cannot be read as CSV, XLSX or JSON ({reason})": { ru: "{file}: не читается ни как CSV, ни как XLSX, ни как JSON ({reason})", uk: "{file}: не читається ні як CSV, ні як XLSX, ні як JSON ({reason})" },
  "{file}: no header row": { ru: "{file}: нет строки заголовков", uk: "{file}: немає рядка заголовків" },
  "{file}: no sheet \"{sheet}\"; the workbook has: {sheets}": { ru: "{file}: нет листа «{sheet}»; в книге есть: {sheets}", uk: "{file}: немає аркуша «{sheet}»; у книзі є: {sheets}" },
  "{file}: old .xls workbooks cannot be read; save it as .xlsx or CSV": { ru: "{file}: старые книги .xls не читаются; сохраните файл как .xlsx или CSV", uk: "{file}: старі книги .xls не читаються; збережіть файл як .xlsx або CSV" },
  "{file}: no name column (found: {headers}; accepted: {accepted}, or surname + given name columns)": { ru: "{file}: нет колонки с именем (найдены: {headers}; подходят: {accepted} или колонки фамилии и имени)", uk: "{file}: немає колонки з ім’ям (знайдено: {headers}; підходять: {accepted} або колонки прізвища та імені)" },
  "import review item not found": { ru: "строка на проверку не найдена", uk: "рядок на перевірку не знайдено" },
  "this row has already been decided": { ru: "по этой строке уже принято решение", uk: "щодо цього рядка вже ухвалено рішення" },
  "decision \"{decision}\" does not fit a {reason} item": { ru: "решение «{decision}» не подходит к строке типа {reason}", uk: "рішення «{decision}» не підходить до рядка типу {reason}" },
  "only a coordinator or an admin may change consent": { ru: "менять согласие может только координатор или администратор", uk: "змінювати згоду може лише координатор або адміністратор" },
  // Backups (CLI, but services may be called over HTTP one day)
  "this backup is sealed with a passphrase: pass --passphrase-file or ALLFORALL_BACKUP_PASSPHRASE": { ru: "резервная копия защищена парольной фразой: передайте --passphrase-file или ALLFORALL_BACKUP_PASSPHRASE", uk: "резервну копію захищено парольною фразою: передайте --passphrase-file або ALLFORALL_BACKUP_PASSPHRASE" },
  "this backup is sealed under field key {keyId}, which is not in the key file": { ru: "резервная копия зашифрована ключом {keyId}, которого нет в файле ключей", uk: "резервну копію зашифровано ключем {keyId}, якого немає у файлі ключів" },
  "not an allforall backup file": { ru: "это не файл резервной копии allforall", uk: "це не файл резервної копії allforall" },
  "the backup file is truncated": { ru: "файл резервной копии обрезан", uk: "файл резервної копії обрізано" },
  "the backup cannot be opened: wrong key or passphrase, or the file was altered": { ru: "резервную копию не открыть: неверный ключ или парольная фраза, или файл изменён", uk: "резервну копію не відкрити: неправильний ключ чи парольна фраза, або файл змінено" },
  "the backup has tables this version does not know ({tables}): restore with the newer version": { ru: "в резервной копии есть таблицы, неизвестные этой версии ({tables}): восстанавливайте более новой версией", uk: "у резервній копії є таблиці, невідомі цій версії ({tables}): відновлюйте новішою версією" },
  "the database is not empty: restore into an empty database, or pass --force to replace everything": { ru: "база данных не пуста: восстанавливайте в пустую базу или передайте --force, чтобы заменить всё", uk: "база даних не порожня: відновлюйте в порожню базу або передайте --force, щоб замінити все" },
  // Import (services/import/importPeople.ts)
  "the person with external id {id} was deleted while {file} was being imported; import the file again": { ru: "человека с внешним идентификатором {id} удалили, пока импортировался файл {file}: импортируйте файл ещё раз", uk: "людину із зовнішнім ідентифікатором {id} видалили, поки імпортувався файл {file}: імпортуйте файл ще раз" },
  // Officials (services/officials.ts, officialLinks.ts)
  "official not found": { ru: "чиновник не найден", uk: "посадовця не знайдено" },
  "case role not found": { ru: "роль в деле не найдена", uk: "роль у справі не знайдено" },
  "link proposal not found": { ru: "предложенная связь не найдена", uk: "запропонований зв’язок не знайдено" },
  "{field}: no public body with id {id}": { ru: "{field}: нет государственного органа с идентификатором {id}", uk: "{field}: немає державного органу з ідентифікатором {id}" },
  "{field}: no source with id {id}": { ru: "{field}: нет источника с идентификатором {id}", uk: "{field}: немає джерела з ідентифікатором {id}" },
  "{field}: \"{what}\" ends ({to}) before it starts ({from})": { ru: "{field}: «{what}» заканчивается ({to}) раньше, чем начинается ({from})", uk: "{field}: «{what}» закінчується ({to}) раніше, ніж починається ({from})" },
  "the end date {to} is before the start date {from}": { ru: "дата окончания {to} раньше даты начала {from}", uk: "дата закінчення {to} раніша за дату початку {from}" },
  "the official already has this role in this case": { ru: "у этого чиновника уже есть эта роль в этом деле", uk: "цей посадовець уже має цю роль у цій справі" },
  "this proposal was decided already": { ru: "по этому предложению уже принято решение", uk: "щодо цієї пропозиції вже ухвалено рішення" },
  "an official named \"{name}\" exists: confirm that this is a different person": { ru: "чиновник «{name}» уже есть: подтвердите, что это другой человек", uk: "посадовець «{name}» вже є: підтвердьте, що це інша людина" },
  "a public body named \"{name}\" exists": { ru: "государственный орган «{name}» уже есть", uk: "державний орган «{name}» вже є" },
  // Requests the framework refuses before a route runs
  "the request body is too large": { ru: "запрос слишком большой", uk: "запит завеликий" },
  "the request could not be read": { ru: "запрос не удалось прочитать", uk: "запит не вдалося прочитати" },
  "something went wrong; the error was logged": { ru: "что-то пошло не так; ошибка записана в журнал", uk: "щось пішло не так; помилку записано в журнал" },
} as const satisfies Record<string, Pair>;

/** `"{file}: no rows"` → `` `${string}: no rows` ``: the type a thrown message must have to be translatable. */
type Template<S extends string> = S extends `${infer A}{${string}}${infer B}` ? `${A}${string}${Template<B>}` : S;
export type ServerText = Template<keyof typeof serverTexts>;
/** What `notFound(what)` may name: exactly the things with a translated "… not found". */
export type NotFoundThing = ServerText extends infer T ? (T extends `${infer W} not found` ? W : never) : never;

type Compiled = { re: RegExp; names: string[]; text: Pair };
let compiled: Compiled[] | null = null;
const exact = new Map<string, Pair>(Object.entries(serverTexts) as [string, Pair][]);

function templates(): Compiled[] {
  if (compiled) return compiled;
  compiled = [];
  for (const [en, text] of exact) {
    if (!en.includes("{")) continue;
    const names: string[] = [];
    const src = en.split(/(\{\w+\})/).map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(m[1]!);
      return "([\\s\\S]*?)";
    });
    compiled.push({ re: new RegExp(`^${src.join("")}$`), names, text });
  }
  return compiled;
}

/**
 * The server's English sentence in `locale`. Variable parts are kept as they came (a file name, a list's name),
 * except that a part which is itself a known sentence is translated too ("password: use at least 12 characters").
 * A sentence not in the table comes back unchanged.
 */
export function localizeServerText(locale: "en" | "ru" | "uk", message: string, depth = 0): string {
  if (locale === "en" || depth > 2) return message;
  const hit = exact.get(message);
  if (hit) return hit[locale];
  for (const c of templates()) {
    const m = c.re.exec(message);
    if (!m) continue;
    const values = new Map(c.names.map((n, i) => [n, localizeServerText(locale, m[i + 1] ?? "", depth + 1)]));
    return c.text[locale].replace(/\{(\w+)\}/g, (whole, n: string) => values.get(n) ?? whole);
  }
  return message;
}
