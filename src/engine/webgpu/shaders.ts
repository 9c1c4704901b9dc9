/**
 * The WGSL sources of the webgpu backend, every file of shaders/ imported as text (Vite's
 * `import.meta.glob` with `?raw`, which vitest's browser and Node modes support too), and
 * the two tiny preprocessing steps they need:
 *  - `#include "file.wgsl"` lines are replaced by that file (once per shader; nested includes
 *    work), so shared snippets such as the Threefry block function exist in one place;
 *  - `{{NAME}}` placeholders in the two templates (elementwise, reduce) are filled by the
 *    fusion code generator.
 * A kernel's `#layout` line (its parameter struct and bindings) is filled in from its
 * declaration in TypeScript by layout.ts.
 */
/** Every file of shaders/ by its name ('matmul.wgsl'), as text: one glob, so a new file needs no line here. */
const files: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(import.meta.glob<string>('../../../shaders/*.wgsl', { query: '?raw', import: 'default', eager: true })).map(([path, text]) => [
    path.slice(path.lastIndexOf('/') + 1),
    text,
  ]),
);

/** The names of the files in shaders/. */
export function shaderFiles(): string[] {
  return Object.keys(files).sort();
}

const INCLUDE = /^[ \t]*#include[ \t]+"([^"]+)"[ \t]*$/gm;

function expand(name: string, seen: Set<string>): string {
  const text = files[name];
  if (text === undefined) throw new Error(`webgpu: no shader file shaders/${name}`);
  return text.replace(INCLUDE, (_line, inc: string) => {
    if (seen.has(inc)) return `// (${inc} already included)`;
    seen.add(inc);
    return `// ---- begin ${inc}\n${expand(inc, seen)}\n// ---- end ${inc}`;
  });
}

const resolved = new Map<string, string>();

/** The source of shaders/<name> with its #include lines resolved (cached). */
export function shaderSource(name: string): string {
  let s = resolved.get(name);
  if (s === undefined) {
    s = expand(name, new Set([name]));
    resolved.set(name, s);
  }
  return s;
}

/** Fills every {{KEY}} of a template; a placeholder left without a value is an error. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_m, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`webgpu: template value ${key} missing`);
    return String(v);
  });
}
