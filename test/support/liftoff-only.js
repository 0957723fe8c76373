// Preloaded into every node process a test starts, and into the ones those start (NODE_OPTIONS, see cli.ts's
// childEnv): V8 compiles WebAssembly with its baseline compiler only, as the jest workers do (jest.config.js).
// PGlite's 9 MB module is compiled again in each process, and the optimising tier's background recompiles cost
// more CPU than a short run wins back. NODE_OPTIONS refuses `--liftoff-only` itself; a flag set here, before any
// module is compiled, is the same. It changes the cost of a compile, nothing a command does or prints.
require('node:v8').setFlagsFromString('--liftoff-only');
