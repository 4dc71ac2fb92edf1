// Dev page (not built): the flow diagram's queue layer on fixture frames, before the queue
// engine runs it. `npx vite`, then /dev/queues.html?fixture=sqs|rabbit|dense|all|stream
// (stream: the default preset's stream beside the SQS fixture) &play=1 to
// let the countdowns run; `window.frameTimes` collects the update times for the dense case.

import '../src/ui/theme.css';
import { Session } from '../src/store/session';
import { createFlowDiagram } from '../src/viz/flowDiagram';
import { type QueueFixture, queueFixtureFrame } from '../src/viz/queueFixture';

const params = new URLSearchParams(location.search);
const kind = params.get('fixture') ?? 'all';
const root = document.getElementById('root') as HTMLElement;
const isVertical = window.innerWidth < 780;
root.style.cssText = isVertical ? 'width: 100vw' : 'width: 100vw; height: 100vh';
document.body.style.background = 'var(--qs-bg)';
document.body.style.fontFamily = 'var(--qs-font)';
const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
svg.style.cssText = 'display: block; width: 100%; height: 100%';
root.append(svg);
const view = createFlowDiagram(svg, { onSelect: () => {} });

function frameAt(nowMs: number) {
  if (kind !== 'stream') return queueFixtureFrame(kind as QueueFixture, nowMs);
  const s = new Session('default', 1);
  s.advanceTo(8000);
  return queueFixtureFrame('sqs', nowMs, s.frame());
}
const base = frameAt(60_000);
const times: number[] = [];
(window as unknown as { frameTimes: number[] }).frameTimes = times;
function draw(nowMs: number) {
  const t0 = performance.now();
  const { layout } = view.update(
    { ...base, nowMs },
    { width: window.innerWidth, height: window.innerHeight, selection: null, isVertical, isLive: true },
  );
  times.push(performance.now() - t0);
  if (isVertical) root.style.height = `${layout.height}px`;
}
draw(60_000);
if (params.get('play') === '1') {
  const start = performance.now();
  const tick = () => {
    draw(60_000 + (performance.now() - start));
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
