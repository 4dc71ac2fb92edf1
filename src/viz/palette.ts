// One visual language: each consumer group keeps one colour everywhere (Okabe–Ito, safe
// for the common colour-vision deficiencies), and state is also shown by shape and label.

import type { GroupState, MemberState } from '../engine';

/** How many group colours the themes define (`--qs-group-0` … `--qs-group-7` in ui/theme.css). */
export const GROUP_COLOR_COUNT = 8;

/**
 * A group's colour as a CSS custom property: Okabe–Ito hues, darkened where text on a light
 * background needs it and lightened for the dark theme.
 */
export function groupColor(groupIds: readonly string[], groupId: string): string {
  const i = groupIds.indexOf(groupId);
  return `var(--qs-group-${Math.max(i, 0) % GROUP_COLOR_COUNT})`;
}

/** CSS custom properties (see ui/theme.css) so diagrams follow the light/dark theme. */
export const THEME = {
  bg: 'var(--qs-bg)',
  fg: 'var(--qs-fg)',
  muted: 'var(--qs-muted)',
  panel: 'var(--qs-panel)',
  border: 'var(--qs-border)',
  cell: 'var(--qs-cell)',
  cellFilled: 'var(--qs-cell-filled)',
  danger: 'var(--qs-danger)',
  warn: 'var(--qs-warn)',
  ok: 'var(--qs-ok)',
  producer: 'var(--qs-producer)',
  /** Text on a filled warn/danger/group mark (a receive count on a cell). */
  onAccent: 'var(--qs-on-accent)',
} as const;

/** A glyph per member state, so state never rests on colour alone. */
export const MEMBER_STATE_GLYPH: Record<MemberState, string> = {
  Unjoined: '○',
  Joining: '◔',
  AwaitingAssignment: '◑',
  Stable: '●',
  Stale: '◌',
  Paused: '‖',
  Crashed: '✕',
  Left: '⎋',
};

export const GROUP_STATE_GLYPH: Record<GroupState, string> = {
  Empty: '○',
  PreparingRebalance: '◔',
  CompletingRebalance: '◑',
  Stable: '●',
  Dead: '✕',
};
