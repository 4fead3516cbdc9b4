#include "CHTTPTransfer.h"

#include <dlfcn.h>
#include <pthread.h>

typedef int (*setopt_t)(void *, int, ...);
typedef int (*getinfo_t)(void *, int, ...);

static struct {
    void *(*easy_init)(void);
    void (*easy_cleanup)(void *);
    setopt_t easy_setopt;
    int (*easy_perform)(void *);
    getinfo_t easy_getinfo;
    const char *(*easy_strerror)(int);
    void *(*slist_append)(void *, const char *);
    void (*slist_free_all)(void *);
    int (*global_init)(long);
    int loaded;
} curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    const char *names[] = {"libcurl.so.4", "libcurl.so", "libcurl.4.dylib", "libcurl.dylib"};
    void *library = NULL;
    for (size_t index = 0; index < sizeof names / sizeof names[0] && library == NULL; index++) {
        library = dlopen(names[index], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) return;
    curl.easy_init = (void *(*)(void))dlsym(library, "curl_easy_init");
    curl.easy_cleanup = (void (*)(void *))dlsym(library, "curl_easy_cleanup");
    curl.easy_setopt = (setopt_t)dlsym(library, "curl_easy_setopt");
    curl.easy_perform = (int (*)(void *))dlsym(library, "curl_easy_perform");
    curl.easy_getinfo = (getinfo_t)dlsym(library, "curl_easy_getinfo");
    curl.easy_strerror = (const char *(*)(int))dlsym(library, "curl_easy_strerror");
    curl.slist_append = (void *(*)(void *, const char *))dlsym(library, "curl_slist_append");
    curl.slist_free_all = (void (*)(void *))dlsym(library, "curl_slist_free_all");
    curl.global_init = (int (*)(long))dlsym(library, "curl_global_init");
    if (!curl.easy_init || !curl.easy_cleanup || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo ||
        !curl.easy_strerror || !curl.slist_append || !curl.slist_free_all || !curl.global_init) {
        return;
    }
    /* CURL_GLOBAL_ALL (3): once, before any handle, as libcurl asks. */
    if (curl.global_init(3L) != 0) return;
    curl.loaded = 1;
}

int track_http_load(void) {
    pthread_once(&once, load);
    return curl.loaded ? 0 : -1;
}

void *track_http_easy_init(void) { return track_http_load() == 0 ? curl.easy_init() : NULL; }

void track_http_easy_cleanup(void *handle) {
    if (curl.loaded && handle) curl.easy_cleanup(handle);
}

/* CURLE_FAILED_INIT (2) when libcurl is missing. */
int track_http_setopt_long(void *handle, int option, long value) { return curl.loaded ? curl.easy_setopt(handle, option, value) : 2; }

int track_http_setopt_pointer(void *handle, int option, const void *value) {
    return curl.loaded ? curl.easy_setopt(handle, option, value) : 2;
}

int track_http_setopt_callback(void *handle, int option, size_t (*callback)(char *, size_t, size_t, void *)) {
    return curl.loaded ? curl.easy_setopt(handle, option, callback) : 2;
}

int track_http_perform(void *handle) { return curl.loaded ? curl.easy_perform(handle) : 2; }

int track_http_getinfo_long(void *handle, int info, long *value) { return curl.loaded ? curl.easy_getinfo(handle, info, value) : 2; }

const char *track_http_strerror(int code) { return curl.loaded ? curl.easy_strerror(code) : "libcurl is not installed"; }

void *track_http_slist_append(void *list, const char *text) { return curl.loaded ? curl.slist_append(list, text) : NULL; }

void track_http_slist_free_all(void *list) {
    if (curl.loaded && list) curl.slist_free_all(list);
}
