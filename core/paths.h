/* paths.h — file names as users see them, and where evalrun finds its own files. */
#ifndef EVALRUN_PATHS_H
#define EVALRUN_PATHS_H
#include <stddef.h>

/* Joins dir and rel (rel absolute: rel alone) and removes "." and "x/.." parts
 * lexically, so messages say "data/quangbinh/targets.csv", not
 * "rules/../data/quangbinh/targets.csv". Returns malloc'd. */
char *path_join(const char *dir, const char *rel);
/* The folder part of path ("." when there is none). malloc'd. */
char *path_dir(const char *path);
int path_exists(const char *path);
int path_is_dir(const char *path);
/* The absolute path with symbolic links and ".." resolved; for a path that does not exist
 * (yet), its longest existing parent resolved and the rest appended. malloc'd, NULL on error. */
char *path_resolve(const char *path);
/* 1 when resolved path `path` is `root` or inside it (both from path_resolve). */
int path_inside(const char *path, const char *root);
/* Reads a whole file. Returns malloc'd bytes (NUL-terminated, length in *len) or NULL with errno set. */
char *file_read(const char *path, size_t *len);
/* Creates dir and its parents. Returns 0 or -1 with errno. */
int mkdir_p(const char *dir);
/* evalrun's home: the folder holding scripts/, rules/, data/ (EVALRUN_HOME, else
 * found next to the executable: the source tree for build/evalrun, PREFIX/share/evalrun
 * after make install). Never NULL. */
const char *evalrun_home(void);

#endif
