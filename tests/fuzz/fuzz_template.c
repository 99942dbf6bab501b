/* libFuzzer: template substitution and output names. The first line is the template text,
 * the next lines are the record's values for the fields a, b, c, id. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "letter/template.h"
#include "merge/names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ep_arena a;
    ep_arena_init(&a);
    char *text = ep_arena_strndup(&a, (const char *)data, size);
    const char *keys[] = {"a", "b", "c", "id"};
    const char *values[4] = {"", "", "", ""};
    char *line = strchr(text, '\n');
    for (int i = 0; i < 4 && line; i++) {
        *line = 0;
        values[i] = line + 1;
        line = strchr(line + 1, '\n');
    }
    ep_fields f = {keys, values, 4};
    const char *missing;
    ep_template_expand(&a, text, strlen(text), NULL, &f, &missing);
    const char *name = ep_name_expand(&a, text, &f, &missing);
    /* A name never leaves its folder through a value. */
    if (name) {
        for (int i = 0; i < 4; i++) {
            const char *s = ep_name_safe(&a, values[i]);
            if (strchr(s, '/') || strstr(s, "..") || s[0] == '.') __builtin_trap();
        }
    }
    ep_arena_free(&a);
    return 0;
}
