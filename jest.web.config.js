// The browser suite: run by `npm run test:web`, never by `npm test` (it needs Chromium).
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

module.exports = {
  rootDir: __dirname,
  displayName: 'web',
  testTimeout: 120000,
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/web/**/*.web-spec.ts'],
  globalSetup: '<rootDir>/test/web/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
