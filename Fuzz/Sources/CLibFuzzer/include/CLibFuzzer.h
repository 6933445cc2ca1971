#ifndef CONVENOR_CLIBFUZZER_H
#define CONVENOR_CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

// libFuzzer's own driver, for programs that keep their own main (SwiftPM renames an executable's
// main to `<module>_main` on Linux, which hides libFuzzer's main).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
