// window.queuescope's lesson methods over the page's lesson host: listing, starting at a
// step counted from 1, the state, and clear errors for bad input.

import { describe, expect, it } from 'vitest';
import { listLessons } from '../lessons';
import { createController } from '../store/controller';
import { createAppStore } from '../store/store';
import { createLessonHost } from '../ui/lessons/lessonHost';
import { createScriptingApi } from './scripting';

function install() {
  const controller = createController(createAppStore(), { raf: () => 0, cancelRaf: () => {}, now: () => 0 });
  controller.load('default', { seed: 1 });
  const host = createLessonHost(controller);
  return { api: createScriptingApi(controller, () => '', host), host };
}

describe('window.queuescope lessons', () => {
  it('lists every built-in lesson as { id, title, concept, steps }', async () => {
    const { api } = install();
    const list = await api.lessons();
    expect(list.map((l) => l.id)).toEqual(listLessons().map((l) => l.id));
    expect(list.length).toBeGreaterThanOrEqual(14);
    expect(Object.keys(list[0]).sort()).toEqual(['concept', 'id', 'steps', 'title']);
  });

  it('starts a lesson at its intro or at a step counted from 1, and reports its state', () => {
    const { api } = install();
    expect(api.lessonState()).toBeNull();
    api.startLesson('lag');
    expect(api.lessonState()).toMatchObject({ lessonId: 'lag', phase: 'Intro', stepIndex: 0 });
    api.startLesson('at-least-once', 2);
    expect(api.lessonState()).toMatchObject({ lessonId: 'at-least-once', phase: 'Reading', stepIndex: 1 });
    api.startLesson('at-least-once', 1);
    expect(api.lessonState()).toMatchObject({ phase: 'Reading', stepIndex: 0 });
  });

  it('rejects unknown lessons and bad steps with a clear error', () => {
    const { api } = install();
    expect(() => api.startLesson('nope')).toThrow(/there is no lesson "nope"/);
    expect(() => api.startLesson('lag', 0)).toThrow(/step must be an integer from 1/);
    expect(() => api.startLesson('lag', 99)).toThrow(/step must be from 1 to/);
    expect(() => api.startLesson(42 as unknown as string)).toThrow(/id must be a string/);
  });

  it('says so when the page has no lessons', () => {
    const controller = createController(createAppStore(), {
      raf: () => 0,
      cancelRaf: () => {},
      now: () => 0,
    });
    const api = createScriptingApi(controller, () => '');
    expect(() => api.lessons()).toThrow(/lessons are not available/);
    expect(api.lessonState()).toBeNull();
  });
});
