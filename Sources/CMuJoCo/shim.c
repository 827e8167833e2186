#include "cmujoco.h"

int cmujoco_library_version(void) { return mj_version(); }
