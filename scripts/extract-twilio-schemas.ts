/**
 * Extracts the slice of Twilio's official OpenAPI specs that the sandbox conformance tests need
 * into `test/fixtures/twilio-openapi/`, so the suite runs on a clone without `../shared/specs`.
 *
 * Usage: `npx tsx scripts/extract-twilio-schemas.ts [--specs DIR]` (DIR defaults to `../shared/specs`
 * relative to the repository root). Output is pretty-printed with sorted keys, so a re-run on the
 * same specs is byte-identical and a drift check can compare files as strings.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A JSON value as read from a spec file. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object as read from a spec file. */
export type JsonObject = { [key: string]: JsonValue };

/** Which paths of one spec file to keep; a path is kept when any rule matches it. */
export interface SpecSelection {
  /** The spec's file name, identical in `shared/specs/` and in the fixtures directory. */
  file: string;
  /** Path-template rules; every rule must match at least one path, so a renamed path fails loudly. */
  keep: readonly RegExp[];
}

const ACCOUNT = '^/2010-04-01/Accounts/\\{AccountSid\\}';

/** An exact path template, written as it appears in the spec (braces and dots are escaped here). */
function exact(template: string): RegExp {
  return new RegExp(`^${template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** A v2010 account sub-path, e.g. `/Calls.json`, matched exactly. */
function account(suffix: string): RegExp {
  return exact(`/2010-04-01/Accounts/{AccountSid}${suffix}`);
}

/**
 * The paths the sandbox serves. Voice v1 is left out: the sandbox implements none of it and the
 * file is not trivially small. Extend these rules (and re-run the script) when the sandbox grows.
 */
export const TWILIO_SPEC_SELECTIONS: readonly SpecSelection[] = [
  {
    file: 'twilio_api_v2010.json',
    keep: [
      account('/AvailablePhoneNumbers.json'),
      account('/AvailablePhoneNumbers/{CountryCode}.json'),
      account('/AvailablePhoneNumbers/{CountryCode}/Local.json'),
      account('/AvailablePhoneNumbers/{CountryCode}/TollFree.json'),
      account('/AvailablePhoneNumbers/{CountryCode}/Mobile.json'),
      account('/IncomingPhoneNumbers.json'),
      account('/IncomingPhoneNumbers/{Sid}.json'),
      account('/IncomingPhoneNumbers/Local.json'),
      account('/IncomingPhoneNumbers/TollFree.json'),
      account('/IncomingPhoneNumbers/Mobile.json'),
      account('/Addresses.json'),
      account('/Addresses/{Sid}.json'),
      account('/Calls.json'),
      account('/Calls/{Sid}.json'),
      account('/Usage/Records.json'),
      new RegExp(`${ACCOUNT}/Usage/Records/[A-Za-z]+\\.json$`),
      account('/Usage/Triggers.json'),
      account('/Usage/Triggers/{Sid}.json'),
    ],
  },
  {
    file: 'twilio_studio_v2.json',
    keep: [
      exact('/v2/Flows'),
      exact('/v2/Flows/{Sid}'),
      exact('/v2/Flows/Validate'),
      exact('/v2/Flows/{Sid}/Revisions'),
      exact('/v2/Flows/{Sid}/Revisions/{Revision}'),
      /^\/v2\/Flows\/\{FlowSid\}\/Executions(\/|$)/,
    ],
  },
  { file: 'twilio_pricing_v1.json', keep: [/^\//] },
  {
    file: 'twilio_numbers_v2.json',
    // The `(/|$)` boundary keeps EndUserTypes and SupportingDocumentTypes out.
    keep: [
      /^\/v2\/RegulatoryCompliance\/Bundles(\/|$)/,
      /^\/v2\/RegulatoryCompliance\/EndUsers(\/|$)/,
      /^\/v2\/RegulatoryCompliance\/SupportingDocuments(\/|$)/,
      /^\/v2\/RegulatoryCompliance\/Regulations(\/|$)/,
    ],
  },
  { file: 'twilio_trunking_v1.json', keep: [/^\/v1\/Trunks(\/|$)/] },
];

/** Where the specs were taken from; the README and each fixture's `x-didops-source` repeat it. */
export const TWILIO_OAI_SOURCE = {
  repository: 'twilio/twilio-oai',
  tag: '2.6.7',
  commit: 'd50069b44ea8cd23141385bdb6db48f16ff75bb5',
  directory: 'spec/json',
} as const;

const SCHEMA_REF_PREFIX = '#/components/schemas/';
const LICENSE_FILE = 'LICENSE.twilio-oai.txt';

/** True for a JSON object (not an array, not null). */
function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every `$ref` string inside `value`, in document order. */
function collectRefs(value: JsonValue, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') into.push(child);
      else collectRefs(child, into);
    }
  }
  return into;
}

/** A copy of `value` with object keys sorted recursively, so serialisation is deterministic. */
export function sortKeysDeep(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isObject(value)) return value;
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep(value[key] as JsonValue);
  return sorted;
}

/** Prose keys that only document; dropping them shrinks the fixtures to about a third. */
const PROSE_KEYS = new Set(['description', 'summary']);

/**
 * A copy of `value` without prose (`description`, `summary` strings). Keys directly inside a
 * `properties` map are field names, not keywords, so a field called `description` survives.
 */
function withoutProse(value: JsonValue, isPropertiesMap = false): JsonValue {
  if (Array.isArray(value)) return value.map((item) => withoutProse(item));
  if (!isObject(value)) return value;
  const copy: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (!isPropertiesMap && PROSE_KEYS.has(key) && typeof child === 'string') continue;
    copy[key] = withoutProse(child, !isPropertiesMap && key === 'properties');
  }
  return copy;
}

/**
 * Drops the parts of a path item that say nothing about response bodies and only add bulk:
 * prose, and the CORS response headers Twilio repeats on every response.
 */
function slimPathItem(pathItem: JsonObject): JsonObject {
  const copy = withoutProse(pathItem) as JsonObject;
  for (const operation of Object.values(copy)) {
    if (!isObject(operation) || !isObject(operation.responses)) continue;
    for (const response of Object.values(operation.responses)) {
      if (isObject(response)) delete response.headers;
    }
  }
  return copy;
}

/**
 * The kept paths of `spec` plus the transitive closure of the component schemas they reference.
 * Throws when a selection rule matches nothing or a `$ref` points anywhere but a component schema,
 * because either means the spec changed shape and the fixtures would silently lose coverage.
 */
export function extractSpec(selection: SpecSelection, spec: JsonObject): JsonObject {
  const paths = spec.paths;
  const schemas = isObject(spec.components) ? spec.components.schemas : undefined;
  if (!isObject(paths) || !isObject(schemas)) {
    throw new Error(`${selection.file}: not an OpenAPI document with paths and components.schemas`);
  }
  const keptPaths: JsonObject = {};
  for (const rule of selection.keep) {
    const matched = Object.keys(paths).filter((p) => rule.test(p));
    if (matched.length === 0) throw new Error(`${selection.file}: rule ${rule} matches no path`);
    for (const p of matched) keptPaths[p] = slimPathItem(paths[p] as JsonObject);
  }

  const keptSchemas: JsonObject = {};
  const pending = collectRefs(keptPaths);
  while (pending.length > 0) {
    const ref = pending.pop() as string;
    if (!ref.startsWith(SCHEMA_REF_PREFIX)) throw new Error(`${selection.file}: unsupported $ref ${ref}`);
    const name = ref.slice(SCHEMA_REF_PREFIX.length);
    if (name in keptSchemas) continue;
    const schema = schemas[name];
    if (schema === undefined) throw new Error(`${selection.file}: dangling $ref ${ref}`);
    keptSchemas[name] = withoutProse(schema);
    collectRefs(schema, pending);
  }

  const info = isObject(spec.info) ? spec.info : {};
  return {
    components: { schemas: keptSchemas },
    info: { license: info.license ?? null, title: info.title ?? null, version: info.version ?? null },
    openapi: spec.openapi ?? null,
    paths: keptPaths,
    'x-didops-source': {
      generator: 'scripts/extract-twilio-schemas.ts (generated file, do not edit)',
      path: `${TWILIO_OAI_SOURCE.directory}/${selection.file}`,
      repository: TWILIO_OAI_SOURCE.repository,
      commit: TWILIO_OAI_SOURCE.commit,
      tag: TWILIO_OAI_SOURCE.tag,
    },
  };
}

/** Pretty-printed JSON with sorted keys and a final newline. */
export function renderJson(value: JsonValue): string {
  return `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`;
}

/** The fixtures README; generated so that the path list in it cannot drift from the fixtures. */
function renderReadme(keptPaths: ReadonlyMap<string, readonly string[]>): string {
  const lists = [...keptPaths].flatMap(([file, paths]) => [
    `### ${file} (${paths.length} paths)`,
    '',
    ...paths.map((p) => `- \`${p}\``),
    '',
  ]);
  return [
    '# Twilio OpenAPI fixtures',
    '',
    'Generated by `scripts/extract-twilio-schemas.ts`; do not edit by hand.',
    '',
    'These files are slices of the official Twilio OpenAPI 3.0 specifications from',
    `[${TWILIO_OAI_SOURCE.repository}](https://github.com/${TWILIO_OAI_SOURCE.repository}), tag`,
    `${TWILIO_OAI_SOURCE.tag}, commit ${TWILIO_OAI_SOURCE.commit}, directory \`${TWILIO_OAI_SOURCE.directory}/\`.`,
    'Each keeps only the paths the sandbox serves (all their methods, without prose `description`/`summary`',
    'texts and the repeated CORS response headers) and the component schemas those paths reference, directly',
    'or transitively; the full specs, with documentation, are at the commit above. Keys are sorted so',
    'that regenerating from the same specs gives byte-identical files.',
    '',
    '`test/support/conformance.ts` validates sandbox response bodies against the response schemas in these',
    'files; `test/unit/conformance.test.ts` checks that they are up to date when `../shared/specs` exists.',
    '',
    'To cover more of the API, extend `TWILIO_SPEC_SELECTIONS` in the script and regenerate.',
    '',
    '## Licence',
    '',
    `The specifications are Copyright (c) Twilio, Inc. and MIT licensed; see \`${LICENSE_FILE}\`, the`,
    "repository's LICENSE file copied unchanged from the same commit. (The `info.license` field inside the",
    'spec files, kept as found, names Apache 2.0; the repository licence file is MIT.)',
    '',
    '## Regenerating',
    '',
    '```sh',
    'npx tsx scripts/extract-twilio-schemas.ts                 # reads ../shared/specs',
    'npx tsx scripts/extract-twilio-schemas.ts --specs DIR     # reads DIR/twilio_*.json',
    '```',
    '',
    '## Paths kept',
    '',
    ...lists,
  ].join('\n');
}

