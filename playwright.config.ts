import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium';

const launchOptions = chromiumLaunchOptions();

const PORT = 4173;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: process.env.PW_JSON ? [['list'], ['json', { outputFile: process.env.PW_JSON }]] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/queuescope/`,
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
    launchOptions,
    trace: 'retain-on-failure',
    // `npm run demo -- <name> --video` records the demo (needs ffmpeg, see scripts/demo.mjs).
    video: process.env.DEMO_VIDEO ? { mode: 'on', size: { width: 1280, height: 800 } } : 'off',
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 }, launchOptions },
    },
  ],
  webServer: {
    // The production build, served from a sub-path, as people host it.
    command: `npx vite preview --base /queuescope/ --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/queuescope/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
