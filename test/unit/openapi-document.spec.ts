import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { generateOpenApiDocument, OPENAPI_PATH, serialise } from '../../apps/api/src/openapi.main';

const ROOT = join(__dirname, '..', '..');
const CLIENT_TYPES = join(ROOT, 'libs', 'client', 'src', 'openapi.d.ts');
const ERROR_REF = '#/components/schemas/ErrorBodyDto';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Response {
  content?: Record<string, { schema?: { $ref?: string; type?: string; oneOf?: unknown[] } }>;
}
interface Operation {
  summary?: string;
  security?: unknown[];
  responses: Record<string, Response>;
}

function operations(document: OpenAPIObject): Array<{ name: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = (item as Record<string, Operation | undefined>)[method];
      return operation ? [{ name: `${method.toUpperCase()} ${path}`, operation }] : [];
    }),
  );
}

describe('the OpenAPI document', () => {
  let document: OpenAPIObject;
  beforeAll(async () => {
    document = await generateOpenApiDocument();
  });

  it('is committed as openapi.json exactly as the code generates it (run `npm run openapi`)', () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(serialise(document));
  });

  it('gives every operation a summary and a success answer with a body schema, or 204', () => {
    const missing = operations(document).flatMap(({ name, operation }) => {
      const problems: string[] = [];
      if (!operation.summary) problems.push(`${name}: no summary`);
      const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) problems.push(`${name}: no 2xx answer`);
      for (const [status, response] of success) {
        const schemas = Object.values(response.content ?? {}).map((media) => media.schema);
        if (status !== '204' && (schemas.length === 0 || schemas.some((schema) => !schema)))
          problems.push(`${name}: ${status} has no body schema`);
        if (status === '204' && schemas.length > 0) problems.push(`${name}: 204 with a body`);
      }
      return problems;
    });
    expect(missing).toEqual([]);
  });

  it('answers every error status with the shared error body', () => {
    const wrong = operations(document).flatMap(({ name, operation }) => {
      const errors = Object.entries(operation.responses).filter(([status]) => /^[45]\d\d$/.test(status));
      const problems = errors
        .filter(([, response]) => response.content?.['application/json']?.schema?.$ref !== ERROR_REF)
        .map(([status]) => `${name}: ${status} is not ErrorBody`);
      if (!errors.some(([status]) => status.startsWith('4'))) problems.push(`${name}: no 4xx answer`);
      return problems;
    });
    expect(wrong).toEqual([]);
  });

  it('documents 401 and 403 on every route that needs credentials; public ones have security: []', () => {
    const wrong = operations(document).flatMap(({ name, operation }) => {
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
      if (isPublic) return [];
      const statuses = Object.keys(operation.responses);
      return ['401', '403'].filter((s) => !statuses.includes(s)).map((s) => `${name}: no ${s}`);
    });
    const publicOperations = operations(document)
      .filter(({ operation }) => operation.security?.length === 0)
      .map(({ name }) => name);
    expect(publicOperations).toEqual(
      expect.arrayContaining(['POST /v1/auth/login', 'GET /v1/ledger/checkpoint']),
    );
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(wrong).toEqual([]);
  });

  it('declares the Idempotency-Key header of the submit routes once, as optional', () => {
    for (const path of ['/v1/assets', '/v1/assets/{id}/versions']) {
      const parameters = (document.paths[path].post?.parameters ?? []) as Array<{
        name: string;
        in: string;
        required?: boolean;
      }>;
      const headers = parameters.filter((p) => p.in === 'header' && /^idempotency-key$/i.test(p.name));
      expect(headers).toEqual([expect.objectContaining({ required: false })]);
    }
  });

  it('documents a payload schema for every webhook event', () => {
    const webhooks = (document as unknown as { 'x-webhooks': Record<string, unknown> })['x-webhooks'];
    expect(Object.keys(webhooks).sort()).toEqual(
      [
        'decision.closed',
        'decision.opened',
        'version.released',
        'version.validated',
        'version.validation_failed',
        'vote.cast',
      ].sort(),
    );
  });

  it('has client types generated from the committed document (run `npm run openapi`)', () => {
    const generated = execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), OPENAPI_PATH],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    expect(readFileSync(CLIENT_TYPES, 'utf8')).toBe(generated);
  });
});
