/**
 * The Terraform reference pages in docs/terraform/ are exactly what `npm run docs:terraform` makes from the provider's
 * schemas, every attribute is documented in its page (nested ones in their own section), and the hand-written
 * examples use only attributes the schemas have.
 */
import { PROVIDER_ENV } from '../../provider/terraform/config';
import { createDidopsTerraformProvider } from '../../provider/terraform/provider';
import type { TfAttribute, TfSchema } from '../../provider/terraform/server/types';
import { committedTerraformDocs, GENERATED_NOTICE, generateTerraformDocs, nestedAnchor, pagePath } from '../../scripts/generate-terraform-docs';

const REGENERATE = 'run `npm run docs:terraform` and commit docs/terraform/';
const schemas = createDidopsTerraformProvider({ env: {} }).schemas();
const generated = generateTerraformDocs();

/** Every page with the schema it documents. */
const pages: { path: string; type: string; schema: TfSchema }[] = [
  { path: 'index.md', type: 'provider', schema: schemas.provider },
  ...Object.entries(schemas.resourceSchemas).map(([type, schema]) => ({ path: pagePath('resource', type), type, schema })),
  ...Object.entries(schemas.dataSourceSchemas).map(([type, schema]) => ({ path: pagePath('data source', type), type, schema })),
];

/** The part of a page that lists the attributes at `path` ([] = top level): up to the next nested section. */
function sectionOf(text: string, path: readonly string[]): string | undefined {
  const start = path.length === 0 ? text.indexOf('## Schema') : text.indexOf(`<a id="${nestedAnchor(path)}"></a>`);
  if (start < 0) return undefined;
  const next = text.indexOf('<a id="', start + 1);
  const end = [next, text.indexOf('\n## ', start + 1)].filter((i) => i > start).reduce((a, b) => Math.min(a, b), text.length);
  return text.slice(start, end);
}

/** Every attribute with its path, depth first. */
function walk(attributes: readonly TfAttribute[], parents: string[] = []): { path: string[]; attribute: TfAttribute }[] {
  return attributes.flatMap((attribute) => {
    const path = [...parents, attribute.name];
    return [{ path, attribute }, ...walk(attribute.nestedType?.attributes ?? [], path)];
  });
}

