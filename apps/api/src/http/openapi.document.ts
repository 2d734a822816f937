import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorBodyDto, errorResponse } from './api-errors.decorator';
import { webhookDocumentation } from '../webhooks/webhook-events.dto';

/** Every route reads input the input-safety middleware checks, and every route may meet an outage. */
const ANSWERED_BY_EVERY_ROUTE = [400, 503] as const;

/** The OpenAPI document of the API, as served at /docs-json and committed as openapi.json. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Quorate')
    .setDescription(
      'Governance for AI-generated assets: validation, weighted-quorum review, verifiable ledger. ' +
        'Every error, whatever the status, has the body `ErrorBodyDto`.',
    )
    .setVersion('1')
    .addServer('http://127.0.0.1:3000', 'A local `quorate serve`')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: "A person's access token or a bot's qk_ API key",
    })
    .addSecurityRequirements('bearer')
    .build();
  const { extraModels, webhooks } = webhookDocumentation();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorBodyDto, ...extraModels],
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.post, path.put, path.patch, path.delete]) {
      if (!operation) continue;
      for (const status of ANSWERED_BY_EVERY_ROUTE) {
        operation.responses[status] ??= errorResponse(status);
      }
    }
  }
  // Private software: the licence has a name and nothing to link to.
  document.info.license = { name: 'UNLICENSED' };
  return { ...document, 'x-webhooks': webhooks } as OpenAPIObject;
}
