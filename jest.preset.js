// Shared jest settings: TypeScript through swc (type checking is the build's job),
// and @aigw/* imports mapped to each project's source so tests need no build.
const path = require('path');

const apps = ['proxy', 'admin-api', 'log-writer', 'standalone'];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper: {
    [`^@aigw/(${apps.join('|')})$`]: path.join(__dirname, 'apps/$1/src/index.ts'),
    '^@aigw/([a-z-]+)$': path.join(__dirname, 'libs/$1/src/index.ts'),
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testTimeout: 30000,
  // A leaked handle must fail loudly in the report, not hang CI.
  forceExit: true,
};
