/** Command-line option parsing for the headless runners: typed specs, one-line errors. */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionSpec =
  | { kind: 'int' | 'float'; default: number; min: number; max: number; help: string }
  | { kind: 'enum'; default: string; values: readonly string[]; help: string }
  | { kind: 'path'; default: null; help: string }
  | { kind: 'flag'; default: false; help: string };

export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S['kind'] extends 'int' | 'float'
  ? number
  : S['kind'] extends 'enum'
    ? string
    : S['kind'] extends 'path'
      ? string | null
      : boolean;

export type ParsedOptions<T extends OptionSpecs> = { [K in keyof T]: ValueOf<T[K]> };

/** camelCase option key -> --kebab-case flag. */
export function flagName(key: string): string {
  return '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** Parses argv against the specs; `--json` is always accepted and reported separately. */
export function parseArgs<T extends OptionSpecs>(specs: T, argv: readonly string[]): { options: ParsedOptions<T>; json: boolean } {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(specs)) out[k] = s.default;
  const byFlag = new Map(Object.keys(specs).map((k) => [flagName(k), k]));
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') {
      json = true;
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const key = byFlag.get(flag);
    if (!key) throw new UsageError(`unknown option ${arg} (known: ${[...byFlag.keys(), '--json'].join(', ')})`);
    const spec = specs[key];
    if (spec.kind === 'flag') {
      out[key] = true;
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new UsageError(`${flag} needs a value`);
    out[key] = parseValue(flag, spec, raw);
  }
  return { options: out as ParsedOptions<T>, json };
}

function parseValue(flag: string, spec: OptionSpec, raw: string): unknown {
  switch (spec.kind) {
    case 'int':
    case 'float': {
      const v = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(v) || (spec.kind === 'int' && !Number.isInteger(v))) {
        throw new UsageError(`${flag} expects ${spec.kind === 'int' ? 'an integer' : 'a number'}, got "${raw}"`);
      }
      if (v < spec.min || v > spec.max) throw new UsageError(`${flag} = ${raw} is out of range: allowed ${spec.min} to ${spec.max}`);
      return v;
    }
    case 'enum':
      if (!spec.values.includes(raw)) throw new UsageError(`${flag} = ${raw} is not allowed: choose one of ${spec.values.join(', ')}`);
      return raw;
    case 'path':
      return raw;
    case 'flag':
      return true;
  }
}

/** One line per option, for --help. */
export function usage(id: string, specs: OptionSpecs): string {
  const lines = Object.entries(specs).map(([k, s]) => {
    const range = s.kind === 'int' || s.kind === 'float' ? ` (${s.min} to ${s.max}, default ${s.default})` : s.kind === 'enum' ? ` (${s.values.join('|')}, default ${s.default})` : '';
    return `  ${flagName(k).padEnd(20)} ${s.help}${range}`;
  });
  return [`npm run notebook -- ${id} [options] [--json]`, ...lines, `  ${'--json'.padEnd(20)} print one JSON object instead of text`].join('\n');
}
