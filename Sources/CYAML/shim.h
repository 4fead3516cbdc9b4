#ifndef TRACK_CYAML_SHIM_H
#define TRACK_CYAML_SHIM_H
#include <yaml.h>
#endif
