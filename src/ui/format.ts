// Small formatting helpers shared by panels: simulated time, counts, rates.

export function formatTime(ms: number): string {
  const totalSec = ms / 1000;
  const minutes = Math.floor(totalSec / 60);
  const seconds = totalSec - minutes * 60;
  return `${minutes}:${seconds.toFixed(1).padStart(4, '0')}`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A count for a small box: exact below `exactBelow` (with separators), then 123.4k and 1.23M. */
export { formatCountShort } from '../viz/format';

export function formatRate(perSec: number): string {
  return perSec >= 100 ? formatCount(perSec) : perSec.toFixed(1);
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(0)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms)} ms`;
}
