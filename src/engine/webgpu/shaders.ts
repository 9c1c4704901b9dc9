/**
 * The WGSL sources of the webgpu backend, imported as text from shaders/ (Vite `?raw`), and
 * the two tiny preprocessing steps they need:
 *  - `#include "file.wgsl"` lines are replaced by that file (once per shader; nested includes
 *    work), so shared snippets such as the Threefry block function exist in one place;
 *  - `{{NAME}}` placeholders in the two templates (elementwise, reduce) are filled by the
 *    fusion code generator.
 */
import cholesky from '../../../shaders/cholesky.wgsl?raw';
import choleskyBackward from '../../../shaders/cholesky_backward.wgsl?raw';
import elementwise from '../../../shaders/elementwise.wgsl?raw';
import erfinv from '../../../shaders/erfinv.wgsl?raw';
import exp from '../../../shaders/exp.wgsl?raw';
import gatherRows from '../../../shaders/gather_rows.wgsl?raw';
import matmul from '../../../shaders/matmul.wgsl?raw';
import random from '../../../shaders/random.wgsl?raw';
import rbf from '../../../shaders/rbf.wgsl?raw';
import rbfBackward from '../../../shaders/rbf_backward.wgsl?raw';
import reduce from '../../../shaders/reduce.wgsl?raw';
import scatterAddRows from '../../../shaders/scatter_add_rows.wgsl?raw';
import special from '../../../shaders/special.wgsl?raw';
import substitution from '../../../shaders/substitution.wgsl?raw';
import threefry from '../../../shaders/threefry.wgsl?raw';
import triangularSolve from '../../../shaders/triangular_solve.wgsl?raw';
import weightedGram from '../../../shaders/weighted_gram.wgsl?raw';

const files: Readonly<Record<string, string>> = {
  'cholesky.wgsl': cholesky,
  'cholesky_backward.wgsl': choleskyBackward,
  'elementwise.wgsl': elementwise,
  'erfinv.wgsl': erfinv,
  'exp.wgsl': exp,
  'gather_rows.wgsl': gatherRows,
  'matmul.wgsl': matmul,
  'random.wgsl': random,
  'rbf.wgsl': rbf,
  'rbf_backward.wgsl': rbfBackward,
  'reduce.wgsl': reduce,
  'scatter_add_rows.wgsl': scatterAddRows,
  'special.wgsl': special,
  'substitution.wgsl': substitution,
  'threefry.wgsl': threefry,
  'triangular_solve.wgsl': triangularSolve,
  'weighted_gram.wgsl': weightedGram,
};

export type ShaderName = keyof typeof files & string;

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
