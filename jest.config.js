// Three kinds of test (see README "Tests"): pure units, integration against real servers, e2e across processes.
// Integration and e2e projects share one global setup that reuses a reachable Kafka or starts one, and stops only
// what it started.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];

const ESM_PACKAGES = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js|mjs)$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@lethe/config$': '<rootDir>/libs/config/src/index.ts',
    '^@lethe/deletion-sdk$': '<rootDir>/libs/deletion-sdk/src/index.ts',
    '^@lethe/deletion-sdk/(.*)$': '<rootDir>/libs/deletion-sdk/src/$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // NestJS 12 ships as ES modules; jest's module system (on Node 20) needs them compiled to CommonJS
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
};

const withServers = {
  ...shared,
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
};

module.exports = {
  // Jest's default on 2 cores is one worker (cores - 1), i.e. everything in band. Specs isolate themselves (own
  // databases, topic prefixes, consumer groups, Redis prefixes, free ports) and mostly wait on servers and child
  // processes, so two files run side by side (see README "Tests"). `--maxWorkers=1` runs in band.
  maxWorkers: 2,
  // longest files first, also on a clean clone with no cached durations (see the file)
  testSequencer: '<rootDir>/test/sequencer.js',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts,test}/**/*.spec.ts'] },
    {
      ...withServers,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.integration-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/timeouts/integration.js'],
    },
    {
      ...withServers,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/timeouts/e2e.js'],
    },
  ],
};
