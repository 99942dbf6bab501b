/* `epistle new`: a starter letter that renders as it is and explains itself. The wording
 * of the letter is in its language (English for languages without a text of their own);
 * the comments, which explain the format, are in English. */
#include "letter/starter.h"

#include <string.h>


typedef struct wording {
    const char *lang;          /* the tag it is for, by prefix ("zh-Hant" before "zh") */
    const char *from, *from_addr[2], *to, *to_addr[3];
    const char *subject, *opening, *closing, *signer, *title;
    const char *body[4];       /* paragraph, quotation, lead-in to the list, last paragraph */
    const char *items[2];
} wording;

static const wording texts[] = {
    {"de", "Ihr Verein e. V.", {"Beispielstraße 1", "12345 Musterstadt"}, "Frau Ministerin Dr. Erika Muster",
     {"Ministerium für Beispiele", "Regierungsplatz 10", "10115 Berlin"}, "Worum es in diesem Brief geht",
     "Sehr geehrte Frau Ministerin,", "Mit freundlichen Grüßen", "Alex Beispiel", "Vorsitz",
     {"wir schreiben Ihnen, weil … Absätze werden durch Leerzeilen getrennt.",
      "Ein Zitat wird als eingerücktes Blockzitat gesetzt.", "Wir bitten Sie daher,",
      "Für ein Gespräch stehen wir Ihnen gern zur Verfügung."},
     {"die erste Bitte zu prüfen;", "die zweite Bitte zu prüfen."}},
    {"fr", "Votre association", {"1 rue de l’Exemple", "75001 Paris"}, "Madame la Ministre",
     {"Ministère des Exemples", "10 place du Gouvernement", "75007 Paris"}, "Objet de la lettre",
     "Madame la Ministre,", "Veuillez agréer, Madame la Ministre, l’expression de notre haute considération.",
     "Camille Exemple", "Présidente",
     {"Nous vous écrivons au sujet de … Les paragraphes sont séparés par une ligne vide.",
      "Une citation est composée en retrait.", "Nous vous demandons donc :",
      "Nous restons à votre disposition pour un entretien."},
     {"d’examiner la première demande ;", "d’examiner la seconde demande."}},
    {"zh-Hans", "您的机构", {"示例路1号", "北京市 100000"}, "某某部长",
     {"示例部", "政府大街10号", "北京市 100000"}, "主题：本信所涉事项",
     "尊敬的部长：", "此致　敬礼", "张示例", "主任",
     {"我们致函贵部，是为了……段落之间以空行分隔。", "引文以缩进的引用段落排出。", "因此，我们恳请：",
      "我们随时愿意与贵部会面商谈。"},
     {"审议第一项请求；", "审议第二项请求。"}},
    {"zh", "貴機構名稱", {"範例路一號", "臺北市 100"}, "某某部長",
     {"範例部", "政府大道十號", "臺北市 100"}, "主旨：本函所涉事項",
     "部長鈞鑒：", "此致　敬禮", "陳範例", "執行長",
     {"我們致函貴部，是為了……段落之間以空行分隔。", "引文以縮排的引用段落排出。", "因此，我們懇請：",
      "我們隨時願意與貴部會面商談。"},
     {"審議第一項請求；", "審議第二項請求。"}},
    {"ja", "貴団体名", {"〒100-0001", "東京都千代田区例町1-2-3"}, "例示省 大臣 山田 太郎 様",
     {"〒100-8900", "東京都千代田区霞が関1-1-1", "例示省"}, "本状の件名について",
     "拝啓　時下ますますご清祥のこととお慶び申し上げます。", "敬具", "佐藤 例子", "代表理事",
     {"さて、本日は……についてお願い申し上げたく、筆を執りました。段落は空行で区切ります。",
      "引用は字下げした引用段落として組まれます。", "つきましては、次の点をお願い申し上げます。",
      "ご多忙のところ恐縮ですが、ご検討のほどよろしくお願い申し上げます。"},
     {"第一の要望をご検討いただくこと。", "第二の要望をご検討いただくこと。"}},
    {"ko", "귀 단체명", {"서울특별시 종로구 예시로 1", "03000"}, "예시부 장관님",
     {"예시부", "서울특별시 종로구 정부로 10", "03171"}, "제목: 이 편지의 용건",
     "장관님께,", "감사합니다.", "김예시", "대표",
     {"저희는 …에 관하여 말씀드리고자 이 글을 드립니다. 문단은 빈 줄로 구분합니다.",
      "인용문은 들여 쓴 인용 단락으로 조판됩니다.", "따라서 다음을 요청드립니다.",
      "언제든지 직접 뵙고 말씀드릴 수 있기를 바랍니다."},
     {"첫 번째 요청을 검토해 주십시오.", "두 번째 요청을 검토해 주십시오."}},
    {"ar", "اسم منظمتكم", {"شارع المثال 1", "المدينة 11111"}, "معالي الوزير",
     {"وزارة المثال", "شارع الحكومة 10", "العاصمة 10000"}, "الموضوع: ما تتناوله هذه الرسالة",
     "معالي الوزير المحترم،", "وتفضلوا بقبول فائق الاحترام والتقدير،", "سارة المثال", "المديرة التنفيذية",
     {"نكتب إليكم بشأن … ويُفصل بين الفقرات بسطر فارغ.", "يُصفّ الاقتباس فقرةً مزاحةً عن الهامش.",
      "وعليه، فإننا نطلب منكم:", "ونحن على استعداد تام للقاء معاليكم لمناقشة هذه المسائل."},
     {"النظر في الطلب الأول؛", "النظر في الطلب الثاني."}},
    {"fa", "نام سازمان شما", {"خیابان نمونه، شمارهٔ ۱", "تهران ۱۱۱۱۱"}, "جناب آقای وزیر",
     {"وزارت نمونه", "خیابان دولت، شمارهٔ ۱۰", "تهران ۱۰۰۰۰"}, "موضوع: آنچه این نامه دربارهٔ آن است",
     "جناب آقای وزیر،", "با احترام،", "سارا نمونه", "مدیر اجرایی",
     {"این نامه را دربارهٔ … می‌نویسیم. بندها با یک سطر خالی از هم جدا می‌شوند.",
      "نقل‌قول به صورت بندی تورفته چیده می‌شود.", "از این رو از شما درخواست می‌کنیم:",
      "آماده‌ایم در این باره با شما گفت‌وگو کنیم."},
     {"درخواست نخست را بررسی کنید؛", "درخواست دوم را بررسی کنید."}},
    {"ur", "آپ کی تنظیم کا نام", {"مثال روڈ 1", "اسلام آباد 44000"}, "جناب وزیر صاحب",
     {"وزارتِ مثال", "حکومت روڈ 10", "اسلام آباد 44000"}, "موضوع: اس خط کا مقصد",
     "محترم وزیر صاحب،", "نیک تمناؤں کے ساتھ،", "سارہ مثال", "ایگزیکٹو ڈائریکٹر",
     {"ہم آپ کو … کے بارے میں لکھ رہے ہیں۔ پیراگراف ایک خالی سطر سے الگ کیے جاتے ہیں۔",
      "اقتباس حاشیے سے ہٹ کر الگ پیراگراف میں لکھا جاتا ہے۔", "لہٰذا ہماری درخواست ہے کہ:",
      "ہم اس سلسلے میں آپ سے ملاقات کے لیے ہر وقت تیار ہیں۔"},
     {"پہلی درخواست پر غور کیا جائے؛", "دوسری درخواست پر غور کیا جائے۔"}},
    {"he", "שם הארגון שלכם", {"רחוב הדוגמה 1", "ירושלים 9100001"}, "כבוד השר",
     {"משרד הדוגמה", "שדרות הממשלה 10", "ירושלים 9100002"}, "הנדון: נושא המכתב",
     "כבוד השר,", "בכבוד רב,", "שרה דוגמה", "מנהלת כללית",
     {"אנו פונים אליך בעניין … פסקאות מופרדות בשורה ריקה.", "ציטוט נקבע כפסקה מוזחת.",
      "לפיכך אנו מבקשים:", "נשמח להיפגש עמך כדי לדון בדברים."},
     {"לבחון את הבקשה הראשונה;", "לבחון את הבקשה השנייה."}},
    {"", "Your Organisation", {"1 Example Street", "Example Town EX1 2MP"}, "The Hon. Jane Doe, Minister",
     {"Ministry of Examples", "10 Government Road", "Capital City 1000"}, "Re: What this letter is about",
     "Dear Minister,", "Yours sincerely,", "Alex Example", "Director",
     {"We write to you about … Paragraphs are separated by a blank line; *emphasis*, **bold** "
      "and [links](https://example.org) are written as in Markdown.",
      "A quotation is set as an indented block quote.", "We therefore ask you to:",
      "We would welcome the chance to discuss this with you."},
     {"consider the first request;", "consider the second request."}},
};

