#include "resolve/geometry.h"

#include <string.h>
#include <strings.h>

static const char *const papers[] = {"a4", "letter", "legal", "a5", NULL};

const char *const *ep_paper_names(void) { return papers; }

int ep_paper_known(const char *paper)
{
    for (size_t i = 0; papers[i]; i++)
        if (!strcasecmp(paper, papers[i])) return 1;
    return 0;
}

ep_geometry ep_geometry_for(const char *paper)
{
    ep_geometry g;
    if (!strcasecmp(paper, "letter") || !strcasecmp(paper, "legal")) {
        g.width = 612;
        g.height = !strcasecmp(paper, "legal") ? 1008 : 792;
        g.left = g.right = 72;
        g.top = 54;
        g.bottom = 60;
        g.body_size = 11;
    } else if (!strcasecmp(paper, "a5")) {
        g.width = EP_MM(148);
        g.height = EP_MM(210);
        g.left = g.right = EP_MM(15);
        g.top = EP_MM(12);
        g.bottom = EP_MM(15);
        g.body_size = 9.5f;
    } else {
        g.width = EP_MM(210);
        g.height = EP_MM(297);
        g.left = EP_MM(25);
        g.right = EP_MM(20);
        g.top = EP_MM(18);
        g.bottom = EP_MM(22);
        g.body_size = 11;
    }
    return g;
}
