import { configDefaults, defineConfig } from 'vitest/config';

// Two projects so the deployment suite's global setup (npm pack + npm install of the tarballs,
// tens of seconds) runs only when a deployment test is selected: vitest calls a project's global
// setup only when that project has tests queued. Every other test keeps vitest's defaults.
export default defineConfig({
  test: {
    // Line coverage of the TypeScript sources, printed in CI's log (CI=true, as .ci/run runs):
    // what the tests run in this process and its workers; code run in child processes (the CLI,
    // the packed package) is not counted, so the figure is a floor.
    coverage: {
      enabled: Boolean(process.env.CI),
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary'],
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          exclude: [...configDefaults.exclude, 'test/deploy/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'deploy',
          include: ['test/deploy/**/*.test.ts'],
          globalSetup: ['test/deploy/global-setup.ts'],
          // Real installs, bundlers, a browser and workerd on a 2-core machine shared with the
          // other suites: generous limits, so a slow machine reads as slow, not as broken.
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
