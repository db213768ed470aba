/* i18n.c — see i18n.h. */
#define _GNU_SOURCE
#include "i18n.h"
#include "platform.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int vi = 0;

int i18n_vi(void) { return vi; }

/* The first of the locale variables that is set, as gettext reads them. */
static const char *locale_language(void)
{
    const char *vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return v;
    }
    return "";
}

/* The catalogue: next to the binary in the build tree (build/locale), or in
 * share/locale beside bin/ after make install. */
static void bind_catalogue(void)
{
    char exe[PATH_MAX];
    if (platform_exe_path(exe, sizeof exe) == 0) {
        char *slash = NULL;
        for (char *p = exe; *p; p++) if (platform_is_sep(*p)) slash = p;
        if (slash) *slash = 0;
        const char *tries[] = { "%s/locale", "%s/../share/locale" };
        for (size_t i = 0; i < sizeof tries / sizeof *tries; i++) {
            char dir[PATH_MAX + 32], mo[PATH_MAX + 64];
            snprintf(dir, sizeof dir, tries[i], exe);
            snprintf(mo, sizeof mo, "%s/vi/LC_MESSAGES/evalrun.mo", dir);
            if (platform_exists(mo)) {
#ifdef _WIN32
                wchar_t *w = platform_wide(dir);   /* a folder name in UTF-16, whatever the code page */
                if (w) { wbindtextdomain("evalrun", w); free(w); return; }
#endif
                bindtextdomain("evalrun", dir);
                return;
            }
        }
    }
    bindtextdomain("evalrun", "/usr/local/share/locale");
}

int i18n_init(const char *lang)
{
    if (lang && strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0) return -1;
    if (!lang) lang = strncmp(locale_language(), "en", 2) == 0 ? "en" : "vi";
    vi = strcmp(lang, "vi") == 0;
    /* Only the messages follow the language: numbers in the outputs never depend on the locale. */
    setenv("LANGUAGE", lang, 1);
    /* gettext ignores LANGUAGE under the "C" locale; C.UTF-8 is on every Debian system. */
    const char *cur = setlocale(LC_MESSAGES, "");
    if (!cur || !strcmp(cur, "C") || !strcmp(cur, "POSIX")) setlocale(LC_MESSAGES, "C.UTF-8");
    bind_catalogue();
    bind_textdomain_codeset("evalrun", "UTF-8");
    bind_textdomain_codeset("libc", "UTF-8");     /* strerror: "Không có tập tin hoặc thư mục như vậy" */
    textdomain("evalrun");
    return 0;
}
