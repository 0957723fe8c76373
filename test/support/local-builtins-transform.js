/**
 * jest's transform of the project's TypeScript: @swc/jest, then each module gets local bindings of the builtins it
 * reads (`const Math = globalThis.Math;` ...), so its code finds them in its own scope.
 *
 * Why: jest runs each test file in a `vm` context, and Node's context global answers every lookup through an
 * interceptor: a read of `Math` in a hot loop costs about 300 ns there (1 ns in a plain process). The generator
 * reads `Math.imul` twice a draw, the hashing `JSON` and `Number` per value: under jest a 10,000-posting
 * generation took several times as long as in `npx knex seed:run`. The bindings are the context's own objects,
 * read once when the module loads: the same values, so the code does exactly what it does without them.
 *
 * Only builtins no test replaces (jest's fake timers swap Date, timers and performance: left out). A module
 * that declares one of these names itself keeps its own (a second declaration would not compile).
 * The bindings go on the line of the "use strict" directive, after it (it must stay first, or the module would not
 * be strict): line numbers of stack traces and source maps do not move.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const swcJest = require('@swc/jest');

const BUILTINS = [
  'Array',
  'ArrayBuffer',
  'BigInt',
  'Boolean',
  'Buffer',
  'Error',
  'Float64Array',
  'Int32Array',
  'JSON',
  'Map',
  'Math',
  'Number',
  'Object',
  'Reflect',
  'RegExp',
  'Set',
  'String',
  'Symbol',
  'TypeError',
  'Uint32Array',
  'Uint8Array',
  'WeakMap',
  'WeakSet',
  'isNaN',
  'parseInt',
];
/** Part of the cache key: this file's own text, so a change to it never reuses modules transformed the old way. */
const FORM = fs.readFileSync(__filename, 'utf8');
/** The "use strict" directive, after any comments swc keeps above it. */
const STRICT = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(["'])use strict\1;/;

/** `code` with a local binding of each builtin it names and does not declare, after its "use strict". */
function withLocalBuiltins(code) {
  const names = BUILTINS.filter(
    (name) =>
      new RegExp(`\\b${name}\\b`).test(code) &&
      !new RegExp(`\\b(?:const|let|var|class|function|import)\\s+\\*?\\s*${name}\\b`).test(code),
  );
  if (names.length === 0) return code;
  const bindings = names.map((name) => `const ${name} = globalThis.${name};`).join(' ');
  const strict = STRICT.exec(code);
  return strict ? `${strict[0]} ${bindings}${code.slice(strict[0].length)}` : `${bindings} ${code}`;
}

module.exports = {
  createTransformer(options) {
    const swc = swcJest.createTransformer(options);
    return {
      process(source, filename, jestOptions) {
        const result = swc.process(source, filename, jestOptions);
        return { ...result, code: withLocalBuiltins(result.code) };
      },
      getCacheKey(source, filename, ...rest) {
        return crypto
          .createHash('sha1')
          .update(swc.getCacheKey(source, filename, ...rest))
          .update(FORM)
          .digest('hex');
      },
    };
  },
};
