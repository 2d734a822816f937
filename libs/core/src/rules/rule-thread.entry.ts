import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkerOptions } from 'node:worker_threads';

/** How to start a rule thread: a file to run, or code to evaluate, and the options that go with it. */
export interface RuleThreadEntry {
  filename: string;
  options: WorkerOptions;
  /** Whether the thread will compile TypeScript itself (and so needs heap for the compiler). */
  compilesTypeScript: boolean;
}

const ROOT = path.resolve(__dirname, '../../../..');
const ENTRY_NAME = 'rule-thread';

/*
 * The fallback from source: register ts-node inside the thread (each thread has a module loader of
 * its own) and require rule-thread.ts. It works anywhere ts-node does, but loads the TypeScript
 * compiler into every thread, which takes seconds.
 */
const TS_NODE_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
require(workerData.tsNode).register({ transpileOnly: true, project: workerData.project });
require(workerData.entry);
`;

let cachedSourceEntry: string | undefined;

/**
 * From dist (npm start) the thread runs the compiled rule-thread.js next to this file. From source
 * (ts-jest, ts-node) there is no .js to run, so the thread's few modules are transpiled once, with the
 * TypeScript compiler the process already uses, into node_modules/.cache, where every later thread and
 * process reuses them; if that fails, the thread registers ts-node itself.
 */
export function ruleThreadEntry(): RuleThreadEntry {
  if (!__filename.endsWith('.ts')) {
    return { filename: path.join(__dirname, `${ENTRY_NAME}.js`), options: {}, compilesTypeScript: false };
  }
  const source = path.join(__dirname, `${ENTRY_NAME}.ts`);
  try {
    cachedSourceEntry ??= transpileToCache(source);
    return { filename: cachedSourceEntry, options: {}, compilesTypeScript: false };
  } catch {
    return {
      filename: TS_NODE_BOOTSTRAP,
      options: {
        eval: true,
        workerData: {
          tsNode: require.resolve('ts-node'),
          project: path.join(ROOT, 'tsconfig.json'),
          entry: source,
        },
      },
      compilesTypeScript: true,
    };
  }
}

/** Transpiles the entry and every module it imports by relative path; returns the entry's .js path. */
function transpileToCache(entry: string): string {
  const files = importGraph(entry);
  // Loaded only here, when running from source: typescript is a dev dependency, absent from production.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const digest = createHash('sha256').update(ts.version);
  for (const file of files) digest.update(path.relative(ROOT, file)).update('\0').update(readFileSync(file));
  // Inside node_modules, so that the transpiled modules still resolve packages such as re2js.
  const cacheRoot = path.join(ROOT, 'node_modules', '.cache', 'quorate-rule-thread');
  const outDir = path.join(cacheRoot, digest.digest('hex').slice(0, 16));
  const output = (file: string) => path.join(outDir, path.relative(ROOT, file).replace(/\.ts$/, '.js'));
  if (existsSync(path.join(outDir, 'complete'))) return output(entry);

  const staging = `${outDir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const stagedOutput = (file: string) =>
    path.join(staging, path.relative(ROOT, file).replace(/\.ts$/, '.js'));
  try {
    for (const file of files) {
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
          isolatedModules: true,
        },
      });
      mkdirSync(path.dirname(stagedOutput(file)), { recursive: true });
      writeFileSync(stagedOutput(file), outputText);
    }
    writeFileSync(path.join(staging, 'complete'), '');
    try {
      renameSync(staging, outDir);
    } catch (error) {
      // Another process finished the same output first; theirs is identical.
      if (!existsSync(path.join(outDir, 'complete'))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return output(entry);
}

const RELATIVE_IMPORT = /(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s)?'(\.{1,2}\/[^']+)'/gm;

function importGraph(entry: string): string[] {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const base = path.resolve(path.dirname(file), specifier);
      const resolved = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => existsSync(candidate));
      if (!resolved) throw new Error(`cannot resolve ${specifier} from ${file}`);
      pending.push(resolved);
    }
  }
  return [...seen].sort();
}
