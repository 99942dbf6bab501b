/* Front matter: YAML (libyaml's document loader) mapped onto the letter model.
 * The loader gives us nodes with marks, so each value keeps its line and column. */
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "letter/model.h"
#include "letter/yaml.h"
#include "util/paths.h"
#include "util/spelling.h"

typedef struct fm {
    ep_arena *a;
    ep_diag *d;
    yaml_document_t *doc;
    const char *file;
    int first_line;
    int failed;
} fm;

/* Image paths in a letter are relative to the letter file. One that a template fills in is
 * found once it is filled in: a record's value may be absolute. */
static void resolve_path(fm *f, ep_text *t)
{
    if (t->s && !strstr(t->s, "{{")) t->s = ep_path_beside(f->a, f->file, t->s);
}

/* Where a node is; a value on one line is spanned whole, so that a message can underline it. */
static ep_pos node_pos(fm *f, yaml_node_t *n)
{
    ep_pos p = ep_pos_make(f->file, f->first_line + (int)n->start_mark.line, (int)n->start_mark.column + 1);
    if (n->type == YAML_SCALAR_NODE && n->end_mark.line == n->start_mark.line && n->end_mark.column > n->start_mark.column)
        p.end = (int)n->end_mark.column + 1;
    return p;
}

/* Words people write for a key, with the key they mean (compared ignoring case, '-' and
 * ' '): a newcomer writes what the thing is called in the letters they know. */
static const struct { const char *word, *key; } synonyms[] = {
    {"signatory", "signatories"},   {"signers", "signatories"},      {"signer", "signatories"},
    {"signees", "signatories"},     {"signed_by", "signatories"},    {"authors", "signatories"},
    {"salutation", "opening"},      {"greeting", "opening"},         {"dear", "opening"},
    {"sender", "from"},             {"author", "from"},              {"return_address", "from"},
    {"recipient", "to"},            {"addressee", "to"},             {"recipients", "to"},
    {"re", "subject"},              {"regarding", "subject"},        {"concerning", "subject"},
    {"valediction", "closing"},     {"sign_off", "closing"},         {"signoff", "closing"},
    {"complimentary_close", "closing"}, {"close", "closing"},
    {"language", "lang"},           {"locale", "lang"},
    {"copies", "cc"},               {"copy", "cc"},                  {"copy_to", "cc"},
    {"enclosure", "enclosures"},    {"encl", "enclosures"},          {"attachments", "enclosures"},
    {"attachment", "enclosures"},   {"postscript", "ps"},            {"p.s.", "ps"},
    {"paper_size", "paper"},        {"papersize", "paper"},          {"page_size", "paper"},
    {"format", "layout"},           {"standard", "layout"},          {"theme", "style"},
    {"font", "fonts"},              {"ref", "reference"},            {"references", "reference"},
    {"attn", "attention"},          {"organisation", "organization"}, {"org", "organization"},
    {"position", "title"},          {"role", "title"},               {"job_title", "title"},
    {"street", "address"},          {"addr", "address"},             {"mail", "email"},
    {"e_mail", "email"},            {"website", "web"},              {"url", "web"},
    {"telephone", "phone"},         {"tel", "phone"},
};

/* What a key is, for a hint that names it. */
static const struct { const char *key, *what; } meanings[] = {
    {"signatories", "the people who sign, each with a name and title"},
    {"opening", "the greeting line, such as \"Dear Minister,\""},
    {"closing", "the line before the signatures, such as \"Yours faithfully,\""},
    {"from", "the sender: name, address, phone, email, web, logo"},
    {"to", "the recipient: name and address"},
    {"subject", "the Re: line"},
    {"lang", "the part's language, a tag such as en-GB or zh-Hant"},
    {"cc", "who receives a copy"},
    {"enclosures", "what is enclosed"},
    {"ps", "the postscript"},
};

/* Keys that live one level down, and where: written at the top level, they were meant to
 * be indented under their parent. */
static const struct { const char *key, *parent; } nested_keys[] = {
    {"name", "'to:' or 'from:'"},         {"address", "'to:' or 'from:'"},   {"phone", "'from:'"},
    {"email", "'from:'"},                 {"web", "'from:'"},                {"logo", "'from:'"},
    {"logo_height", "'from:'"},           {"title", "a signatory in 'signatories:'"},
    {"organization", "a signatory in 'signatories:'"}, {"organisation", "a signatory in 'signatories:'"},
    {"signature", "a signatory in 'signatories:'"},    {"serif", "'fonts:'"}, {"sans", "'fonts:'"},
    {"your_ref", "'reference:'"},         {"your_letter", "'reference:'"},   {"our_ref", "'reference:'"},
    {"contact", "'reference:'"},
};

