import CKernels

/// Keeps freed heap memory in the process instead of returning it to the kernel after every free
/// (glibc: mmap threshold 32 MiB, trim threshold 256 MiB). PPO's update allocates and frees the
/// same few hundred kilobytes thousands of times per second; with glibc's defaults the round trips
/// cost fresh zeroed pages, about a tenth of training time. Changes no result; programs that train
/// call it once at start-up.
public func retainFreedMemory() {
    ck_retain_freed_memory()
}
