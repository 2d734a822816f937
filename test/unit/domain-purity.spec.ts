import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Lives outside libs/domain because it has to name the imports it forbids.
const DOMAIN = path.resolve(__dirname, '../../libs/domain/src');

// The domain holds the rules as pure functions; a framework, database or queue import would let
// infrastructure leak in, so this walks every file and checks what it imports.
const FORBIDDEN = /^(@nestjs\/|typeorm|bullmq|ioredis|pg$|pg\/|express|passport|@app\/(core|queues|config))/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(source: string): string[] {
  const specifiers = source.matchAll(
    /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm,
  );
  return [...specifiers].map((m) => m[1]);
}

describe('libs/domain', () => {
  const files = sourceFiles(DOMAIN);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it('recognises a forbidden import when it sees one', () => {
    expect(
      importsOf(`import { Injectable } from '@nestjs/common';`).filter((s) => FORBIDDEN.test(s)),
    ).toEqual(['@nestjs/common']);
  });

  it.each(files.map((f) => [path.relative(DOMAIN, f), f]))(
    '%s imports no framework, database or queue package',
    (_name, file) => {
      const forbidden = importsOf(readFileSync(file, 'utf8')).filter((s) => FORBIDDEN.test(s));
      expect(forbidden).toEqual([]);
    },
  );
});
