// What every notebook page starts from: its settings, read from the URL; its worker, on the
// backend the URL asks for; and the problems with the settings that stop it from running.

import type { BackendPreference } from '../workers/host/protocol';
import type { WorkerHandle } from './worker/trainingClient';
import type { Schema, Values } from './urlState';
import { useGlobalParams, useUrlParams } from './useUrlParams';

export interface NotebookPage<S extends Schema, Api> {
  readonly values: Values<S>;
  readonly setParams: (patch: Partial<Values<S>>) => void;
  /** The page's worker with the report of its backend; null while it starts. */
  readonly worker: WorkerHandle<Api> | null;
  readonly api: WorkerHandle<Api>['api'] | null;
  /** One sentence per problem: the URL's bad parameters, then those the page's cross-check finds. */
  readonly problems: string[];
  /** Restores the default settings, offered while the URL has bad parameters (else undefined). */
  readonly onRestoreDefaults: (() => void) | undefined;
}

/**
 * Reads the page's `schema` from the URL and starts its worker with `useWorker` (a module-level
 * hook made by workerHook). `crossCheck` names problems that involve several settings at once.
 */
export function useNotebookPage<S extends Schema, Api>(
  schema: S,
  useWorker: (preference: BackendPreference | null) => WorkerHandle<Api> | null,
  crossCheck?: (values: Values<S>) => string[],
): NotebookPage<S, Api> {
  const { values, errors, setParams, resetParams } = useUrlParams(schema);
  const global = useGlobalParams();
  const worker = useWorker(global.values.backend);
  const problems = [...errors.map((e) => e.message), ...(crossCheck ? crossCheck(values) : [])];
  return { values, setParams, worker, api: worker?.api ?? null, problems, onRestoreDefaults: errors.length ? resetParams : undefined };
}
