/**
 * docs/billing.md's walkthrough cannot rot: its rate card is examples/billing/rate-card.yaml (which the JSON Schema
 * editors check it with accepts), its code excerpts are lines of examples/billing/month-of-billing.ts, its commands
 * name files that exist, and that script, run as the page says against a sandbox, prints exactly what the page shows,
 * down to the invoice total of the worked-out table.
 */
import Ajv2020 from 'ajv/dist/2020';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { useTestSandbox } from '../support/sandbox';

const ROOT = resolve(__dirname, '../..');
const SCRIPT = resolve(ROOT, 'examples/billing/month-of-billing.ts');
const CARD = resolve(ROOT, 'examples/billing/rate-card.yaml');

/** The walkthrough: docs/billing.md from its heading to the next section. */
const walkthrough = (() => {
  const page = readFileSync(resolve(ROOT, 'docs/billing.md'), 'utf8');
  const start = page.indexOf('## A month of billing, step by step');
  return page.slice(start, page.indexOf('\n## ', start + 1));
})();

/** The fenced blocks of one language in the walkthrough, indentation (of list items) removed. */
function blocks(language: string): string[] {
  return [...walkthrough.matchAll(new RegExp(`^( *)\`\`\`${language}\\n([\\s\\S]*?)^\\1\`\`\`$`, 'gm'))].map(([, indent, body]) =>
    body.split('\n').map((line) => line.slice(indent.length)).join('\n'),
  );
}

/** Runs the script as the page says (`npx tsx …`) against `baseUrl`; resolves with its exit code and output. */
function runScript(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}

describe('docs/billing.md: a month of billing, step by step', () => {
  const t = useTestSandbox();

  it('shows the example rate card as it is, and the rate card schema accepts it', () => {
    const [yaml] = blocks('yaml');
    const file = readFileSync(CARD, 'utf8');
    expect(yaml).toBe(file);
    const schema = JSON.parse(readFileSync(resolve(ROOT, 'schemas/rate-card.schema.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(parse(file))).toBe(true);
    expect(file.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/rate-card.schema.json');
  });

  it('quotes the script as it is, and its commands name files that exist', () => {
    const script = readFileSync(SCRIPT, 'utf8').split('\n').map((line) => line.trim());
    const excerpts = blocks('ts');
    expect(excerpts.length).toBeGreaterThan(0);
    for (const excerpt of excerpts) {
      const lines = excerpt.trim().split('\n').map((line) => line.trim());
      const at = script.indexOf(lines[0]);
      expect({ excerpt: lines, found: script.slice(at, at + lines.length) }).toEqual({ excerpt: lines, found: lines });
    }
    const commands = blocks('sh').join('\n');
    expect(commands).toContain('npx didops sandbox');
    for (const [, file] of commands.matchAll(/npx tsx (\S+)/g)) expect(existsSync(resolve(ROOT, file))).toBe(true);
  });

  it('prints, against a sandbox, exactly the output the page shows, and the total the page works out', async () => {
    const run = await runScript({ DIDOPS_STRIPE_BASE_URL: t.sandbox.stripeBaseUrl, DIDOPS_STRIPE_SECRET_KEY: t.sandbox.stripeSecretKey });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const printedTotal = run.stdout.match(/^Invoice total: (\$\d+\.\d\d)$/m)?.[1];
    const workedTotal = walkthrough.match(/^\| \*\*Total\*\* \|[^|]*\| \*\*(\$\d+\.\d\d)\*\* \|/m)?.[1];
    expect(printedTotal).toBeDefined();
    expect(printedTotal).toBe(workedTotal);
    const [shown] = blocks('text');
    expect(run.stdout).toBe(shown);
  });
});
