/**
 * Loading the configuration: flags > DIDOPS_* variables > the file (YAML or JSON; `--config` or $DIDOPS_CONFIG) >
 * defaults. Each value remembers where it came from, so an error names the field, the value's source and the fix
 * (`port: from DIDOPS_PORT: "80a" is not a whole number; set DIDOPS_PORT to a whole number`), never a secret's value.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { formatFieldPath } from '../../core/diagnostics';
import { ValidationError } from '../../core/errors';
import { SECRET_PATHS, reconcilerConfigSchema, type ReconcilerConfig } from './schema';
import { CONFIG_FILE_ENV, SCHEDULE_ENV_PREFIX, SETTINGS, type Setting } from './settings';

/** The inputs of {@link loadReconcilerConfig}; every part optional so tests pass only what they mean. */
export interface ConfigSources {
  /** Values from flags, by configuration path (`{ port: 0, dataDir: '/tmp/x' }` or nested objects). */
  readonly flags?: Record<string, unknown>;
  /** The environment (default: none; the CLI passes `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** A configuration file; otherwise $DIDOPS_CONFIG from `env`, otherwise none. */
  readonly file?: string;
}

type Origin = string;
type Tree = Record<string, unknown>;

/** Builds and checks the configuration; throws a ValidationError naming every wrong field and where it came from. */
export function loadReconcilerConfig(sources: ConfigSources = {}): ReconcilerConfig {
  const env = sources.env ?? {};
  const origins = new Map<string, Origin>();
  const merged: Tree = {};
  const file = sources.file ?? env[CONFIG_FILE_ENV];
  if (file) overlay(merged, readConfigFile(file, sources.file ? '--config' : CONFIG_FILE_ENV), origins, `the file ${file}`);
  overlay(merged, fromEnv(env, origins), origins, undefined);
  overlay(merged, expand(sources.flags ?? {}), origins, 'the flags');
  const result = reconcilerConfigSchema.safeParse(merged);
  if (result.success) return result.data;
  throw configError(result.error.issues, merged, origins);
}

/** Reads a YAML or JSON configuration file (YAML is a superset of JSON, so one parser reads both). */
function readConfigFile(path: string, named: string): Tree {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ValidationError({
      field: named,
      summary: `cannot read the configuration file "${path}" (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      detail: `fix the path in ${named}, or leave it out to use flags and DIDOPS_* variables only`,
    });
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new ValidationError({ field: named, summary: `"${path}" is not valid YAML or JSON: ${(err as Error).message}`, detail: 'fix the file’s syntax' });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationError({ field: named, summary: `"${path}" must hold a mapping of settings (host, port, carriers…)`, detail: 'see docs/reconciler.md for an example' });
  }
  return parsed as Tree;
}

/** DIDOPS_* variables as a configuration tree; integers stay text when they are not integers so the schema names them. */
function fromEnv(env: NodeJS.ProcessEnv, origins: Map<string, Origin>): Tree {
  const tree: Tree = {};
  for (const setting of SETTINGS) {
    const raw = env[setting.env];
    if (raw === undefined || raw === '') continue;
    setPath(tree, setting.path, convert(setting, raw));
    origins.set(setting.path, setting.env);
  }
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(SCHEDULE_ENV_PREFIX) || !raw) continue;
    const job = name.slice(SCHEDULE_ENV_PREFIX.length).toLowerCase();
    setPath(tree, `jobs.schedules.${job}`, raw);
    origins.set(`jobs.schedules.${job}`, name);
  }
  return tree;
}

function convert(setting: Setting, raw: string): unknown {
  return setting.kind === 'integer' && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
}

/** `{ 'carriers.twilio.authToken': x }` and nested objects alike become nested objects. */
function expand(flags: Record<string, unknown>): Tree {
  const tree: Tree = {};
  for (const [key, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    if (isTree(value) && !key.includes('.')) overlay(tree, expand(value), new Map(), undefined);
    else setPath(tree, key, value);
  }
  return tree;
}

/** Copies `source` over `target` leaf by leaf, recording the origin of each leaf when given one. */
function overlay(target: Tree, source: Tree, origins: Map<string, Origin>, origin: Origin | undefined, prefix = ''): void {
  for (const [key, value] of Object.entries(source)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isTree(value)) {
      if (!isTree(target[key])) target[key] = {};
      overlay(target[key] as Tree, value, origins, origin, path);
    } else {
      target[key] = value;
      if (origin) origins.set(path, origin);
    }
  }
}

function setPath(tree: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    if (!isTree(node[key])) node[key] = {};
    node = node[key] as Tree;
  }
  node[keys[keys.length - 1]!] = value;
}

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** One ValidationError for all issues, each naming the field, where its value came from and what to write instead. */
function configError(issues: readonly z.core.$ZodIssue[], merged: Tree, origins: Map<string, Origin>): ValidationError {
  const diagnostics = issues.map((issue) => {
    const keys = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const field = formatFieldPath(unknownKeys.length ? [...keys, unknownKeys[0]!] : keys) || '(root)';
    const dotted = keys.join('.');
    const setting = SETTINGS.find((s) => s.path === dotted);
    const origin = origins.get(dotted) ?? (unknownKeys.length ? 'the file' : undefined);
    const source = origin === 'the flags' && setting?.flag ? `--${setting.flag}` : origin;
    const value = valueAt(merged, keys);
    const secret = (SECRET_PATHS as readonly string[]).includes(dotted);
    const shown = value === undefined || secret ? '' : ` ${JSON.stringify(value)}`;
    const summary = unknownKeys.length
      ? `unknown setting${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((k) => `"${k}"`).join(', ')}`
      : `${source ? `from ${source}:` : ''}${shown}${shown || source ? ' ' : ''}${plainMessage(issue, value)}`.trim();
    const detail = unknownKeys.length
      ? `remove it or check the spelling; docs/reconciler.md lists every setting`
      : value === undefined
        ? `set ${dotted}${setting ? ` (${setting.env}${setting.flag ? ` or --${setting.flag}` : ''})` : ' in the configuration file'}`
        : `change ${source ?? dotted}${setting && !source?.startsWith(setting.env) ? ` (or set ${setting.env})` : ''}`;
    return { severity: 'error' as const, summary, detail, field };
  });
  return ValidationError.fromDiagnostics(diagnostics);
}

/** zod's wording where a person would say it differently. */
function plainMessage(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type' && value === undefined) return 'is missing';
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'is not a whole number';
  if (issue.code === 'invalid_type') return `must be ${issue.expected === 'object' ? 'a mapping of settings' : `a ${issue.expected}`}`;
  return issue.message.replace(/^Too big: expected number to be /, 'must be ').replace(/^Too small: expected number to be /, 'must be ');
}

function valueAt(tree: Tree, keys: readonly (string | number)[]): unknown {
  let node: unknown = tree;
  for (const key of keys) node = isTree(node) ? node[String(key)] : undefined;
  return node;
}
