#!/usr/bin/env node
// `npm run demo -- <name>`: builds the page if needed and runs e2e/demos/<name>.spec.ts,
// writing numbered screenshots with captions to demo-output/<name>/.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const name = process.argv[2];
const demos = readdirSync('e2e/demos')
  .filter((f) => f.endsWith('.spec.ts'))
  .map((f) => f.replace('.spec.ts', ''));
if (!name || !demos.includes(name)) {
  console.error(`usage: npm run demo -- <name>\ndemos: ${demos.join(', ')}`);
  process.exit(2);
}
if (!existsSync('dist/index.html')) spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
const result = spawnSync('npx', ['playwright', 'test', `e2e/demos/${name}.spec.ts`], {
  stdio: 'inherit',
  env: { ...process.env, CI: '1', DEMO_OUT: process.env.DEMO_OUT ?? 'demo-output' },
});
if (result.status === 0) console.log(`screenshots: demo-output/${name}/`);
process.exit(result.status ?? 1);
