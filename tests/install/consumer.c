/* A program that uses the installed library through its public header only: renders the
 * letter named on the command line into memory and prints the PDF's size. */
#include <epistle/epistle.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    epistle_engine *e = epistle_engine_new();
    if (!e) return 3;
    const char *inputs[] = {argv[1]};
    unsigned char *pdf = NULL;
    size_t len = 0;
    epistle_status st = epistle_render_to_memory(e, inputs, 1, &pdf, &len, NULL);
    if (st == EPISTLE_OK) printf("%zu %.5s\n", len, (const char *)pdf);
    free(pdf);
    epistle_engine_free(e);
    return st;
}
