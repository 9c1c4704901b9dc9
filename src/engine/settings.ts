/**
 * Settings: what a notebook lets a reader choose, declared once and read by the page's URL state
 * (src/app/urlState.ts), the headless runner's command line (scripts/cli/args.ts) and the
 * engine's own defaults.
 *
 * A setting is one entry of a record whose key is its canonical name. It has a kind (int, float,
 * enum, bool, a list of whole numbers, or path for a file named on the command line), a default, the allowed range or
 * values, a label (the page's control) and a help line (the command line's --help; the label
 * stands in when there is none). Older names it was known by are listed as aliases: they are
 * read (as URL keys, and as command-line flags in kebab case) but never written. A setting that
 * exists on one side only is wrapped in `pageOnly` or `cliOnly`.
 *
 * Checking never clamps or guesses: a value that is out of range or malformed gets a one-line
 * message naming the parameter as the reader wrote it and what is allowed.
 */
import { formatNumber, parseFloatText, parseIntText } from './numberText';

/** Where a setting can be given: on the page (in its URL) or on the command line. */
export type Side = 'page' | 'cli';

interface SettingBase {
  /** The label of the page's control. */
  readonly label: string;
  /** One line for the command line's --help; the label when absent. */
  readonly help?: string;
  /** Older names, still read as URL keys and (in kebab case) as flags, never written. */
  readonly aliases?: readonly string[];
  /** Set by `pageOnly` or `cliOnly`; absent for a setting of both sides. */
  readonly only?: Side;
}