static const char *const top_keys[] = {"lang", "paper", "layout", "date", "from", "to", "subject",
                                       "opening", "closing", "signatories", "cc", "enclosures",
                                       "ps", "fonts", "signature_field", "reference", "attention",
                                       "window", "marks", "footer", "kashida", "style", NULL};

static int listed(const char *key, const char *const *known)
{
    for (size_t i = 0; known[i]; i++)
        if (!strcmp(key, known[i])) return 1;
    return 0;
}

/* key in lower case, with '-' and ' ' as '_'. */
static void fold_key(char *out, size_t size, const char *key)
{
    size_t i = 0;
    for (; key[i] && i + 1 < size; i++) {
        char c = key[i];
        out[i] = c == '-' || c == ' ' ? '_' : c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    out[i] = 0;
}

static void unknown_key(fm *f, yaml_node_t *k, const char *where, const char *const *known)
{
    const char *key = (const char *)k->data.scalar.value;
    ep_pos at = node_pos(f, k);
    char folded[64], hint[300];
    fold_key(folded, sizeof folded, key);
    const char *best = listed(folded, known) ? NULL : ep_closest(folded, known);
    for (size_t i = 0; !best && i < sizeof synonyms / sizeof *synonyms; i++)
        if (!strcmp(folded, synonyms[i].word) && listed(synonyms[i].key, known)) best = synonyms[i].key;
    if (!best && listed(folded, known)) best = known[0] ? folded : NULL;
    if (best) {
        const char *what = NULL;
        for (size_t i = 0; i < sizeof meanings / sizeof *meanings; i++)
            if (!strcmp(best, meanings[i].key)) what = meanings[i].what;
        if (what) snprintf(hint, sizeof hint, "write '%s:', %s", best, what);
        else snprintf(hint, sizeof hint, "write '%s:'", best);
        ep_error_hint(f->d, at, EP_C_UNKNOWN_KEY, hint, "unknown key '%s'%s; did you mean '%s'?", key, where, best);
        f->failed = 1;
        return;
    }
    /* A key of a deeper level at the top, or a top-level key indented under another. */
    if (!*where)
        for (size_t i = 0; i < sizeof nested_keys / sizeof *nested_keys; i++)
            if (!strcmp(folded, nested_keys[i].key)) {
                snprintf(hint, sizeof hint, "'%s' belongs under %s: indent it by two spaces below that key", key,
                         nested_keys[i].parent);
                ep_error_hint(f->d, at, EP_C_UNKNOWN_KEY, hint, "unknown key '%s' at the top level", key);
                f->failed = 1;
                return;
            }
    if (*where && listed(folded, top_keys)) {
        snprintf(hint, sizeof hint, "'%s' is a top-level key: start it at the beginning of the line", key);
        ep_error_hint(f->d, at, EP_C_UNKNOWN_KEY, hint, "unknown key '%s'%s (indented too far?)", key, where);
        f->failed = 1;
        return;
    }
    size_t n = (size_t)snprintf(hint, sizeof hint, "the keys here are");
    for (size_t i = 0; known[i] && n < sizeof hint; i++)
        n += (size_t)snprintf(hint + n, sizeof hint - n, "%s %s", i ? "," : ":", known[i]);
    ep_error_hint(f->d, at, EP_C_UNKNOWN_KEY, hint, "unknown key '%s'%s", key, where);
    f->failed = 1;
}

static int want_scalar(fm *f, yaml_node_t *n, const char *key, ep_text *out)
{
    if (n->type != YAML_SCALAR_NODE) {
        ep_error(f->d, node_pos(f, n), EP_C_WRONG_TYPE, "'%s' must be a string", key);
        f->failed = 1;
        return -1;
    }
    out->s = ep_arena_strndup(f->a, (const char *)n->data.scalar.value, n->data.scalar.length);
    out->pos = node_pos(f, n);
    if (strlen(out->s) != n->data.scalar.length) {
        ep_error(f->d, out->pos, EP_C_ENCODING, "'%s' contains a NUL character", key);
        f->failed = 1;
        return -1;
    }
    return 0;
}

/* Lines: a YAML list of strings, or one string whose lines are the lines.
 * Empty lines are dropped: an address never has a blank line in it. */
static int want_lines(fm *f, yaml_node_t *n, const char *key, ep_lines *out)
{
    ep_lines l = {NULL, 0};
    size_t cap = 0;
    if (n->type == YAML_SCALAR_NODE) {
        ep_text whole;
        if (want_scalar(f, n, key, &whole)) return -1;
        int block = n->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
                    n->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
        ep_lines_append(f->a, &l, &cap, whole.s, whole.pos, block);
    } else if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
            yaml_node_t *c = yaml_document_get_node(f->doc, *it);
            ep_text t;
            if (!c || want_scalar(f, c, key, &t)) return -1;
            if (!*t.s) continue;
            l.v = ep_arena_grow(f->a, l.v, sizeof *l.v, &cap, l.n + 1);
            l.v[l.n++] = t;
        }
    } else {
        ep_error(f->d, node_pos(f, n), EP_C_WRONG_TYPE, "'%s' must be a list of lines or a string", key);
        f->failed = 1;
        return -1;
    }
    *out = l;
    return 0;
}

