// The shareable link: scenario (a preset id, or the scenario document compressed with
// lz-string), seed, speed, time, paused and the interventions made so far. Parsing never
// throws: a malformed or tampered link yields the default scenario and a clear message.

import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { type Fault, PRESET_IDS, parseFault, parseScenario, type Scenario } from '../engine';
import type { Controller } from '../store/controller';
import type { Intervention } from '../store/session';

export interface LinkState {
  scenario: Scenario | string;
  seed: number;
  speed: number;
  timeMs: number;
  isPaused: boolean;
  interventions: Intervention[];
  isEmbed: boolean;
  isPresentation: boolean;
}

export interface ParsedLink {
  state: LinkState;
  /** Set when part of the link was unusable; the rest still applies. */
  error: string | null;
}

export const DEFAULT_LINK: LinkState = {
  scenario: 'default',
  seed: 1,
  speed: 1,
  timeMs: 0,
  isPaused: true,
  interventions: [],
  isEmbed: false,
  isPresentation: false,
};

export function encodeLink(state: LinkState): string {
  const params = new URLSearchParams();
  if (typeof state.scenario === 'string') params.set('scenario', state.scenario);
  else params.set('doc', compressToEncodedURIComponent(JSON.stringify(state.scenario)));
  params.set('seed', String(state.seed));
  params.set('speed', String(state.speed));
  params.set('t', String(Math.round(state.timeMs * 1000) / 1000));
  params.set('paused', state.isPaused ? '1' : '0');
  if (state.interventions.length > 0)
    params.set(
      'i',
      compressToEncodedURIComponent(JSON.stringify(state.interventions.map((x) => [x.atMs, x.fault]))),
    );
  if (state.isEmbed) params.set('embed', '1');
  if (state.isPresentation) params.set('present', '1');
  return params.toString();
}

/** The shareable link of the controller's current view, on the page at `here`. */
export function linkTo(
  controller: Controller,
  here: Pick<Location, 'origin' | 'href' | 'pathname'> = location,
): string {
  const query = encodeLink({ ...controller.viewState(), isEmbed: controller.store.getState().isEmbed });
  const base = here.origin === 'null' ? here.href.split('?')[0] : here.origin + here.pathname;
  return `${base}?${query}`;
}

function number(
  params: URLSearchParams,
  key: string,
  min: number,
  max: number,
  fallback: number,
  problems: string[],
  isInteger = false,
): number {
  const raw = params.get(key);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (isInteger && !Number.isInteger(value))
  ) {
    problems.push(
      `"${key}" must be ${isInteger ? 'an integer' : 'a number'} from ${min} to ${max} (got "${raw.slice(0, 40)}")`,
    );
    return fallback;
  }
  return value;
}

