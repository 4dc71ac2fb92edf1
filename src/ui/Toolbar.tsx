// The top bar: scenario, playback (play/pause, step, speed, reset, seed), time, sharing,
// theme and help. Every control is a real button or input with an accessible name. On a
// narrow screen (app.css) only the title, Play, the clock and a "Menu" button stay in the
// bar; the menu button discloses the rest, the same controls with the same names.

import { useEffect, useId, useRef, useState } from 'react';
import { listPresets } from '../engine';
import { useController, usePlayer } from '../store/ControllerContext';
import { useApp } from '../store/hooks';
import { isPlayingIn, isPresentationIn, SPEED_MAX, SPEED_MIN, speedIn } from '../store/player.machine';
import { formatTime } from './format';
import { LessonsButton } from './lessons/LessonDock';

const PRESETS = listPresets();

/** The speed slider is logarithmic: position = log2(speed). */
const toSlider = (speed: number) => Math.log2(speed);
const fromSlider = (value: number) => 2 ** value;

/**
 * Its own component, and it selects the text it shows: it re-renders when the tenth of a
 * second changes (10 times a second at 1×), not on every frame; the rest of the toolbar never.
 */
function Clock() {
  const time = useApp((s) => formatTime(s.frame?.nowMs ?? 0));
  return (
    <output className="qs-clock" aria-label="Simulated time">
      <span className="qs-clock-prefix">t = </span>
      {time}
    </output>
  );
}

export interface ToolbarProps {
  onCopyLink(): void;
  onImport(): void;
  onExport(): void;
}

export function Toolbar({ onCopyLink, onImport, onExport }: ToolbarProps) {
  const controller = useController();
  const { store } = controller;
  const isPlaying = usePlayer(isPlayingIn);
  const speed = usePlayer(speedIn);
  const seed = useApp((s) => s.seed);
  const scenarioId = useApp((s) => s.scenarioId);
  const theme = useApp((s) => s.theme);
  const isPresentation = usePlayer(isPresentationIn);
  const [seedText, setSeedText] = useState<string | null>(null);
  const [isMenuOpen, setMenuOpen] = useState(false);
  const menuId = useId();
  const menuButton = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  // Escape closes the open menu and gives focus back to its button.
  useEffect(() => {
    if (!isMenuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setMenuOpen(false);
      if (menu.current?.contains(document.activeElement)) menuButton.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [isMenuOpen]);
  const isPreset = PRESETS.some((p) => p.id === scenarioId);

  const applySeed = () => {
    if (seedText === null) return;
    const value = Number(seedText);
    if (!Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
      store.setState({ error: `Seed must be a whole number from 0 to 2147483647 (got "${seedText}").` });
    } else controller.setSeed(value);
    setSeedText(null);
  };

  return (
    <header className={`qs-toolbar${isMenuOpen ? ' qs-menu-open' : ''}`}>
      <h1 className="qs-brand">Queuescope</h1>
      <button
        type="button"
        className="qs-primary qs-play"
        onClick={controller.togglePlay}
        aria-keyshortcuts="Space"
      >
        {isPlaying ? 'Pause' : 'Play'}
      </button>
      <Clock />
      {/* Shown on narrow screens only (app.css); on wide ones the menu's content is the bar. */}
      <button
        ref={menuButton}
        type="button"
        className="qs-menu-toggle"
        aria-expanded={isMenuOpen}
        aria-controls={menuId}
        onClick={() => setMenuOpen((open) => !open)}
      >
        <span aria-hidden="true">☰ </span>Menu
      </button>
      <div id={menuId} ref={menu} className="qs-toolbar-menu">
        <label className="qs-field qs-scenario">
          <span>Scenario</span>
          <select
            value={isPreset ? scenarioId : ''}
            onChange={(e) => controller.tryLoad(e.target.value, { isPlaying: false })}
          >
            {!isPreset && <option value="">{scenarioId} (custom)</option>}
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="qs-group qs-playback" aria-label="Playback">
          <button
            type="button"
            onClick={controller.stepEvent}
            aria-keyshortcuts="ArrowRight"
            title="Run exactly the next engine event"
          >
            Step event
          </button>
          <button
            type="button"
            onClick={() => controller.stepMs(100)}
            title="Advance 100 ms of simulated time"
          >
            Step 100 ms
          </button>
          <button type="button" onClick={controller.reset} aria-keyshortcuts="R">
            Reset
          </button>
        </fieldset>
        <label className="qs-field qs-speed">
          <span>Speed {speed < 1 ? speed.toFixed(2) : speed.toFixed(speed < 10 ? 1 : 0)}×</span>
          <input
            type="range"
            aria-label="Speed"
            aria-valuetext={`${speed}×`}
            min={toSlider(SPEED_MIN)}
            max={toSlider(SPEED_MAX)}
            step={0.25}
            value={toSlider(speed)}
            onChange={(e) =>
              controller.setSpeed(
                Math.min(SPEED_MAX, Math.max(SPEED_MIN, fromSlider(Number(e.target.value)))),
              )
            }
          />
        </label>
        <label className="qs-field qs-seed">
          <span>Seed</span>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            value={seedText ?? String(seed)}
            onChange={(e) => setSeedText(e.target.value)}
            onBlur={applySeed}
            onKeyDown={(e) => {
              if (e.key === 'Enter') applySeed();
            }}
          />
        </label>
        <fieldset className="qs-group qs-right" aria-label="Share and settings">
          <LessonsButton />
          <button type="button" onClick={onCopyLink}>
            Copy link
          </button>
          <button type="button" onClick={onImport}>
            Import
          </button>
          <button type="button" onClick={onExport}>
            Export
          </button>
          <button
            type="button"
            aria-pressed={theme === 'dark'}
            onClick={() => store.setState({ theme: theme === 'dark' ? 'light' : 'dark' })}
          >
            Dark theme
          </button>
          <button
            type="button"
            aria-pressed={isPresentation}
            aria-keyshortcuts="P"
            onClick={controller.togglePresentation}
          >
            Presentation
          </button>
          <button
            type="button"
            aria-keyshortcuts="?"
            onClick={() => store.setState({ isShortcutsOpen: true })}
          >
            Shortcuts
          </button>
        </fieldset>
      </div>
    </header>
  );
}