/** Every output file (name relative to the fixtures directory → contents) built from the specs in `specDir`. */
export function buildTwilioFixtures(specDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const keptPaths = new Map<string, string[]>();
  for (const selection of TWILIO_SPEC_SELECTIONS) {
    const spec = JSON.parse(readFileSync(join(specDir, selection.file), 'utf8')) as JsonObject;
    const extracted = extractSpec(selection, spec);
    files.set(selection.file, renderJson(extracted));
    keptPaths.set(selection.file, Object.keys(extracted.paths as JsonObject).sort());
  }
  files.set('README.md', renderReadme(keptPaths));
  files.set(LICENSE_FILE, readFileSync(join(specDir, LICENSE_FILE), 'utf8'));
  return files;
}

/** The repository root (this file lives in `scripts/`). */
export const REPO_ROOT = resolve(__dirname, '..');

/** Where the fixtures are written and where the conformance helper reads them. */
export const TWILIO_FIXTURES_DIR = join(REPO_ROOT, 'test', 'fixtures', 'twilio-openapi');

/** The default spec directory: the shared checkout next to the repository. */
export const DEFAULT_SPECS_DIR = resolve(REPO_ROOT, '..', 'shared', 'specs');

/** Parses `--specs DIR` (or `--specs=DIR`); relative paths are taken from the current directory. */
function parseSpecsDir(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--specs' && argv[i + 1] !== undefined) return resolve(argv[i + 1] as string);
    if (arg.startsWith('--specs=')) return resolve(arg.slice('--specs='.length));
    if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: tsx scripts/extract-twilio-schemas.ts [--specs DIR]\n');
      process.exit(0);
    }
    throw new Error(`unknown argument ${arg}; usage: tsx scripts/extract-twilio-schemas.ts [--specs DIR]`);
  }
  return DEFAULT_SPECS_DIR;
}

/** Writes the fixtures and prints one line per file with its size. */
function main(): void {
  const specDir = parseSpecsDir(process.argv.slice(2));
  if (!existsSync(specDir)) throw new Error(`spec directory ${specDir} does not exist; pass --specs DIR`);
  mkdirSync(TWILIO_FIXTURES_DIR, { recursive: true });
  for (const [name, contents] of buildTwilioFixtures(specDir)) {
    writeFileSync(join(TWILIO_FIXTURES_DIR, name), contents);
    process.stdout.write(`${name}\t${Buffer.byteLength(contents)} bytes\n`);
  }
}

if (require.main === module) main();
