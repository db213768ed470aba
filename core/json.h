/* json.h — Lua values as JSON, for the explanations stored with each result.
 * Keys are sorted so the same explanation is always the same text. */
#ifndef EVALRUN_JSON_H
#define EVALRUN_JSON_H
#include <lua.h>
#include <lauxlib.h>
#include "strbuf.h"
/* Appends the value at idx as JSON to b (which must be at the top of the stack's buffer discipline:
 * the value index must be absolute). Tables that are sequences become arrays, others objects;
 * functions and userdata become their tostring; depth is limited to 16. */
void json_add_value(lua_State *L, strbuf *b, int idx, int depth);
/* Appends s as a JSON string literal. */
void json_add_string(strbuf *b, const char *s, size_t len);
#endif
