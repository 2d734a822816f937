import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { INestApplication } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { sha256, textAsset } from './assets';
import { DEFAULT_POLICY } from './quorum';
import { Route, routesOf } from './routes';

/** One route with what it reads from a request, all found from the app's own metadata. */
export interface FuzzTarget {
  route: Route;
  key: string;
  params: string[];
  bodyFields: string[];
  queryFields: string[];
  takesBody: boolean;
}

interface RouteArg {
  index: number;
  data?: unknown;
}

/** Every route of the app, so a route added later is fuzzed without anyone listing it. */
export function fuzzTargets(app: INestApplication): FuzzTarget[] {
  return routesOf(app).map((route) => {
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, route.methodName) ??
      {}) as Record<string, RouteArg>;
    const types = (Reflect.getMetadata('design:paramtypes', route.controller.prototype, route.methodName) ??
      []) as unknown[];
    const of = (kind: RouteParamtypes) =>
      Object.entries(args)
        .filter(([k]) => k.split(':')[0] === String(kind))
        .map(([, arg]) => arg);
    const fieldsOf = (kind: RouteParamtypes) =>
      of(kind).flatMap((arg) => (typeof arg.data === 'string' ? [arg.data] : dtoFields(types[arg.index])));
    return {
      route,
      key: `${route.method} ${route.path}`,
      params: [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]),
      bodyFields: fieldsOf(RouteParamtypes.BODY),
      queryFields: fieldsOf(RouteParamtypes.QUERY),
      takesBody: ['POST', 'PUT', 'PATCH'].includes(route.method),
    };
  });
}

function dtoFields(type: unknown): string[] {
  if (typeof type !== 'function' || type === Object) return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/** Ids of rows that exist, so fuzzed requests reach past "not found" into the code behind it. */
export interface KnownIds {
  adminId: string;
  victimPersonId: string;
  victimBotId: string;
  assetId: string;
  ruleSetId: string;
  policyId: string;
  webhookId: string;
  groupKey: string;
}

const RULES = [{ id: 'no-synergy', kind: 'banned-term', severity: 'error', terms: [{ term: 'synergy' }] }];
const TEXT = 'hello';
const TEXT_ASSET = textAsset(TEXT, { title: 'Fuzzed' });

/** A valid body per route where one is known; the fuzzer breaks one part of it at a time. */
export function sampleBodies(ids: KnownIds): Record<string, Record<string, unknown>> {
  return {
    'POST /v1/auth/login': { email: 'nobody@example.com', password: 'not the password' },
    'POST /v1/auth/refresh': { refreshToken: `qr_${'A'.repeat(43)}` },
    'POST /v1/auth/logout': { refreshToken: `qr_${'B'.repeat(43)}` },
    'POST /v1/assets': TEXT_ASSET,
    'POST /v1/assets/:id/versions': { ...TEXT_ASSET, baseVersion: 1 },
    'POST /v1/asset-classes': { key: 'fuzz-class', name: 'Fuzz', voterGroups: [], policy: DEFAULT_POLICY },
    'PATCH /v1/asset-classes/:classKey': { name: 'Renamed', voterGroups: [ids.groupKey] },
    'PUT /v1/asset-classes/:classKey/rule-sets': { ruleSetIds: [ids.ruleSetId] },
    'POST /v1/policies': { classKey: 'demo', ...DEFAULT_POLICY, mode: 'auto' },
    'POST /v1/policies/:id/dry-run': { quorumBps: 6000, vetoGroups: [ids.groupKey] },
    'POST /v1/decisions/:id/votes': { choice: 'reject', reason: 'Off brand' },
    'POST /v1/webhooks': { url: 'https://hooks.example.com/quorate', events: ['version.released'] },
    'POST /v1/stakeholders': { email: 'fuzzed@example.com', role: 'reviewer', displayName: 'F' },
    'PATCH /v1/stakeholders/:id': { displayName: 'Renamed', role: 'reviewer', disabled: false },
    'PUT /v1/stakeholders/:id/weights/:classKey': { weight: 3 },
    'POST /v1/groups': { key: 'fuzzed', name: 'Fuzzed' },
    'POST /v1/api-keys': { name: 'fuzzed', ownerUserId: ids.adminId, classKeys: ['demo'] },
    'POST /v1/rule-sets': { key: 'fuzzed', name: 'Fuzzed', description: 'd', rules: RULES },
    'PUT /v1/rule-sets/:id': { name: 'Fuzzed', rules: RULES, baseVersion: 1 },
    'POST /v1/rule-sets/:id/test': { mediaType: 'text/plain', text: 'synergy', version: 1 },
    'POST /v1/blocklist': { sha256: sha256(TEXT), reason: 'Leaked' },
  };
}

/** Path parameter values that exist, for the route at hand: an asset id for asset routes, and so on. */
export function knownParams(ids: KnownIds): (path: string, param: string) => string[] {
  const idsByPrefix: Array<[string, string]> = [
    ['/v1/assets', ids.assetId],
    ['/v1/rule-sets', ids.ruleSetId],
    ['/v1/policies', ids.policyId],
    ['/v1/webhooks', ids.webhookId],
    ['/v1/stakeholders', ids.victimPersonId],
    ['/v1/api-keys', ids.victimBotId],
  ];
  const byName: Record<string, string[]> = {
    userId: [ids.victimPersonId],
    classKey: ['demo'],
    key: [ids.groupKey],
    n: ['1', '2'],
    sha256: [sha256(TEXT)],
  };
  return (path, param) =>
    param === 'id'
      ? idsByPrefix.filter(([prefix]) => path.startsWith(prefix)).map(([, id]) => id)
      : (byName[param] ?? []);
}
