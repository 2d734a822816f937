export * from './quorate.client';
export * from './webhook';
export type { components, operations, paths } from './openapi';
