/** The backends a person can ask for: 'auto' (WebGPU when the browser has it, else the cpu), or either one. */
export const BACKEND_PREFERENCES = ['auto', 'webgpu', 'cpu'] as const;

export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];
