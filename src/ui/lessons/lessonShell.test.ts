// The page's lessons before and after the lesson system loads: the shell answers the
// "Lessons" button and "Start here" at once, and everything else through the loaded host.

import { describe, expect, it } from 'vitest';
import { createScriptingApi } from '../../api/scripting';
import { PROGRESS_STORAGE_KEY, parseProgress } from '../../lessons/progress';
import { createController } from '../../store/controller';
import { createAppStore } from '../../store/store';
import { createLessonShell } from './lessonShell';

function setup() {
  const controller = createController(createAppStore(), { raf: () => 0, cancelRaf: () => {}, now: () => 0 });
  controller.load('default', { seed: 1 });
  const saved = new Map<string, string>();
  const storage = {
    getItem: (k: string) => saved.get(k) ?? null,
    setItem: (k: string, v: string) => void saved.set(k, v),
  };
  return { shell: createLessonShell(controller, storage), saved, controller };
}

describe('lesson shell', () => {
  it('opens and closes the index and remembers "Start here" without the lesson system', () => {
    const { shell, saved } = setup();
    expect(shell.loaded()).toBeNull();
    shell.dismissStartHere();
    expect(parseProgress(saved.get(PROGRESS_STORAGE_KEY)!).isStartHereDismissed).toBe(true);
    shell.close();
    expect(shell.ui.getState().mode).toBe('closed');
    shell.openIndex(); // starts loading; the panel state changes at once
    expect(shell.ui.getState().mode).toBe('index');
  });

  it('loads the host once, sharing the panel state, and then answers synchronously', async () => {
    const { shell } = setup();
    expect(shell.state()).toBeNull();
    const list = shell.lessons();
    expect(list).toBeInstanceOf(Promise);
    expect((await list).length).toBeGreaterThanOrEqual(14);
    const host = await shell.load();
    expect(await shell.load()).toBe(host);
    expect(host.ui).toBe(shell.ui);
    expect(Array.isArray(shell.lessons())).toBe(true);
    shell.startById('lag');
    expect(shell.ui.getState().mode).toBe('lesson');
    expect(shell.state()).toMatchObject({ lessonId: 'lag', phase: 'Intro' });
    shell.close();
    expect(shell.ui.getState()).toMatchObject({ mode: 'closed', actor: null });
  });

  it('starts a lesson through window.queuescope before it has loaded, and rejects an unknown id', async () => {
    const { shell, controller } = setup();
    const api = createScriptingApi(controller, () => '', shell);
    await expect(api.startLesson('nope')).rejects.toThrow(/there is no lesson "nope"/);
    const fresh = setup();
    const api2 = createScriptingApi(fresh.controller, () => '', fresh.shell);
    await api2.startLesson('at-least-once', 2);
    expect(api2.lessonState()).toMatchObject({ lessonId: 'at-least-once', phase: 'Reading', stepIndex: 1 });
    expect(() => api2.startLesson('nope')).toThrow(/there is no lesson "nope"/);
  });
});
