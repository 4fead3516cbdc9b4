#ifndef C_HTTP_TRANSFER_H
#define C_HTTP_TRANSFER_H

#include <stddef.h>

/// libcurl, loaded at run time (dlopen of libcurl.so.4, the library Foundation's URLSession uses
/// on Linux), so that no curl headers are needed to build. Each function wraps one libcurl call with
/// fixed argument types: curl_easy_setopt is variadic, which Swift cannot call.

/// Loads libcurl once; 0 when it is there, -1 when it is not (then every call below fails).
int track_http_load(void);

/// curl_easy_init / curl_easy_cleanup.
void *track_http_easy_init(void);
void track_http_easy_cleanup(void *handle);

/// curl_easy_setopt with a long, a pointer (string or list), or a callback
/// (`size_t callback(char *data, size_t size, size_t count, void *context)`). Return the CURLcode.
int track_http_setopt_long(void *handle, int option, long value);
int track_http_setopt_pointer(void *handle, int option, const void *value);
int track_http_setopt_callback(void *handle, int option, size_t (*callback)(char *, size_t, size_t, void *));

/// curl_easy_perform; curl_easy_getinfo for a long; curl_easy_strerror.
int track_http_perform(void *handle);
int track_http_getinfo_long(void *handle, int info, long *value);
const char *track_http_strerror(int code);

/// curl_slist_append / curl_slist_free_all.
void *track_http_slist_append(void *list, const char *text);
void track_http_slist_free_all(void *list);

#endif