#define FOR_PAIRS(f, map, k, v)                                                         \
    for (yaml_node_pair_t *pr_ = (map)->data.mapping.pairs.start;                      \
         pr_ < (map)->data.mapping.pairs.top; pr_++)                                    \
        for (yaml_node_t *k = yaml_document_get_node((f)->doc, pr_->key),               \
                         *v = yaml_document_get_node((f)->doc, pr_->value);             \
             k && v; k = NULL)

static const char *key_of(fm *f, yaml_node_t *k)
{
    if (k->type != YAML_SCALAR_NODE) {
        ep_error(f->d, node_pos(f, k), EP_C_WRONG_TYPE, "keys must be plain strings");
        f->failed = 1;
        return NULL;
    }
    return (const char *)k->data.scalar.value;
}

/* YAML 1.1 booleans: true/false, yes/no, on/off. */
static int want_bool(fm *f, yaml_node_t *n, const char *key)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
    if (n->type == YAML_SCALAR_NODE) {
        const char *v = (const char *)n->data.scalar.value;
        for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
            if (!strcmp(v, yes[i])) return 1;
            if (!strcmp(v, no[i])) return 0;
        }
    }
    ep_error(f->d, node_pos(f, n), EP_C_WRONG_TYPE, "'%s' must be true or false", key);
    f->failed = 1;
    return -1;
}

static int want_mapping(fm *f, yaml_node_t *n, const char *key)
{
    if (n->type == YAML_MAPPING_NODE) return 0;
    ep_error(f->d, node_pos(f, n), EP_C_WRONG_TYPE, "'%s' must be a mapping of keys to values", key);
    f->failed = 1;
    return -1;
}

static void parse_party(fm *f, yaml_node_t *n, const char *key, ep_party *p, int is_sender)
{
    static const char *const sender_keys[] = {"name", "address", "phone", "email", "web", "logo", "logo_height", NULL};
    static const char *const recipient_keys[] = {"name", "address", NULL};
    if (want_mapping(f, n, key)) return;
    ep_party np = {0};
    FOR_PAIRS(f, n, k, v) {
        const char *name = key_of(f, k);
        if (!name) continue;
        if (!strcmp(name, "name")) want_scalar(f, v, "name", &np.name);
        else if (!strcmp(name, "address")) want_lines(f, v, "address", &np.address);
        else if (is_sender && !strcmp(name, "phone")) want_scalar(f, v, "phone", &np.phone);
        else if (is_sender && !strcmp(name, "email")) want_scalar(f, v, "email", &np.email);
        else if (is_sender && !strcmp(name, "web")) want_scalar(f, v, "web", &np.web);
        else if (is_sender && !strcmp(name, "logo_height")) want_scalar(f, v, "logo_height", &np.logo_height);
        else if (is_sender && !strcmp(name, "logo")) {
            if (!want_scalar(f, v, "logo", &np.logo)) resolve_path(f, &np.logo);
        }
        else unknown_key(f, k, is_sender ? " in 'from'" : " in 'to'", is_sender ? sender_keys : recipient_keys);
    }
    *p = np;   /* a part that names 'to' replaces the whole recipient, not single lines */
}