static const char *const layouts[] = {"block", "din5008-a", "din5008-b", "sn010130", "us-window", "jp"};

int ep_starter_layout_known(const char *layout)
{
    for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++)
        if (!strcmp(layout, layouts[i])) return 1;
    return 0;
}

const char *ep_starter_layouts(void) { return "block, din5008-a, din5008-b, sn010130, us-window, jp"; }

static const wording *wording_for(const char *lang)
{
    /* Chinese as written in mainland China and Singapore: simplified characters. */
    if (!strncmp(lang, "zh", 2) && (strstr(lang, "Hans") || strstr(lang, "-CN") || strstr(lang, "-SG")))
        return &texts[2];
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        size_t n = strlen(texts[i].lang);
        if (!strncmp(lang, texts[i].lang, n) && (lang[n] == 0 || lang[n] == '-' || !n)) return &texts[i];
    }
    return &texts[sizeof texts / sizeof *texts - 1];
}

/* A YAML scalar in double quotes: safe whatever the text holds (a colon, a leading '#'). */
static void quoted(ep_buf *b, const char *s)
{
    ep_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') ep_buf_putc(b, '\\');
        if (*s == '\n') ep_buf_puts(b, "\\n");
        else ep_buf_putc(b, *s);
    }
    ep_buf_putc(b, '"');
}

