/* i18n.h — messages in the office's language (GNU gettext).
 *
 * Messages are written in English in the code, wrapped in _(), and kept in
 * one catalogue, po/vi.po, compiled by msgfmt into
 * <build>/locale/vi/LC_MESSAGES/evalrun.mo (installed under
 * $(PREFIX)/share/locale). Vietnamese is the default; English is chosen with
 * --lang en or an English locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
 * A message's place (file.csv:LINE:COL:, rules/x.lua:LINE:) is never part
 * of the translated text, so it stays machine-readable in both languages.
 */
#ifndef EVALRUN_I18N_H
#define EVALRUN_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)          /* marks a string for the catalogue; translated where it is used */

/* Chooses the language: lang is "vi", "en" or NULL (from the locale; Vietnamese
 * unless the locale is English). Returns 0, or -1 for an unknown lang. */
int i18n_init(const char *lang);
/* 1 when messages are shown in Vietnamese. */
int i18n_vi(void);

#endif
