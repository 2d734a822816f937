import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
// Inside node_modules, like the rule threads' cache: cleaned with it, never committed.
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'quorate-test-transpile');

/*
 * A require hook for .ts files that keeps each transpiled module on disk, keyed by its source.
 * ts-node transpiles every module of the worker again at each start, which costs seconds of CPU; a
 * test that kills and restarts the worker many times pays that once. Same output as ts-node's
 * transpile-only mode: each file on its own, decorators and their metadata included.
 */
const HOOK = `
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const ts = require(${JSON.stringify(require.resolve('typescript'))});
const dir = ${JSON.stringify(CACHE)};
const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  isolatedModules: true,
  resolveJsonModule: true,
};
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const key = createHash('sha256').update(ts.version).update(filename).update('\\0').update(source).digest('hex');
  const cached = path.join(dir, key.slice(0, 32) + '.js');
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    output = ts.transpileModule(source, { fileName: filename, compilerOptions }).outputText;
    const staged = cached + '.' + process.pid;
    fs.writeFileSync(staged, output);
    fs.renameSync(staged, cached);
  }
  module._compile(output, filename);
};
`;

/** The path of the hook, for `node -r`; written on first use. */
export function transpileCacheHook(): string {
  const file = path.join(CACHE, `hook-${createHash('sha256').update(HOOK).digest('hex').slice(0, 16)}.js`);
  if (!existsSync(file)) {
    mkdirSync(CACHE, { recursive: true });
    const staged = `${file}.${process.pid}`;
    writeFileSync(staged, HOOK);
    renameSync(staged, file);
  }
  return file;
}
