// ts-jest's ESM preset; run with NODE_OPTIONS=--experimental-vm-modules (see package.json "test").
const transform = { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] };
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  transform,
  setupFilesAfterEnv: ['<rootDir>/test/timeout.ts'],
};

/** @type {import('jest').Config} */
export default {
  // Every core (jest's default leaves one idle: one worker on a 2-core machine). The integration project shares its
  // servers and runs in band (`npm run test:integration`), so `npm test` runs the two projects one after the other.
  maxWorkers: '100%',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/test/integration/'],
    },
    {
      ...shared,
      // Real Keystone + Ironic on 127.0.0.1 (scripts/openstack); `npm run test:integration`.
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
    },
  ],
};
