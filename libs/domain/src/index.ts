export * from './lifecycle';
export * from './finding';
export * from './integrity';
export * from './quorum';
export * from './ledger';
export * from './provenance';
export * from './rules';