static void key(ep_buf *b, const char *indent, const char *k, const char *v, const char *comment)
{
    ep_buf_printf(b, "%s%s: ", indent, k);
    quoted(b, v);
    if (comment) ep_buf_printf(b, "  # %s", comment);
    ep_buf_putc(b, '\n');
}

void ep_starter_letter(ep_buf *b, const char *lang, const char *layout, const char *date)
{
    const wording *w = wording_for(lang);
    ep_buf_puts(b, "---\n"
                   "# A letter for epistle: YAML front matter (up to the next ---) and a CommonMark body.\n"
                   "# Render it:  epistle render THIS.md -o letter.pdf\n"
                   "# The format: man 5 epistle-letter, or docs/letter-format.md.\n");
    key(b, "", "lang", lang, "the language: dates, labels, hyphenation, fonts, line breaking");
    key(b, "", "layout", layout, "block, din5008-a, din5008-b, sn010130, us-window or jp");
    key(b, "", "date", date, "an ISO date, printed the way the language writes dates");
    ep_buf_puts(b, "from:  # the sender, in the letterhead\n");
    key(b, "  ", "name", w->from, NULL);
    ep_buf_puts(b, "  address:\n");
    for (int i = 0; i < 2; i++) {
        ep_buf_puts(b, "    - ");
        quoted(b, w->from_addr[i]);
        ep_buf_putc(b, '\n');
    }
    key(b, "  ", "email", "office@example.org", "e-mail and web become links");
    key(b, "  ", "web", "example.org", NULL);
    ep_buf_puts(b, "  # logo: logo.png          # a PNG or JPEG, top right\n");
    ep_buf_puts(b, "to:  # the recipient; in a window layout the address must fit the window\n");
    key(b, "  ", "name", w->to, NULL);
    ep_buf_puts(b, "  address:\n");
    for (int i = 0; i < 3; i++) {
        ep_buf_puts(b, "    - ");
        quoted(b, w->to_addr[i]);
        ep_buf_putc(b, '\n');
    }
    ep_buf_puts(b, "# reference:               # reference line or DIN 5008 information block\n"
                   "#   your_ref: AB-123\n"
                   "#   our_ref: XY/7\n");
    key(b, "", "subject", w->subject, "set as the letter's heading");
    key(b, "", "opening", w->opening, NULL);
    key(b, "", "closing", w->closing, NULL);
    ep_buf_puts(b, "signatories:  # one or more, side by side; each gets a digital-signature field\n");
    ep_buf_puts(b, "  - ");
    key(b, "", "name", w->signer, NULL);
    key(b, "    ", "title", w->title, NULL);
    key(b, "    ", "organization", w->from, NULL);
    ep_buf_puts(b, "    # signature: signature.png   # an image of the handwritten signature\n"
                   "# cc:\n"
                   "#   - Someone who gets a copy\n"
                   "# enclosures:\n"
                   "#   - A document sent with the letter\n"
                   "# ps: A postscript.\n"
                   "# style:                    # the look: a built-in style or a file (style: compact), or keys:\n"
                   "#   style: modern            #   based on classic (the default), compact, modern or a file\n"
                   "#   size: 11pt               #   body size (pt, mm, in)\n"
                   "#   leading: 1.4             #   line height, a factor of the size or a length\n"
                   "#   margins: {top: 18mm, bottom: 22mm, left: 25mm, right: 20mm}\n"
                   "#   paragraph: spaced        #   or indented\n"
                   "#   faces: {body: serif, letterhead: sans, subject: serif, zh-Hant: Noto Serif CJK TC}\n"
                   "#   colors: {letterhead: \"#1f4e79\", rules: \"#1f4e79\", links: \"#1f4e79\"}\n"
                   "#   letterhead: {align: left, logo: right}\n"
                   "#   closing: {align: left}   #   the signatures follow it\n"
                   "#   labels: {enclosures: [Enclosure, Enclosures], cc: Copy to}\n"
                   "#   fit: auto                #   set tighter to save a nearly empty last page; or none\n"
                   "#   min_size: 10pt           #   fit never goes below this\n"
                   "---\n\n");
    ep_buf_printf(b, "%s\n\n> %s\n\n%s\n\n1. %s\n2. %s\n\n%s\n", w->body[0], w->body[1], w->body[2], w->items[0],
                  w->items[1], w->body[3]);
}
