// Boots the page: reads the link, creates the one controller, loads the link's scenario (or
// the default with a message when the link is bad), installs window.queuescope and renders.
// The animation loop starts only when the player plays. A link to a scenario with queues
// first loads the queue runtime (a chunk of its own) and says so while it does.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { opensContent, opensLesson } from './api/linkOpens';
import { createScriptingApi } from './api/scripting';
import { linkTo, parseLink } from './api/url';
import { getPreset, parseScenario, type Scenario } from './engine';
import { hasQueueRuntime, loadQueueRuntime, needsQueueRuntime } from './engine/queueRuntimeSlot';
import { ControllerProvider } from './store/ControllerContext';
import { createController } from './store/controller';
import { store } from './store/store';
import { prefetchLazyPanels } from './ui/lazyPanels';
import { LessonHostProvider } from './ui/lessons/LessonHostContext';
import { createLessonShell } from './ui/lessons/lessonShell';
import './ui/theme.css';
import './ui/app.css';

const { state, error } = parseLink(location.search);
const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
store.setState({ isEmbed: state.isEmbed, theme: prefersDark ? 'dark' : 'light' });
const controller = createController(store);
if (state.isPresentation) controller.send({ type: 'PRESENTATION_SET', isOn: true });

/** Whether the linked scenario has queues (an invalid one is reported when it loads). */
function linkNeedsQueueRuntime(scenario: Scenario | string): boolean {
  try {
    return needsQueueRuntime(typeof scenario === 'string' ? getPreset(scenario) : parseScenario(scenario));
  } catch {
    return false;
  }
}

const root = document.getElementById('root');
if (!hasQueueRuntime() && linkNeedsQueueRuntime(state.scenario)) {
  const loading = document.createElement('p');
  loading.className = 'qs-boot';
  loading.setAttribute('role', 'status');
  loading.textContent = 'Loading the SQS and RabbitMQ engine…';
  root?.append(loading);
  loadQueueRuntime().then(
    () => boot(null),
    () => boot('The queue engine could not be loaded.'),
  );
} else boot(null);

/**
 * React retried a render that threw, and the retry succeeded: the page shows the right thing,
 * but a component read state mid-change. A warning with the cause and the component stack
 * (React's default reports only "Minified React error #520", as an uncaught error), so the
 * component can be found; the e2e fixture lists these beside the test.
 */
const RECOVERED_RENDER = 'Queuescope: a render threw and React recovered:';

function reportRecoveredRender(error: unknown, info: { componentStack?: string }): void {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const text = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
  console.warn(`${RECOVERED_RENDER} ${text}${info.componentStack ?? ''}`);
}

/** The rest of the start, once what the link needs is in; `failure` shows the default instead. */
function boot(failure: string | null): void {
  const problems = error ? [error] : [];
  if (failure) problems.push(failure);
  if (
    failure !== null ||
    !controller.tryLoad(state.scenario, {
      seed: state.seed,
      speed: state.speed,
      timeMs: state.timeMs,
      interventions: state.interventions,
      isPlaying: !state.isPaused,
    })
  ) {
    problems.push(
      `${store.getState().error ?? 'The linked scenario could not be loaded.'} Showing the default scenario instead.`,
    );
    controller.load('default', { seed: 1, isPlaying: false });
  }
  /** Storage may be refused (sandboxed iframes, some private modes): progress then lasts for the page. */
  function progressStorage(): Storage | null {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  }
  const lessons = createLessonShell(controller, progressStorage());
  lessons.setLinkOpened(opensContent(location.search));
  if (problems.length > 0) store.setState({ error: problems.join(' ') });
  // A lesson link loads the lesson system (a separate chunk) and opens the lesson once it is in.
  // The search is read now: the address bar follows the view and may change before it loads.
  const linkSearch = location.search;
  if (opensLesson(linkSearch)) {
    void Promise.all([lessons.load(), import('./api/lessonLink')]).then(([host, { parseLessonLink }]) => {
      const lessonLink = parseLessonLink(linkSearch);
      const linkProblem =
        lessonLink.kind === 'error'
          ? lessonLink.error
          : lessonLink.kind === 'lesson'
            ? lessonLink.error
            : null;
      if (linkProblem) {
        const shown = store.getState().error;
        store.setState({ error: shown ? `${shown} ${linkProblem}` : linkProblem });
      }
      if (lessonLink.kind === 'lesson' && !state.isEmbed)
        host.start(lessonLink.lesson, lessonLink.step ?? undefined);
    });
  }

  window.queuescope = createScriptingApi(controller, () => linkTo(controller), lessons);

  if (root) {
    root.textContent = '';
    createRoot(root, { onRecoverableError: reportRecoveredRender }).render(
      <StrictMode>
        <ControllerProvider controller={controller}>
          <LessonHostProvider host={lessons}>
            <App />
          </LessonHostProvider>
        </ControllerProvider>
      </StrictMode>,
    );
    prefetchLazyPanels();
  }
}
