import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_LESSON, getLesson, parseLesson } from '../lessons';
import { encodeLessonLink, opensContent, parseLessonLink, parseLessonText } from './lessonLink';

describe('lesson links', () => {
  it('opens a built-in lesson at a step counted from 1', () => {
    const link = parseLessonLink('?lesson=why-a-queue&step=2');
    expect(link).toMatchObject({ kind: 'lesson', step: 1, error: null });
    expect(link.kind === 'lesson' && link.lesson.id).toBe('why-a-queue');
    expect(parseLessonLink('?lesson=why-a-queue')).toMatchObject({ kind: 'lesson', step: null });
  });

  it('round-trips an instructor lesson through a compressed link, and a built-in one by id', () => {
    const lesson = parseLesson(EXAMPLE_LESSON);
    const query = encodeLessonLink(lesson, 2);
    expect(query).toContain('lessonDoc=');
    const back = parseLessonLink(`?${query}`);
    expect(back.kind === 'lesson' && back.lesson).toEqual(lesson);
    expect(back).toMatchObject({ step: 2 });
    expect(encodeLessonLink(getLesson('why-a-queue')!, null)).toBe('lesson=why-a-queue');
  });

  it('names the bad field of a malformed lesson in a link', () => {
    const broken = { ...EXAMPLE_LESSON, steps: [{ narration: 'x', runMs: -5 }] };
    const link = parseLessonLink(`?lessonDoc=${compressToEncodedURIComponent(JSON.stringify(broken))}`);
    expect(link.kind).toBe('error');
    expect(link.kind === 'error' && link.error).toMatch(/lesson\.steps\.0\.runMs/);
    expect(parseLessonLink('?lessonDoc=%%%garbage')).toMatchObject({ kind: 'error' });
    expect(parseLessonLink('?lesson=nope')).toEqual({ kind: 'error', error: 'There is no lesson "nope".' });
  });

  it('opens at the start with a message when the step is out of range', () => {
    const link = parseLessonLink('?lesson=why-a-queue&step=99');
    expect(link).toMatchObject({ kind: 'lesson', step: null });
    expect(link.kind === 'lesson' && link.error).toMatch(/"step" must be from 1 to/);
  });

  it('reads lesson files, naming a JSON error', () => {
    expect(parseLessonText(JSON.stringify(EXAMPLE_LESSON)).id).toBe(EXAMPLE_LESSON.id);
    expect(() => parseLessonText('{oops')).toThrow(/lesson: is not valid JSON/);
  });

  it('knows which links open content of their own', () => {
    expect(opensContent('?scenario=default')).toBe(true);
    expect(opensContent('?lesson=lag')).toBe(true);
    expect(opensContent('?seed=3')).toBe(false);
    expect(opensContent('')).toBe(false);
  });
});