export function parseLink(search: string): ParsedLink {
  const problems: string[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { state: { ...DEFAULT_LINK }, error: 'The link could not be read; showing the default scenario.' };
  }
  let scenario: Scenario | string = DEFAULT_LINK.scenario;
  let isScenarioBad = false;
  const id = params.get('scenario');
  const doc = params.get('doc');
  if (doc !== null) {
    try {
      const json = decompressFromEncodedURIComponent(doc);
      if (!json) throw new Error('the scenario in the link is damaged (it does not decompress)');
      scenario = parseScenario(JSON.parse(json));
    } catch (error) {
      problems.push(`the scenario in the link is invalid: ${(error as Error).message}`);
      isScenarioBad = true;
    }
  } else if (id !== null) {
    if (PRESET_IDS.includes(id)) scenario = id;
    else {
      problems.push(`there is no preset scenario "${id.slice(0, 60)}"`);
      isScenarioBad = true;
    }
  }
  const seed = number(params, 'seed', 0, 2 ** 31 - 1, DEFAULT_LINK.seed, problems, true);
  const speed = number(params, 'speed', 0.25, 64, DEFAULT_LINK.speed, problems);
  const timeMs = number(params, 't', 0, 86_400_000, 0, problems);
  const pausedRaw = params.get('paused');
  const isPaused = pausedRaw === null ? true : pausedRaw !== '0';
  let interventions: Intervention[] = [];
  const rawInterventions = params.get('i');
  if (rawInterventions !== null && !isScenarioBad) {
    try {
      const json = decompressFromEncodedURIComponent(rawInterventions);
      if (!json) throw new Error('damaged');
      const list = JSON.parse(json) as unknown;
      if (!Array.isArray(list) || list.length > 1000) throw new Error('not a list of interventions');
      interventions = list.map((entry, i) => {
        if (
          !Array.isArray(entry) ||
          typeof entry[0] !== 'number' ||
          !Number.isFinite(entry[0]) ||
          entry[0] < 0
        )
          throw new Error(`intervention ${i} has no valid time`);
        return { atMs: entry[0], fault: parseFault(entry[1]) as Fault };
      });
    } catch (error) {
      problems.push(
        `the interventions in the link are invalid (${(error as Error).message}); they were ignored`,
      );
      interventions = [];
    }
  }
  const state: LinkState = {
    scenario: isScenarioBad ? 'default' : scenario,
    seed,
    speed,
    timeMs: isScenarioBad ? 0 : timeMs,
    isPaused,
    interventions,
    isEmbed: params.get('embed') === '1',
    isPresentation: params.get('present') === '1',
  };
  const error =
    problems.length === 0
      ? null
      : `This link has a problem: ${problems.join('; ')}.${isScenarioBad ? ' Showing the default scenario instead.' : ''}`;
  return { state, error };
}

/** Where the followed link is written: the page's address bar, or a fake in tests. */
export interface AddressBar {
  current(): string;
  /** Replaces the current entry (never pushes one, so Back and Forward are not flooded). */
  replace(url: string): void;
}

export const pageAddressBar: AddressBar = {
  current: () => location.href,
  replace: (url) => {
    try {
      history.replaceState(history.state, '', url);
    } catch {
      // Some hosts (a sandboxed frame, file:// in some browsers) refuse: the link still
      // works through "Copy link".
    }
  },
};

export interface FollowOptions {
  bar?: AddressBar;
  /** At most one write per this many ms (time moves every frame while playing). */
  intervalMs?: number;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  /** The page the link is on (see `linkTo`). */
  here?: Pick<Location, 'origin' | 'href' | 'pathname'>;
}

/**
 * Keeps the address bar on the current view, so a reload or a copied address reproduces it
 * exactly as "Copy link" does. Writes are throttled (leading and trailing): a pause, seek
 * or fault is written at once or at the end of the current interval. While playing, a change
 * of the time alone is not written: history.replaceState costs the page a frame now and then
 * (it was most of the default view's missed frames), and the time is written when paused.
 * Returns a stop function.
 */
/** A link with its time parameter left out. */
function withoutTime(link: string): string {
  const q = link.indexOf('?');
  if (q < 0) return link;
  const params = new URLSearchParams(link.slice(q + 1));
  params.delete('t');
  return `${link.slice(0, q)}?${params.toString()}`;
}

export function followAddressBar(controller: Controller, options: FollowOptions = {}): () => void {
  const bar = options.bar ?? pageAddressBar;
  const intervalMs = options.intervalMs ?? 500;
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let lastWriteMs = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;

  const write = () => {
    timer = null;
    lastWriteMs = now();
    const link = linkTo(controller, options.here);
    const current = bar.current();
    if (link === current) return;
    if (controller.isPlaying() && withoutTime(link) === withoutTime(current)) return;
    bar.replace(link);
  };
  const schedule = () => {
    if (timer !== null) return;
    const waitMs = lastWriteMs + intervalMs - now();
    if (waitMs <= 0) write();
    else timer = setTimer(write, waitMs);
  };

  const offStore = controller.store.subscribe(schedule);
  const player = controller.player.subscribe(schedule);
  schedule();
  return () => {
    offStore();
    player.unsubscribe();
    if (timer !== null) clearTimer(timer);
    timer = null;
  };
}
