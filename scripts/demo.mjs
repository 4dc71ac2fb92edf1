#!/usr/bin/env node
// `npm run demo -- <name> [--video]`: builds the page if needed and runs
// e2e/demos/<name>.spec.ts, writing numbered screenshots with captions to
// demo-output/<name>/. With --video it also records demo-output/<name>/demo.webm.
// `npm run demo -- lesson:<id>` runs a lesson as a demo (e2e/demos/lesson.spec.ts),
// writing to demo-output/lesson-<id>/.

import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
const isVideo = args.includes('--video');
const requested = args.find((a) => !a.startsWith('--'));
const lessonId = requested?.startsWith('lesson:') ? requested.slice('lesson:'.length) : null;
const name = lessonId !== null ? 'lesson' : requested;
const outName = lessonId !== null ? `lesson-${lessonId}` : name;
const demos = readdirSync('e2e/demos')
  .filter((f) => f.endsWith('.spec.ts'))
  .map((f) => f.replace('.spec.ts', ''));
if (!name || !demos.includes(name)) {
  console.error(
    `usage: npm run demo -- <name> [--video]\ndemos: ${demos.join(', ')}; lessons: lesson:<id> (window.queuescope.lessons() lists the ids)`,
  );
  process.exit(2);
}

/**
 * Playwright records video with its own ffmpeg build, which it cannot download everywhere.
 * Debian's ffmpeg works in its place: link it where Playwright looks.
 */
function ensureFfmpeg() {
  const browsers = JSON.parse(readFileSync('node_modules/playwright-core/browsers.json', 'utf8'));
  const revision = browsers.browsers.find((b) => b.name === 'ffmpeg')?.revision;
  const root = process.env.PLAYWRIGHT_BROWSERS_PATH ?? join(homedir(), '.cache', 'ms-playwright');
  const target = join(root, `ffmpeg-${revision}`, 'ffmpeg-linux');
  if (existsSync(target)) return;
  if (!existsSync('/usr/bin/ffmpeg')) {
    console.error('--video needs ffmpeg: apt-get install -y --no-install-recommends ffmpeg');
    process.exit(2);
  }
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync('/usr/bin/ffmpeg', target);
}

function newestVideo(dir) {
  let best = null;
  const walk = (d) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.webm') && (!best || statSync(path).mtimeMs > statSync(best).mtimeMs))
        best = path;
    }
  };
  if (existsSync(dir)) walk(dir);
  return best;
}

if (isVideo) {
  ensureFfmpeg();
  rmSync('test-results', { recursive: true, force: true });
}
if (!existsSync('dist/index.html')) spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
const out = process.env.DEMO_OUT ?? 'demo-output';
const result = spawnSync('npx', ['playwright', 'test', `e2e/demos/${name}.spec.ts`], {
  stdio: 'inherit',
  env: {
    ...process.env,
    CI: '1',
    DEMO_OUT: out,
    ...(lessonId !== null ? { DEMO_LESSON: lessonId } : {}),
    ...(isVideo ? { DEMO_VIDEO: '1' } : {}),
  },
});
if (result.status === 0) {
  console.log(`screenshots: ${out}/${outName}/`);
  const video = isVideo ? newestVideo('test-results') : null;
  if (video) {
    copyFileSync(video, join(out, outName, 'demo.webm'));
    console.log(`video: ${out}/${outName}/demo.webm`);
  } else if (isVideo) console.error('no video was recorded');
}
process.exit(result.status ?? 1);
