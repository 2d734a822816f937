// Summarises the V8 CPU profiles that `npm run bench -- --profile` writes: self time by package
// (or app folder) and by function, per process. See docs/benchmarks.md for how to run it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function summarise(file: string, top: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const inspector = profilerOwnNodes(profile.nodes);
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    if (inspector.has(id)) return;
    const frame = byId.get(id)!.callFrame;
    const micros = profile.timeDeltas[i] ?? 0;
    total += micros;
    add(byPlace, place(frame.url, frame.functionName), micros);
    add(
      byFunction,
      `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`,
      micros,
    );
  });
  const lines = [`${file}: ${(total / 1e6).toFixed(1)} s sampled`];
  for (const [title, table] of [
    ['by place', byPlace],
    ['by function', byFunction],
  ] as const) {
    lines.push(`  self time ${title}:`);
    for (const [key, micros] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      lines.push(`    ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`);
    }
  }
  return lines.join('\n');
}

/** The nodes under node:inspector calls: stopping the profiler serialises it while still sampling. */
function profilerOwnNodes(nodes: ProfileNode[]): Set<number> {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const own = new Set<number>();
  const mark = (node: ProfileNode | undefined, inside: boolean) => {
    if (!node) return;
    const here = inside || node.callFrame.url === 'node:inspector';
    if (here) own.add(node.id);
    for (const child of node.children ?? []) mark(byId.get(child), here);
  };
  // The first node is the root of the call tree.
  mark(nodes[0], false);
  return own;
}

/** An npm package, a folder of this repository, node's internals, or V8's own buckets such as (idle). */
function place(url: string, functionName: string): string {
  if (!url) return functionName;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  const repo = /\/(apps|libs|bench)\/([^/]+)/.exec(url);
  return repo ? `${repo[1]}/${repo[2]}` : url;
}

function shortUrl(url: string): string {
  return url
    .replace(/^.*node_modules\//, '')
    .replace(/^file:\/\/\/work\/main\//, '')
    .replace(/^\/work\/main\//, '');
}

function add(table: Map<string, number>, key: string, micros: number): void {
  table.set(key, (table.get(key) ?? 0) + micros);
}

const [dir, top = '12'] = process.argv.slice(2);
if (!dir) {
  console.error('Usage: ts-node bench/profile-summary.ts PROFILE_DIR [TOP]');
  process.exit(2);
}
for (const name of readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort()) {
  console.log(summarise(join(dir, name), Number(top)));
}
