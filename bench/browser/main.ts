/**
 * The benchmark page: runs the measurements in a module Worker (as the app trains) and
 * exposes the result as `window.__benchResult` for the command-line runner (run.ts).
 */
import type { BenchResult, WorkerMessage } from './protocol';

declare global {
  interface Window {
    __benchResult?: BenchResult;
    __benchError?: string;
  }
}

const log = document.getElementById('log') as HTMLElement;
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (ev: MessageEvent<WorkerMessage>) => {
  const m = ev.data;
  if (m.kind === 'progress') log.textContent += `\n${m.text}`;
  else if (m.kind === 'done') {
    log.textContent += '\ndone';
    window.__benchResult = m.result;
  } else {
    log.textContent += `\nerror: ${m.message}`;
    window.__benchError = m.message;
  }
};
worker.onerror = (e) => {
  window.__benchError = e.message || 'worker failed to start';
};
const params = new URLSearchParams(location.search);
worker.postMessage({ quick: params.has('quick') });
