/* lang-index CONFIG LANG_DIR VERSIONS: check every lang.d file as the executor would
 * (lang_load_all, config/langcheck.c: keys, values, limits against CONFIG's maxima,
 * names, aliases and extensions each meaning one language) and print the runtime
 * index (config/index.c)
 * of the installed ones, with the versions tools/learn-versions found. Run by make
 * at build time: a broken lang.d file fails the build, naming its file and line. */
#include <stdio.h>
#include "config/config.h"
#include "config/index.h"
#include "config/langcheck.h"
#include "base/util.h"

static struct langs langs;

int main(int argc, char **argv) {
        struct problem p = { ERR_INTERNAL, "" };
        struct config cfg;

        if (argc != 4) {
                fprintf(stderr, "usage: lang-index CONFIG LANG_DIR VERSIONS\n");
                return 2;
        }
        if (config_load(argv[1], &cfg, &p) < 0)
                goto fail;
        snprintf(cfg.lang_dir, sizeof(cfg.lang_dir), "%s", argv[2]);
        snprintf(cfg.runtimes, sizeof(cfg.runtimes), "%s", argv[3]);
        if (lang_load_all(&cfg, &langs, &p) < 0)
                goto fail;
        return index_write(stdout, &langs) < 0 ? 1 : 0;
fail:
        fprintf(stderr, "lang-index: %s\n", p.message);
        return 1;
}
