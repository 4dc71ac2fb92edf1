// What a link opens, read without loading the lesson system (it loads on first use).

/** Does this link open something itself (a scenario or a lesson)? Then "Start here" stays away. */
export function opensContent(search: string): boolean {
  const params = new URLSearchParams(search);
  return ['scenario', 'doc', 'lesson', 'lessonDoc'].some((k) => params.has(k));
}

/** Does this link name a lesson (`lesson` or `lessonDoc`)? */
export function opensLesson(search: string): boolean {
  const params = new URLSearchParams(search);
  return params.has('lesson') || params.has('lessonDoc');
}
