import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { ACCESS_KEY, AccessRule } from '../../apps/api/src/auth/access.decorator';

export interface Route {
  method: string;
  path: string;
  handler: string;
  rule: AccessRule | undefined;
  controller: new (...args: unknown[]) => unknown;
  methodName: string;
}

/** Every route the running app's controllers declare, with the access rule Nest will apply to it. */
export function routesOf(app: INestApplication): Route[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  return discovery.getControllers().flatMap((wrapper) => {
    const instance = wrapper.instance as Record<string, unknown>;
    const controller = wrapper.metatype as new (...args: unknown[]) => unknown;
    const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string;
    return scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object).flatMap((name) => {
      const handler = instance[name] as (...args: unknown[]) => unknown;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) return [];
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string;
      return [
        {
          method: RequestMethod[method],
          path: `/${[prefix, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/'),
          handler: `${controller.name}.${name}`,
          rule: reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, controller]),
          controller,
          methodName: name,
        },
      ];
    });
  });
}

/** Paths Express serves that are not controller routes: the OpenAPI document and its UI. */
export function expressPaths(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as {
    router?: { stack: Layer[] };
    _router?: { stack: Layer[] };
  };
  const stack = (express.router ?? express._router)?.stack ?? [];
  return stack.flatMap((layer) => (layer.route?.path ? [layer.route.path] : []));
}

interface Layer {
  route?: { path?: string };
}
