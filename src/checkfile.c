/* checkfile.c: parse the header of an integrity rule file (sql/checks/NAME.sql). Used by the
 * bundle generator, so a malformed rule fails the build, and by the check commands. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "checkfile.h"
#include "util.h"

static const char *const known_impls[] = {"sql", "c:cycles"};

const char *checkfile_severity_name(check_severity s)
{
    return s == CHECK_SEV_ERROR ? "error" : "warning";
}

void checkfile_free(checkfile *c)
{
    free(c->name);
    free(c->description);
    free(c->impl);
    free(c->sql);
    memset(c, 0, sizeof *c);
}

static int fail(char **err, const char *path, int line, const char *msg, const char *arg)
{
    *err = xasprintf("%s:%d: %s%s", path, line, msg, arg ? arg : "");
    return -1;
}

static bool valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 63 || !(*s >= 'a' && *s <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

/* "-- key: value" into key and value (malloc'd, trimmed); false when the line is not one. */
static bool header_line(const char *l, size_t n, char **key, char **value)
{
    if (n < 3 || strncmp(l, "-- ", 3) != 0)
        return false;
    size_t k = 3;
    while (k < n && ((l[k] >= 'a' && l[k] <= 'z') || l[k] == '_'))
        k++;
    if (k == 3 || k >= n || l[k] != ':')
        return false;
    size_t v = k + 1;
    while (v < n && (l[v] == ' ' || l[v] == '\t'))
        v++;
    size_t e = n;
    while (e > v && isspace((unsigned char)l[e - 1]))
        e--;
    *key = xstrndup(l + 3, k - 3);
    *value = xstrndup(l + v, e - v);
    return true;
}

static const char *base_name(const char *path, size_t *len)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 4 && strcmp(b + n - 4, ".sql") == 0)
        n -= 4;
    *len = n;
    return b;
}

int checkfile_parse(const char *path, const char *text, size_t len, checkfile *out, char **err)
{
    memset(out, 0, sizeof *out);
    *err = NULL;
    char *sev = NULL;
    size_t pos = 0;
    int line = 0;
    while (pos < len) {
        const char *l = text + pos;
        const char *nl = memchr(l, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - l) : len - pos;
        char *key, *value;
        if (!header_line(l, n, &key, &value))
            break;
        line++;
        pos += n + (nl ? 1 : 0);
        char **slot = strcmp(key, "check") == 0            ? &out->name
                      : strcmp(key, "severity") == 0       ? &sev
                      : strcmp(key, "description") == 0    ? &out->description
                      : strcmp(key, "implementation") == 0 ? &out->impl
                                                           : NULL;
        if (!slot || *slot) {
            fail(err, path, line, slot ? "repeated header key: " : "unknown header key (check, "
                 "severity, description, implementation): ", key);
            free(key);
            free(value);
            goto bad;
        }
        free(key);
        *slot = value;
    }
    if (!out->name || !sev || !out->description) {
        fail(err, path, 1, "the header needs '-- check: NAME', '-- severity: error|warning' and "
             "'-- description: TEXT' as its first lines", NULL);
        goto bad;
    }
    size_t bn;
    const char *b = base_name(path, &bn);
    if (!valid_name(out->name) || strlen(out->name) != bn || strncmp(out->name, b, bn) != 0) {
        fail(err, path, 1, "the check name must be the file's base name ([a-z][a-z0-9_]*), not ",
             out->name);
        goto bad;
    }
    if (strcmp(sev, "error") == 0)
        out->severity = CHECK_SEV_ERROR;
    else if (strcmp(sev, "warning") == 0)
        out->severity = CHECK_SEV_WARNING;
    else {
        fail(err, path, 2, "severity must be error or warning, not ", sev);
        goto bad;
    }
    if (!*out->description) {
        fail(err, path, 3, "the description is empty", NULL);
        goto bad;
    }
    if (!out->impl)
        out->impl = xstrdup("sql");
    bool known = false;
    for (size_t i = 0; i < sizeof known_impls / sizeof known_impls[0]; i++)
        known = known || strcmp(out->impl, known_impls[i]) == 0;
    if (!known) {
        fail(err, path, line, "unknown implementation (sql, c:cycles): ", out->impl);
        goto bad;
    }
    size_t e = len;
    while (e > pos && (isspace((unsigned char)text[e - 1]) || text[e - 1] == ';'))
        e--;
    out->sql = xstrndup(text + pos, e - pos);
    /* The body must hold more than comments. */
    bool has_code = false;
    for (const char *p = out->sql; *p && !has_code;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        size_t i = 0;
        while (i < n && isspace((unsigned char)p[i]))
            i++;
        has_code = i < n && !(n - i >= 2 && p[i] == '-' && p[i + 1] == '-');
        p += n + (nl ? 1 : 0);
    }
    if (!has_code) {
        fail(err, path, line + 1, "no query after the header", NULL);
        goto bad;
    }
    free(sev);
    return 0;
bad:
    free(sev);
    checkfile_free(out);
    return -1;
}
