/* test_date.c — dates as offices type them, and the formats a source may restrict them to. */
#include "unit.h"
#include "date.h"

static const char *iso(const char *s, unsigned formats)
{
    static char out[11];
    return date_parse(s, strlen(s), formats, out) ? out : "(not a date)";
}

int main(void)
{
    CHECK_STR(iso("20/06/2009", DATE_DEFAULT), "2009-06-20");
    CHECK_STR(iso("1/7/2025", DATE_DEFAULT), "2025-07-01");
    CHECK_STR(iso("2009-06-20", DATE_DEFAULT), "2009-06-20");
    CHECK_STR(iso("29/02/2024", DATE_DEFAULT), "2024-02-29");          /* leap year */
    CHECK_STR(iso("29/02/2025", DATE_DEFAULT), "(not a date)");
    CHECK_STR(iso("29/02/1900", DATE_DEFAULT), "(not a date)");        /* not a leap year */
    CHECK_STR(iso("29/02/2000", DATE_DEFAULT), "2000-02-29");
    CHECK_STR(iso("31/04/2025", DATE_DEFAULT), "(not a date)");
    CHECK_STR(iso("1/13/2025", DATE_DEFAULT), "(not a date)");         /* no month 13: not m/d/yyyy */
    CHECK_STR(iso("1/7/25", DATE_DEFAULT), "(not a date)");            /* two-digit year */
    CHECK_STR(iso("2009-6-20", DATE_DEFAULT), "(not a date)");
    CHECK_STR(iso("20/06/2009 ", DATE_DEFAULT), "(not a date)");       /* the loader trims first */
    CHECK_STR(iso("", DATE_DEFAULT), "(not a date)");
    CHECK_STR(iso("20.06.2009", DATE_DEFAULT), "(not a date)");
    CHECK_STR(iso("20.06.2009", DATE_DMY_DOT), "2009-06-20");
    CHECK_STR(iso("20-06-2009", DATE_DMY_DASH), "2009-06-20");
    /* a source that allows only dd/mm/yyyy */
    CHECK_STR(iso("20/06/2009", DATE_DMY2), "2009-06-20");
    CHECK_STR(iso("1/7/2025", DATE_DMY2), "(not a date)");
    CHECK_STR(iso("2009-06-20", DATE_DMY2), "(not a date)");
    CHECK(date_format_named("dd/mm/yyyy") == DATE_DMY2);
    CHECK(date_format_named("yyyy-mm-dd") == DATE_ISO);
    CHECK(date_format_named("mm/dd/yyyy") == 0);
    char shown[200];
    date_formats_shown(DATE_DEFAULT, shown, sizeof shown);
    CHECK_STR(shown, "20/06/2009, 1/7/2025 or 2009-06-20");
    date_formats_shown(DATE_DMY2, shown, sizeof shown);
    CHECK_STR(shown, "20/06/2009");
    UNIT_DONE();
}
