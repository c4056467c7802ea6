/** Jest runs TypeScript through ts-jest; type checking is `npm run typecheck`, so the transform only transpiles. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // jose 6 ships only ES modules; Node 20.19+ requires them natively, jest's module system does not, so its files
    // are transpiled to CommonJS like our own.
    '/node_modules/jose/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testTimeout: 60000,
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
};
