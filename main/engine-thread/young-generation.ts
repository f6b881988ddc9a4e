// How large V8's young generation may grow where the engine runs. A sync allocates tens of kilobytes per
// source record (parsed pages, request bodies, audit payloads), and nearly all of it dies within its write
// group. With V8's default 16 MB semi-space (64-bit) an initial load of 115,000 records runs ~410
// scavenges; at 32 MB about 200, and the main thread spends about a quarter less time in them (bench (b):
// 2.3–2.6 s → 1.7–2.0 s), for at most ~15 MB more peak RSS. V8 sizes the heap when an isolate is created, so the size is given at start:
// in the engine thread's resourceLimits (engine-host.ts) and, for the one-shot commands that run the
// engine on the process's main thread (`ml-connector sync`, `replay`), in the launcher's shebang
// (scripts/ml-connector.mjs); test/cli/launcher-flags.test.ts keeps the two equal.

/** V8's `--max-semi-space-size`, in MB. */
export const ENGINE_SEMI_SPACE_MB = 32;

/** Worker `resourceLimits.maxYoungGenerationSizeMb`: V8 counts three semi-spaces (two, plus the new large-object space). */
export const ENGINE_YOUNG_GENERATION_MB = 3 * ENGINE_SEMI_SPACE_MB;