describe('Terraform docs in docs/terraform/', () => {
  it(`are up to date with the provider's schemas (${REGENERATE} if not)`, () => {
    const committed = committedTerraformDocs();
    const problems: string[] = [];
    for (const [path, text] of generated) {
      const current = committed.get(path);
      if (current === undefined) problems.push(`docs/terraform/${path} is missing: ${REGENERATE}`);
      else if (current !== text) problems.push(`docs/terraform/${path} is stale: ${REGENERATE}`);
    }
    for (const path of committed.keys()) {
      if (!generated.has(path)) problems.push(`docs/terraform/${path} is not generated (a removed resource?): ${REGENERATE}`);
    }
    expect(problems).toEqual([]);
  });

  it('have one page per resource and data source, plus the provider index', () => {
    expect([...generated.keys()].sort()).toEqual(pages.map((p) => p.path).sort());
  });

  it.each(pages.map((p) => [p.path, p] as const))('%s starts with the generated notice and front matter', (_path, { path }) => {
    const lines = generated.get(path)!.split('\n');
    expect(lines[0]).toBe(GENERATED_NOTICE);
    expect(lines[0]).toMatch(/^<!-- .*`npm run docs:terraform`.*Do not edit.* -->$/);
    expect(lines.slice(1, 4)).toEqual(['---', expect.stringMatching(/^page_title: ".+"$/), 'subcategory: ""']);
    expect(lines[4]).toBe('description: |-');
  });

  it.each(pages.map((p) => [p.path, p] as const))('%s documents every attribute of its schema, where it belongs', (_path, { path, type, schema }) => {
    const text = generated.get(path)!;
    if (type !== 'provider') expect(text).toContain(schema.block.description.trim());
    const problems: string[] = [];
    for (const { path: attributePath, attribute } of walk(schema.block.attributes)) {
      const section = sectionOf(text, attributePath.slice(0, -1));
      const line = section?.split('\n').find((l) => l.startsWith(`- \`${attribute.name}\` (`));
      if (!line) {
        problems.push(`${type}: ${attributePath.join('.')} is not listed`);
        continue;
      }
      if (attribute.sensitive && !/^- `[a-z0-9_]+` \([^)]*, Sensitive/.test(line)) problems.push(`${type}: ${attributePath.join('.')} is not marked Sensitive`);
      if (attribute.nestedType && !sectionOf(text, attributePath)) problems.push(`${type}: ${attributePath.join('.')} has no nested schema section`);
    }
    expect(problems).toEqual([]);
  });

  it('name the environment variable of every provider attribute', () => {
    const index = generated.get('index.md')!;
    for (const attribute of schemas.provider.block.attributes) {
      const variable = PROVIDER_ENV[attribute.name as keyof typeof PROVIDER_ENV];
      expect(variable).toBeDefined();
      expect(index).toContain(`| \`${attribute.name}\` | \`${variable}\` |`);
    }
    expect(index).toContain('- `twilio_auth_token` (String, Sensitive)');
  });

  it('give every resource an Import section and no data source one', () => {
    for (const { path, type } of pages) {
      const text = generated.get(path)!;
      if (type in schemas.resourceSchemas) expect(text).toContain(`terraform import ${type}.`);
      else expect(text).not.toContain('## Import');
    }
  });

  it.each(pages.map((p) => [p.path, p] as const))('%s has examples that use only attributes the schemas have', (_path, { path }) => {
    const text = generated.get(path)!;
    const examples = [...text.matchAll(/```terraform\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(examples.length).toBeGreaterThan(0);
    const problems = examples.flatMap(unknownAttributes);
    expect(problems).toEqual([]);
  });

  it('(the example check itself finds unknown attributes)', () => {
    const hcl = ['resource "didops_phone_number" "x" {', '  count = 2', '  nope  = 1', '  search = {', '    country = "US"', '    areacode = "415"', '    patterns = { contains = "HELP", word = "X" }', '  }', '}'].join('\n');
    expect(unknownAttributes(hcl)).toEqual([
      'resource "didops_phone_number": nope is not an attribute here',
      'resource "didops_phone_number": areacode is not an attribute here',
      'resource "didops_phone_number": patterns.word is not an attribute',
    ]);
    expect(unknownAttributes('data "didops_nothing" "x" {\n}')).toEqual(['data "didops_nothing" is not a type of the provider']);
  });
});

/** Terraform's own arguments of resource, data and provider blocks. */
const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'alias', 'version']);

/**
 * The attribute names in an HCL example that its blocks' schemas do not have. A light reading of HCL: it follows
 * `name = {` objects (one per line or on one line) into nested attributes and skips meta-arguments' contents.
 */
function unknownAttributes(hcl: string): string[] {
  const problems: string[] = [];
  let stack: (readonly TfAttribute[] | undefined)[] = [];
  let label = '';
  for (const raw of hcl.split('\n')) {
    const line = raw.replace(/#.*$/, '').trimEnd();
    const header = /^(resource|data|provider) "([a-z0-9_]+)"/.exec(line);
    if (header) {
      const [, kind, type] = header;
      const schema = kind === 'provider' ? schemas.provider : kind === 'resource' ? schemas.resourceSchemas[type] : schemas.dataSourceSchemas[type];
      if (!schema) problems.push(`${kind} "${type}" is not a type of the provider`);
      label = `${kind} "${type}"`;
      stack = [schema?.block.attributes];
      if (line.endsWith('{}')) stack = [];
      continue;
    }
    if (/^\S/.test(line)) {
      // The end of a block, or another top-level block (terraform, variable, output, import): not checked.
      stack = [];
      continue;
    }
    if (stack.length === 0) continue;
    const trimmed = line.trim();
    if (trimmed === '}' || trimmed === '},') {
      stack.pop();
      continue;
    }
    const assignment = /^([a-z0-9_]+)\s*(=\s*)?(.*)$/.exec(trimmed);
    if (!assignment) continue;
    const [, name, , value] = assignment;
    const scope = stack[stack.length - 1];
    const attribute = scope?.find((a) => a.name === name);
    const topLevel = stack.length === 1;
    if (scope && !attribute && !(topLevel && META_ARGUMENTS.has(name))) problems.push(`${label}: ${name} is not an attribute here`);
    const opensBlock = value.endsWith('{');
    if (opensBlock) stack.push(attribute?.nestedType?.attributes);
    else if (value.startsWith('{') && attribute?.nestedType) {
      // One-line object: `voice = { url = "..." }`, `sequence = { kind = "repeated", min_length = 4 }`.
      for (const [, key] of value.matchAll(/(?:[{,]\s*)([a-z0-9_]+)\s*=/g)) {
        if (!attribute.nestedType.attributes.some((a) => a.name === key)) problems.push(`${label}: ${name}.${key} is not an attribute`);
      }
    }
  }
  return problems;
}