static void parse_signatories(fm *f, yaml_node_t *n, ep_part *part)
{
    static const char *const keys[] = {"name", "title", "organization", "signature", "signature_field", NULL};
    if (n->type != YAML_SEQUENCE_NODE) {
        ep_error(f->d, node_pos(f, n), EP_C_WRONG_TYPE, "'signatories' must be a list");
        f->failed = 1;
        return;
    }
    size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    ep_signatory *s = ep_arena_alloc(f->a, (cnt ? cnt : 1) * sizeof *s);
    size_t i = 0;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        yaml_node_t *c = yaml_document_get_node(f->doc, *it);
        if (!c || want_mapping(f, c, "signatories[]")) continue;
        ep_signatory *sg = &s[i++];
        FOR_PAIRS(f, c, k, v) {
            const char *name = key_of(f, k);
            if (!name) continue;
            if (!strcmp(name, "name")) want_scalar(f, v, "name", &sg->name);
            else if (!strcmp(name, "title")) want_scalar(f, v, "title", &sg->title);
            else if (!strcmp(name, "organization") || !strcmp(name, "organisation"))
                want_scalar(f, v, "organization", &sg->organization);
            else if (!strcmp(name, "signature")) {
                if (!want_scalar(f, v, "signature", &sg->signature)) resolve_path(f, &sg->signature);
            } else if (!strcmp(name, "signature_field")) {
                ep_text t = {0};
                if (!want_scalar(f, v, "signature_field", &t) && t.s && *t.s) sg->field = t.s;
            }
            else unknown_key(f, k, " in a signatory", keys);
        }
        if (!sg->name.s) {
            ep_error(f->d, node_pos(f, c), EP_C_MISSING_KEY, "a signatory needs a 'name'");
            f->failed = 1;
        }
    }
    part->signatories = s;
    part->nsignatories = i;
}

static void parse_fonts(fm *f, yaml_node_t *n, ep_part *part)
{
    static const char *const keys[] = {"serif", "sans", NULL};
    if (want_mapping(f, n, "fonts")) return;
    FOR_PAIRS(f, n, k, v) {
        const char *name = key_of(f, k);
        if (!name) continue;
        if (!strcmp(name, "serif")) want_scalar(f, v, "fonts.serif", &part->font_serif);
        else if (!strcmp(name, "sans")) want_scalar(f, v, "fonts.sans", &part->font_sans);
        else unknown_key(f, k, " in 'fonts'", keys);
    }
}

/* style: NAME (a built-in style or a file), or the style's keys themselves; a mapping may
 * name its base style with `style:` inside it. Keys add to those the part inherited. */
static void parse_style(fm *f, yaml_node_t *n, ep_part *part)
{
    if (n->type == YAML_SCALAR_NODE) {
        ep_text name;
        if (want_scalar(f, n, "style", &name)) return;
        if (ep_style_load(f->a, f->d, f->file, name, &part->style)) f->failed = 1;
        return;
    }
    if (want_mapping(f, n, "style")) return;
    ep_style_kv *kv = NULL;
    size_t nkv = 0;
    if (ep_style_flatten(f->a, f->d, f->doc, n, f->file, f->first_line, &kv, &nkv)) f->failed = 1;
    size_t keep = 0;
    for (size_t i = 0; i < nkv; i++) {
        if (strcmp(kv[i].key, "style")) { kv[keep++] = kv[i]; continue; }
        if (kv[i].list || kv[i].nv != 1) {
            ep_error(f->d, kv[i].pos, EP_C_WRONG_TYPE, "'style' inside 'style' names a style: a built-in style or a file");
            f->failed = 1;
        } else if (ep_style_load(f->a, f->d, f->file, kv[i].v[0], &part->style)) {
            f->failed = 1;
        }
    }
    /* The inherited keys, then these: a later key wins. */
    ep_style_kv *all = ep_arena_alloc(f->a, sizeof *all * (part->style.nown + keep + 1));
    if (part->style.nown) memcpy(all, part->style.own, sizeof *all * part->style.nown);
    if (keep) memcpy(all + part->style.nown, kv, sizeof *all * keep);
    part->style.own = all;
    part->style.nown += keep;
}

static void parse_reference(fm *f, yaml_node_t *n, ep_part *part)
{
    static const char *const keys[] = {"your_ref", "your_letter", "our_ref", "phone", "contact", NULL};
    if (want_mapping(f, n, "reference")) return;
    ep_reference r = {0};
    FOR_PAIRS(f, n, k, v) {
        const char *name = key_of(f, k);
        if (!name) continue;
        ep_text *dst = !strcmp(name, "your_ref") ? &r.your_ref : !strcmp(name, "your_letter") ? &r.your_letter
                     : !strcmp(name, "our_ref")  ? &r.our_ref  : !strcmp(name, "phone")       ? &r.phone
                     : !strcmp(name, "contact")  ? &r.contact  : NULL;
        if (dst) want_scalar(f, v, name, dst);
        else unknown_key(f, k, " in 'reference'", keys);
    }
    part->reference = r;
}

