#ifndef CMUJOCO_H
#define CMUJOCO_H

// MuJoCo's C API, as the official library declares it. The headers are copied here by
// tools/install-mujoco.sh (run by `make deps`, `make all` and `make test`) from the pinned wheel;
// they are not committed.
#if __has_include("mujoco/mujoco.h")
#include "mujoco/mujoco.h"
#else
#error "MuJoCo's headers are missing: run `make deps` (tools/install-mujoco.sh) first."
#endif

/// The version of the library actually loaded (mj_version() × 1), for the manifest and tests.
int cmujoco_library_version(void);

#endif
