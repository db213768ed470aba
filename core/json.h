/* json.h — Lua values as JSON, for the explanations stored with each result.
 * Keys are sorted so the same explanation is always the same text. */
#ifndef EVALRUN_JSON_H
#define EVALRUN_JSON_H
#include <lua.h>
#include <lauxlib.h>
#include "strbuf.h"
/* Appends the value at idx as JSON to b. Tables that are sequences become arrays, others
 * objects (read raw: no metamethod runs); functions and userdata become their tostring; past a
 * depth of 16 a table is "...". Returns 0, JSON_CYCLE when a table contains itself, or
 * JSON_TOO_BIG when b would pass max bytes (b then holds a part). */
enum { JSON_CYCLE = -1, JSON_TOO_BIG = -2 };
int json_add_lua(lua_State *L, strbuf *b, int idx, size_t max);
/* The same with at most 1 MB; a cycle or a bigger value gives null. (depth: unused) */
void json_add_value(lua_State *L, strbuf *b, int idx, int depth);
/* Appends s as a JSON string literal. */
void json_add_string(strbuf *b, const char *s, size_t len);
#endif