static void parse_top(fm *f, yaml_node_t *root, ep_part *part)
{
    const char *const *keys = top_keys;
    FOR_PAIRS(f, root, k, v) {
        const char *name = key_of(f, k);
        if (!name) continue;
        /* An explicit null ("ps:" or "ps: ~") removes an inherited value. */
        int is_null = v->type == YAML_SCALAR_NODE && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                      (v->data.scalar.length == 0 || !strcmp((char *)v->data.scalar.value, "~") ||
                       !strcmp((char *)v->data.scalar.value, "null"));
        struct { const char *key; ep_text *dst; } scalars[] = {
            {"lang", &part->lang}, {"paper", &part->paper}, {"layout", &part->layout},
            {"date", &part->date}, {"subject", &part->subject}, {"opening", &part->opening},
            {"closing", &part->closing}, {"ps", &part->ps}, {"attention", &part->attention},
            {"window", &part->window},
        };
        int done = 0;
        for (size_t i = 0; i < sizeof scalars / sizeof *scalars; i++) {
            if (strcmp(name, scalars[i].key)) continue;
            if (is_null) scalars[i].dst->s = NULL;
            else want_scalar(f, v, name, scalars[i].dst);
            done = 1;
        }
        if (done) continue;
        if (!strcmp(name, "from")) parse_party(f, v, "from", &part->from, 1);
        else if (!strcmp(name, "to")) parse_party(f, v, "to", &part->to, 0);
        else if (!strcmp(name, "signatories")) parse_signatories(f, v, part);
        else if (!strcmp(name, "cc")) {
            if (is_null) part->cc.n = 0; else want_lines(f, v, "cc", &part->cc);
        } else if (!strcmp(name, "enclosures")) {
            if (is_null) part->enclosures.n = 0; else want_lines(f, v, "enclosures", &part->enclosures);
        } else if (!strcmp(name, "fonts")) parse_fonts(f, v, part);
        else if (!strcmp(name, "style")) parse_style(f, v, part);
        else if (!strcmp(name, "reference")) parse_reference(f, v, part);
        else if (!strcmp(name, "footer")) {
            if (is_null) part->footer.n = 0; else want_lines(f, v, "footer", &part->footer);
        } else if (!strcmp(name, "marks")) {
            int b = want_bool(f, v, name);
            if (b >= 0) part->marks = b;
        } else if (!strcmp(name, "kashida")) {
            int b = want_bool(f, v, name);
            if (b >= 0) part->kashida = b;
        } else if (!strcmp(name, "signature_field")) {
            int b = want_bool(f, v, name);
            if (b >= 0) part->no_signature_fields = !b;
        }
        else unknown_key(f, k, "", keys);
    }
}

int ep_frontmatter_parse(ep_arena *a, ep_diag *d, const char *file, int first_line,
                         const char *yaml, size_t len, ep_part *part)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    if (ep_yaml_load(d, &parser, file, first_line, yaml, len, &doc)) return -1;
    fm f = {a, d, &doc, file, first_line, 0};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE) {
        parse_top(&f, root, part);
    } else if (root && !(root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)) {
        ep_error(d, node_pos(&f, root), EP_C_WRONG_TYPE, "the front matter must be a mapping of keys to values");
        f.failed = 1;
    }
    /* A document end ("...") or a second document: libyaml would stop at the first, and the
     * keys after it would be lost without a word. */
    yaml_mark_t end = doc.end_mark;
    yaml_document_delete(&doc);
    yaml_document_t next;
    int more = !yaml_parser_load(&parser, &next);
    if (!more) {
        more = yaml_document_get_root_node(&next) != NULL;
        yaml_document_delete(&next);
    }
    if (more) {
        ep_error(d, ep_pos_make(file, first_line + (int)end.line, 1), EP_C_YAML_SYNTAX,
                 "the YAML document ends here ('...'): the keys after it would be lost");
        f.failed = 1;
    }
    yaml_parser_delete(&parser);
    return f.failed ? -1 : 0;
}
