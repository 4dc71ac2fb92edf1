// Boots the page: reads the link, loads its scenario (or the default with a message when
// the link is bad), installs window.queuescope and starts the animation loop.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, currentLink } from './App';
import { createScriptingApi } from './api/scripting';
import { parseLink } from './api/url';
import * as controller from './store/controller';
import { store } from './store/store';
import './ui/theme.css';
import './ui/app.css';

const { state, error } = parseLink(location.search);
const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
store.setState({
  isEmbed: state.isEmbed,
  isPresentation: state.isPresentation,
  theme: prefersDark ? 'dark' : 'light',
});
const problems = error ? [error] : [];
if (
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
if (problems.length > 0) store.setState({ error: problems.join(' ') });

window.queuescope = createScriptingApi(currentLink);
controller.startLoop();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