export interface IntSetting extends SettingBase {
  readonly kind: 'int';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

export interface FloatSetting extends SettingBase {
  readonly kind: 'float';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

export interface EnumSetting<V extends string = string> extends SettingBase {
  readonly kind: 'enum';
  readonly default: V;
  readonly values: readonly V[];
}

export interface BoolSetting extends SettingBase {
  readonly kind: 'bool';
  readonly default: boolean;
}

/** Increasing whole numbers, written with commas ("50,100,500"): the sizes of a sweep. */
export interface IntListSetting extends SettingBase {
  readonly kind: 'intList';
  readonly default: readonly number[];
  /** Bounds of each number. */
  readonly min: number;
  readonly max: number;
  /** The most numbers the list may hold. */
  readonly maxLength: number;
}

/** A file named on the command line (a page takes files through its own inputs instead). */
export interface PathSetting extends SettingBase {
  readonly kind: 'path';
  readonly default: null;
  readonly only: 'cli';
}

export type Setting = IntSetting | FloatSetting | EnumSetting | BoolSetting | IntListSetting | PathSetting;
/** A setting a page can hold in its URL. */
export type PageSetting = Exclude<Setting, PathSetting>;
export type Settings = Readonly<Record<string, Setting>>;

/** The TypeScript type of one setting's value. */
export type ValueOf<S extends Setting> = S extends EnumSetting<infer V>
  ? V
  : S extends BoolSetting
    ? boolean
    : S extends PathSetting
      ? string | null
      : S extends IntListSetting
        ? readonly number[]
        : number;

/** The record of values a set of settings describes. */
export type Values<S extends Settings> = { -readonly [K in keyof S]: ValueOf<S[K]> };

type SideOf<S> = S extends { readonly only: infer O extends Side } ? O : 'both';

/** The settings a page reads: all but the command-line-only ones. */
export type PageSettings<S extends Settings> = { [K in keyof S as SideOf<S[K]> extends 'cli' ? never : K]: S[K] };
/** The settings the command line reads: all but the page-only ones. */
export type CliSettings<S extends Settings> = { [K in keyof S as SideOf<S[K]> extends 'page' ? never : K]: S[K] };
/** The settings of both sides (the ones a check shared by the page and the command line can use). */
export type SharedSettings<S extends Settings> = { [K in keyof S as SideOf<S[K]> extends 'both' ? K : never]: S[K] };

// ---------------------------------------------------------------- declaring

type Describe<S extends Setting> = Omit<S, 'kind' | 'only'>;

export function intSetting(s: Describe<IntSetting>): IntSetting {
  return { kind: 'int', ...s };
}

export function floatSetting(s: Describe<FloatSetting>): FloatSetting {
  return { kind: 'float', ...s };
}

export function enumSetting<const V extends string>(
  s: Omit<Describe<EnumSetting<V>>, 'default' | 'values'> & { readonly default: NoInfer<V>; readonly values: readonly V[] },
): EnumSetting<V> {
  return { kind: 'enum', ...s };
}

export function boolSetting(s: Describe<BoolSetting>): BoolSetting {
  return { kind: 'bool', ...s };
}

export function intListSetting(s: Describe<IntListSetting>): IntListSetting {
  return { kind: 'intList', ...s };
}

export function pathSetting(s: Omit<Describe<PathSetting>, 'default'>): PathSetting {
  return { kind: 'path', default: null, only: 'cli', ...s };
}

/** The largest seed: keys take a 32-bit word (`key(seed)`), so every seed a link holds stays short. */
export const MAX_SEED = 2 ** 32 - 1;

/** A seed of a random stream: 0 to 2^32 - 1, default 0. */
export function seedSetting(s: Omit<Describe<IntSetting>, 'default' | 'min' | 'max'>): IntSetting {
  return intSetting({ default: 0, min: 0, max: MAX_SEED, ...s });
}

/** Marks a setting as the page's only (a display choice, or something the command line does not run). */
export function pageOnly<S extends PageSetting>(s: S): S & { readonly only: 'page' } {
  return { ...s, only: 'page' };
}

/** Marks a setting as the command line's only. */
export function cliOnly<S extends Setting>(s: S): S & { readonly only: 'cli' } {
  return { ...s, only: 'cli' };
}

function onSide(settings: Settings, side: Side): Record<string, Setting> {
  const out: Record<string, Setting> = {};
  for (const [name, s] of Object.entries(settings)) if (s.only === undefined || s.only === side) out[name] = s;
  return out;
}

/** The settings a page reads (the same objects, in declaration order). */
export function pageSettings<S extends Settings>(settings: S): PageSettings<S> {
  return onSide(settings, 'page') as PageSettings<S>;
}

/** The settings the command line reads (the same objects, in declaration order). */
export function cliSettings<S extends Settings>(settings: S): CliSettings<S> {
  return onSide(settings, 'cli') as CliSettings<S>;
}

// ---------------------------------------------------------------- reading and writing values

/** The allowed values in words, e.g. "allowed 1 to 10000" or "allowed adam, onecycle". */
export function describeAllowed(s: Setting): string {
  switch (s.kind) {
    case 'int':
    case 'float':
      return `allowed ${formatNumber(s.min)} to ${formatNumber(s.max)}`;
    case 'enum':
      return `allowed ${s.values.join(', ')}`;
    case 'bool':
      return 'allowed true or false';
    case 'intList':
      return `allowed 1 to ${s.maxLength} increasing whole numbers from ${formatNumber(s.min)} to ${formatNumber(s.max)}, separated by commas`;
    case 'path':
      return 'give the name of a file';
  }
}

export type Checked<V> = { readonly ok: true; readonly value: V } | { readonly ok: false; readonly message: string };

/**
 * Reads one raw value of a setting. `name` is the parameter as the reader wrote it (a URL key,
 * a --flag); the message names it, the value and what is allowed.
 */
export function checkValue<S extends Setting>(name: string, s: S, raw: string): Checked<ValueOf<S>> {
  const shown = raw === '' ? '(empty)' : raw;
  const allowed = describeAllowed(s);
  const ok = (value: number | string | boolean | readonly number[]): Checked<ValueOf<S>> => ({ ok: true, value: value as ValueOf<S> });
  const fail = (what: string): Checked<ValueOf<S>> => ({ ok: false, message: `${name} = ${shown} ${what}: ${allowed}` });
  switch (s.kind) {
    case 'int':
    case 'float': {
      const v = s.kind === 'int' ? parseIntText(raw) : parseFloatText(raw);
      if (v === null) return fail(s.kind === 'int' ? 'is not a whole number' : 'is not a number');
      return v < s.min || v > s.max ? fail('is out of range') : ok(v);
    }
    case 'enum':
      return (s.values as readonly string[]).includes(raw) ? ok(raw) : fail('is not one of the choices');
    case 'bool':
      if (raw === 'true' || raw === '1') return ok(true);
      if (raw === 'false' || raw === '0') return ok(false);
      return fail('is not a yes/no value');
    case 'intList': {
      const values = raw.split(',').map(parseIntText);
      if (values.some((v) => v === null)) return fail('is not a list of whole numbers');
      const list = values as number[];
      if (list.length > s.maxLength) return fail('has too many numbers');
      if (list.some((v) => v < s.min || v > s.max)) return fail('is out of range');
      if (list.some((v, i) => i > 0 && v <= list[i - 1])) return fail('is not increasing');
      return ok(list);
    }
    case 'path':
      return raw.trim() === '' ? fail('is not a file name') : ok(raw);
  }
}

/** A value as text, the inverse of `checkValue` (numbers in their shortest exact form). */
export function formatValue<S extends Setting>(s: S, value: ValueOf<S>): string {
  if (s.kind === 'bool') return value ? 'true' : 'false';
  if (Array.isArray(value)) return value.map(formatNumber).join(',');
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

/** Every setting at its default. */
export function defaultValues<S extends Settings>(settings: S): Values<S> {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(settings)) out[name] = s.default;
  return out as Values<S>;
}

/**
 * Canonical name of every name a reader may use (each canonical name and each alias). Throws when
 * two settings claim one name: that is a mistake in a declaration, not in the reader's input.
 */
export function nameIndex(settings: Settings): ReadonlyMap<string, string> {
  const index = new Map<string, string>();
  for (const [name, s] of Object.entries(settings)) {
    for (const key of [name, ...(s.aliases ?? [])]) {
      const other = index.get(key);
      if (other !== undefined) throw new Error(`settings: "${key}" names both ${other} and ${name}`);
      index.set(key, name);
    }
  }
  return index;
}

/** How a check of several settings names one of them: its URL key on the page, its --flag on the command line. */
export type NameOf<S extends Settings> = (setting: keyof SharedSettings<S> & string) => string;

/** The canonical name itself (the page's way). */
export const canonicalName = (setting: string): string => setting;

/** The message for a size that must fit in the data: "batch = 500 is out of range: allowed 1 to N = 100". */
export function exceedsData(name: string, value: number, n: number): string {
  return `${name} = ${formatNumber(value)} is out of range: allowed 1 to N = ${formatNumber(n)}`;
}
