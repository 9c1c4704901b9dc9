// Typed page parameters that live in the URL, so that a link reproduces a run.
//
// Each page declares a schema: for every parameter its kind, default, the
// allowed range or values and a human label. Parsing never clamps or guesses:
// a value that is out of range or malformed is reported by name, with the
// allowed range, and the page refuses to run until it is fixed. Serialising
// writes only the values that differ from their defaults, so links stay short
// and keep working when a default changes for the better.

import { formatNumber, parseFloatText, parseIntText } from './numberText';
import type { BackendPreference } from '../engine/backendPreference';
import { BACKEND_PREFERENCES } from '../engine/backendPreference';

export interface IntParam {
  readonly kind: 'int';
  readonly label: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

export interface FloatParam {
  readonly kind: 'float';
  readonly label: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

export interface EnumParam<V extends string = string> {
  readonly kind: 'enum';
  readonly label: string;
  readonly default: V;
  readonly values: readonly V[];
}

export interface BoolParam {
  readonly kind: 'bool';
  readonly label: string;
  readonly default: boolean;
}

export type ParamSpec = IntParam | FloatParam | EnumParam | BoolParam;
export type Schema = Readonly<Record<string, ParamSpec>>;

/** The TypeScript type of one parameter's value. */
export type ValueOf<P extends ParamSpec> = P extends EnumParam<infer V>
  ? V
  : P extends BoolParam
    ? boolean
    : number;

/** The record of values a schema describes. */
export type Values<S extends Schema> = { -readonly [K in keyof S]: ValueOf<S[K]> };

// Constructors keep schemas short and let TypeScript infer enum literals.

export function intParam(label: string, def: number, min: number, max: number): IntParam {
  return { kind: 'int', label, default: def, min, max };
}

export function floatParam(label: string, def: number, min: number, max: number): FloatParam {
  return { kind: 'float', label, default: def, min, max };
}

export function enumParam<const V extends string>(
  label: string,
  def: NoInfer<V>,
  values: readonly V[],
): EnumParam<V> {
  return { kind: 'enum', label, default: def, values };
}

export function boolParam(label: string, def: boolean): BoolParam {
  return { kind: 'bool', label, default: def };
}

/**
 * Parameters every page understands. The layout reads `backend` to show which
 * backend is forced; pages read it to tell their worker. Page schemas do not
 * repeat it; parsing a page schema ignores these keys rather than calling them
 * unknown.
 */
export const GLOBAL_SCHEMA = {
  backend: enumParam('Backend', 'auto', BACKEND_PREFERENCES),
} as const satisfies Schema;

export type { BackendPreference };

export interface ParamError {
  /** The parameter's name in the URL, or the unknown key. */
  readonly param: string;
  /** The raw text found in the URL. */
  readonly value: string;
  /** A sentence a learner can act on. */
  readonly message: string;
}

export interface ParseResult<S extends Schema> {
  /**
   * Parsed values; a parameter that is missing or in error holds its default.
   * Defaults stand in for bad values only so that the page can still draw its
   * controls: a page must not start a run while `errors` is non-empty.
   */
  readonly values: Values<S>;
  readonly errors: readonly ParamError[];
}

export interface ParseOptions {
  /** Keys that belong to someone else (for example GLOBAL_SCHEMA) and are not errors. */
  readonly ignore?: readonly string[];
  /** Report keys that the schema does not know. Defaults to true. */
  readonly reportUnknown?: boolean;
}

type ValueCheck = { ok: true; value: number | string | boolean } | { ok: false; message: string };

function describeAllowed(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'int':
    case 'float':
      return `allowed ${formatNumber(spec.min)} to ${formatNumber(spec.max)}`;
    case 'enum':
      return `allowed ${spec.values.join(', ')}`;
    case 'bool':
      return 'allowed true or false';
  }
}

/** Checks one raw URL value against its spec; the message names the parameter and the allowed range. */
export function checkValue(name: string, spec: ParamSpec, raw: string): ValueCheck {
  const shown = raw === '' ? '(empty)' : raw;
  const allowed = describeAllowed(spec);
  switch (spec.kind) {
    case 'int':
    case 'float': {
      const v = spec.kind === 'int' ? parseIntText(raw) : parseFloatText(raw);
      if (v === null) {
        const what = spec.kind === 'int' ? 'a whole number' : 'a number';
        return { ok: false, message: `${name} = ${shown} is not ${what}: ${allowed}` };
      }
      if (v < spec.min || v > spec.max) {
        return { ok: false, message: `${name} = ${shown} is out of range: ${allowed}` };
      }
      return { ok: true, value: v };
    }
    case 'enum':
      return (spec.values as readonly string[]).includes(raw)
        ? { ok: true, value: raw }
        : { ok: false, message: `${name} = ${shown} is not one of the choices: ${allowed}` };
    case 'bool':
      if (raw === 'true' || raw === '1') return { ok: true, value: true };
      if (raw === 'false' || raw === '0') return { ok: true, value: false };
      return { ok: false, message: `${name} = ${shown} is not a yes/no value: ${allowed}` };
  }
}

export function defaultValues<S extends Schema>(schema: S): Values<S> {
  const out: Record<string, number | string | boolean> = {};
  for (const [name, spec] of Object.entries(schema)) out[name] = spec.default;
  return out as Values<S>;
}

/** Reads a query string ('b=200&seed=1', with or without a leading '?') against a schema. */
export function parseParams<S extends Schema>(
  schema: S,
  search: string | URLSearchParams,
  options: ParseOptions = {},
): ParseResult<S> {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const values: Record<string, number | string | boolean> = defaultValues(schema);
  const errors: ParamError[] = [];
  const ignore = new Set(options.ignore ?? []);
  const seen = new Set<string>();

  for (const [name, raw] of params) {
    const spec = Object.hasOwn(schema, name) ? schema[name] : undefined;
    if (spec === undefined) {
      if (!ignore.has(name) && options.reportUnknown !== false && !seen.has(name)) {
        const known = [...Object.keys(schema), ...ignore].join(', ');
        errors.push({
          param: name,
          value: raw,
          message: `${name} is not a parameter of this page: known parameters are ${known || 'none'}`,
        });
      }
      seen.add(name);
      continue;
    }
    if (seen.has(name)) {
      // Two values for one key would make the link ambiguous.
      errors.push({ param: name, value: raw, message: `${name} is given more than once: keep one value` });
      continue;
    }
    seen.add(name);
    const check = checkValue(name, spec, raw);
    if (check.ok) values[name] = check.value;
    else errors.push({ param: name, value: raw, message: check.message });
  }
  return { values: values as Values<S>, errors };
}

function encodeValue(spec: ParamSpec, value: number | string | boolean): string {
  if (spec.kind === 'bool') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

/**
 * Writes `values` into `base` (kept: keys outside the schema), setting only
 * parameters that differ from their defaults and deleting the rest. Keys of
 * the schema that `values` does not mention are left as they are in `base`.
 */
export function writeParams<S extends Schema>(
  schema: S,
  values: Partial<Values<S>>,
  base: string | URLSearchParams = '',
): URLSearchParams {
  const out = new URLSearchParams(base);
  for (const [name, spec] of Object.entries(schema)) {
    if (!Object.hasOwn(values, name)) continue;
    const value = (values as Record<string, number | string | boolean | undefined>)[name];
    if (value === undefined || value === spec.default) out.delete(name);
    else out.set(name, encodeValue(spec, value));
  }
  return out;
}

/** The query string (without '?') for `values`, containing only non-default parameters in schema order. */
export function serializeParams<S extends Schema>(schema: S, values: Partial<Values<S>>): string {
  return writeParams(schema, values).toString();
}
