import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiModule } from './api.module';
import { buildOpenApiDocument } from './http/openapi.document';

/** Where the committed document lives: the repository root. */
export const OPENAPI_PATH = join(__dirname, '..', '..', '..', 'openapi.json');

/**
 * The document exactly as /docs-json serves it, without PostgreSQL or Redis: in preview mode Nest
 * registers the routes but runs no provider, so nothing connects.
 */
export async function generateOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(await ApiModule.forRoot({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), {
    preview: true,
    logger: false,
  });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

export function serialise(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (require.main === module) {
  generateOpenApiDocument()
    .then((document) => writeFileSync(OPENAPI_PATH, serialise(document)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
