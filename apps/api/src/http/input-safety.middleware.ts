import { BadRequestException, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { FieldProblem } from './validation.pipe';

/** Deeper than any DTO goes; class-transformer and class-validator recurse and would overflow the stack. */
export const MAX_JSON_DEPTH = 32;

// Keys that class-transformer and plain assignment treat as the object's own machinery.
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first part of a parsed body or query that nothing behind the HTTP layer can take: nesting past
 * MAX_JSON_DEPTH, a reserved key, or a string PostgreSQL cannot store (U+0000 in text and jsonb,
 * unpaired surrogates in jsonb). Walked without recursion, so depth itself cannot overflow the stack.
 */
export function findUnsafeInput(root: unknown): FieldProblem | undefined {
  const stack: Array<{ value: unknown; field: string; depth: number }> = [
    { value: root, field: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, field, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = stringProblem(value);
      if (problem) return at(field, `must not contain ${problem}`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return at(field, `nests deeper than ${MAX_JSON_DEPTH} levels`);
    const isArray = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const child = isArray ? `${field}[${key}]` : field ? `${field}.${key}` : key;
      if (!isArray && RESERVED_KEYS.has(key)) return at(child, 'is a reserved name');
      const problem = isArray ? undefined : stringProblem(key);
      if (problem) return at(child, `has a name that contains ${problem}`);
      stack.push({ value: (value as Record<string, unknown>)[key], field: child, depth: depth + 1 });
    }
  }
  return undefined;
}

function stringProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'NUL (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'an unpaired UTF-16 surrogate';
  return undefined;
}

function at(field: string, problem: string): FieldProblem {
  // Field names come from the client: keep a hostile one from filling the answer.
  const name = field === '' ? 'body' : field.length > 120 ? `${field.slice(0, 120)}...` : field;
  return { field: name, problems: [`${name} ${problem}`] };
}

/** Refuses unsafe bodies and query strings with a 400 that names the field, before guards and pipes see them. */
@Injectable()
export class InputSafetyMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const problem = findUnsafeInput(request.body) ?? findUnsafeInput(request.query);
    if (problem) {
      throw new BadRequestException({
        message: `Invalid request: ${problem.problems.join(', ')}`,
        details: [problem],
      });
    }
    next();
  }
}
