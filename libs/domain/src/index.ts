export * from './lifecycle';
export * from './finding';
export * from './integrity';
export * from './quorum';
