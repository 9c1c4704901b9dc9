/**
 * Command-line options of the headless runner: a notebook's settings (src/engine/settings.ts,
 * declared once with the page's) read as --kebab-case flags, with --help and one-line errors.
 */
import {
  boolSetting,
  checkValue,
  cliOnly,
  defaultValues,
  describeAllowed,
  enumSetting,
  formatValue,
  nameIndex,
  type Setting,
  type Settings,
  type Values,
} from '../../src/engine/settings';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Options of the runner itself, which every notebook takes. */
export const RUNNER_SETTINGS = {
  backend: cliOnly(enumSetting({ label: 'Backend', help: 'backend (Node has only the cpu backend)', default: 'cpu', values: ['cpu'] })),
  json: cliOnly(boolSetting({ label: 'JSON output', help: 'print one JSON object instead of text', default: false })),
};

/** camelCase setting name -> --kebab-case flag. */
export function flagName(key: string): string {
  return '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** Ends the run with one line (exit code 2) when a check of several settings found problems. */
export function refuse(problems: readonly string[]): void {
  if (problems.length > 0) throw new UsageError(problems.join('; '));
}

/**
 * Parses argv against a notebook's settings and the runner's own (`--backend`, `--json`).
 * Later flags win over earlier ones; an older name of a setting (an alias) works as its flag.
 */
export function parseArgs<T extends Settings>(settings: T, argv: readonly string[]): { options: Values<T>; json: boolean } {
  const all: Settings = { ...settings, ...RUNNER_SETTINGS };
  const byFlag = new Map([...nameIndex(all)].map(([key, name]) => [flagName(key), name]));
  const out: Record<string, unknown> = defaultValues(all);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const [flag, inline] = eq >= 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const name = byFlag.get(flag);
    if (name === undefined) {
      throw new UsageError(`unknown option ${arg} (known: ${Object.keys(all).map(flagName).join(', ')})`);
    }
    const spec = all[name]!;
    // A yes/no option is set by its flag alone; --flag=false says no.
    const raw = inline ?? (spec.kind === 'bool' ? 'true' : argv[++i]);
    if (raw === undefined) throw new UsageError(`${flag} needs a value`);
    const check = checkValue(flag, spec, raw);
    if (!check.ok) throw new UsageError(check.message);
    out[name] = check.value;
  }
  const options: Record<string, unknown> = {};
  for (const name of Object.keys(settings)) options[name] = out[name];
  return { options: options as Values<T>, json: out.json === true };
}

function describe(flag: string, s: Setting): string {
  const notes: string[] = [];
  if (s.kind === 'int' || s.kind === 'float') notes.push(`${describeAllowed(s).replace(/^allowed /, '')}, default ${formatValue(s, s.default)}`);
  if (s.kind === 'enum') notes.push(`${s.values.join('|')}, default ${s.default}`);
  if (s.kind === 'intList') notes.push(`up to ${s.maxLength} of ${formatValue(s, [s.min])} to ${formatValue(s, [s.max])}, default ${formatValue(s, s.default)}`);
  if (s.aliases?.length) notes.push(`also ${s.aliases.map(flagName).join(', ')}`);
  const value = s.kind === 'path' ? ' FILE' : s.kind === 'intList' ? ' N,N,...' : '';
  return `  ${(flag + value).padEnd(22)} ${s.help ?? s.label}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

/** One line per option, for --help. */
export function usage(id: string, settings: Settings): string {
  const all: Settings = { ...settings, ...RUNNER_SETTINGS };
  return [`npm run notebook -- ${id} [options] [--json]`, ...Object.entries(all).map(([name, s]) => describe(flagName(name), s))].join('\n');
}
