// Entry point: mounts the app. The shared styles are imported here, first, so that they load
// before the first paint and every page's own stylesheet (imported by the page) comes after them.

import './styles/base.css';
import './styles/layout.css';
import './styles/prose.css';
import './styles/controls.css';
import './styles/charts.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startOfflineSupport } from './offline';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

startOfflineSupport();
