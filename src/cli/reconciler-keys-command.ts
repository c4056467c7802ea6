/**
 * `didops reconciler keys …` and `didops reconciler clients …`: create, list and revoke API keys and OAuth clients
 * straight in the reconciler's database (how the operator gets the first admin key, before any key exists to call the
 * API with). A secret is printed once, alone on stdout so `KEY=$(didops reconciler keys create …)` captures it; what
 * to do with it goes to stderr. Every create and revoke is in the audit log as `cli:<user>` from `local`.
 */
import { userInfo } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import Table from 'cli-table3';
import { ValidationError } from '../core/errors';
import type { AuthServices } from '../reconciler/api/auth/build';
import { auditAccountOf, presentCredential, type CredentialKind, type CredentialRecord, type Credentials } from '../reconciler/api/auth/credentials';
import type { AccountBinding } from '../reconciler/api/auth/principal';
import { ROLES, type Role } from '../reconciler/api/auth/roles';
import { accountIdSchema } from '../reconciler/api/auth/routes';

/** The auth services on the configured database, opened for one command and closed after it. */
export interface AuthCommandContext {
  readonly auth: AuthServices;
  close(): Promise<void>;
}

/** Opens the database the `reconciler` command's options point at (flags, DIDOPS_* variables, config file). */
export type OpenAuthCommandContext = (command: Command) => Promise<AuthCommandContext>;

interface CreateOptions {
  role: Role;
  account?: string[];
  allAccounts?: boolean;
  name?: string;
  json?: boolean;
}

/** Registers `keys` and `clients` under the `reconciler` command. */
export function registerReconcilerKeysCommands(reconciler: Command, open: OpenAuthCommandContext): void {
  const kinds = [
    { name: 'keys', kind: 'api_key', noun: 'API key', pick: (auth: AuthServices) => auth.apiKeys },
    { name: 'clients', kind: 'oauth_client', noun: 'OAuth client', pick: (auth: AuthServices) => auth.clients },
  ] as const;
  for (const kind of kinds) {
    const group = reconciler.command(kind.name).description(`Create, list and revoke ${kind.noun}s of the reconciler API`);

    group
      .command('create')
      .description(`Create an ${kind.noun}; its secret is printed once`)
      .addOption(new Option('--role <role>', 'what it may do').choices(ROLES).makeOptionMandatory())
      .option('--account <cus_…>', 'an account (tenant) it is bound to; repeat for several', collectAccount)
      .option('--all-accounts', "bind it to every account (the operator's credentials)")
      .option('--name <name>', 'what it is for, shown in lists')
      .option('--json', 'print the result as JSON (with the secret)')
      .action(async (options: CreateOptions, command: Command) => {
        const accounts = bindingOf(options);
        await withContext(open, command, async (ctx) => {
          if (accounts !== 'all') {
            const unknown = await ctx.auth.unknownAccounts(accounts);
            if (unknown.length > 0) throw new ValidationError({ field: '--account', summary: `no such account: ${unknown.join(', ')}`, detail: 'register it first (POST /v1/accounts)' });
          }
          const actor = `cli:${userName()}`;
          const { record, secret } = await kind.pick(ctx.auth).issue({ name: options.name ?? `${options.role} (${actor})`, role: options.role, accounts, createdBy: actor });
          await audit(ctx, actor, kind.kind, 'create', record);
          if (options.json) {
            process.stdout.write(`${JSON.stringify({ ...presentCredential(record), ...(kind.name === 'keys' ? { key: secret } : { client_id: record.id, client_secret: secret }) }, null, 2)}\n`);
          } else if (kind.name === 'keys') {
            process.stdout.write(`${secret}\n`);
            process.stderr.write(`Created API key ${record.id} (${record.role}, ${describeBinding(record.accounts)}). It is shown only this once: store it now.\n`);
          } else {
            process.stdout.write(`client_id=${record.id}\nclient_secret=${secret}\n`);
            process.stderr.write(`Created OAuth client ${record.id} (${record.role}, ${describeBinding(record.accounts)}). The secret is shown only this once: store it now.\n`);
          }
        });
      });

    group
      .command('list')
      .description(`List ${kind.noun}s (never their secrets)`)
      .option('--json', 'print JSON')
      .action(async (options: { json?: boolean }, command: Command) => {
        await withContext(open, command, async (ctx) => {
          const records = await kind.pick(ctx.auth).list(undefined);
          if (options.json) return void process.stdout.write(`${JSON.stringify(records.map(presentCredential), null, 2)}\n`);
          const table = new Table({ head: ['id', 'name', 'role', 'accounts', 'created', 'last used', 'revoked'] });
          for (const r of records) {
            table.push([r.id, r.name, r.role, describeBinding(r.accounts), day(r.createdAt), day(r.lastUsedAt), day(r.revokedAt)]);
          }
          process.stdout.write(`${table.toString()}\n`);
        });
      });

    group
      .command('revoke <id>')
      .description(`Revoke an ${kind.noun}; requests with it fail from the next one on${kind.name === 'clients' ? ' (tokens already issued until they expire)' : ''}`)
      .action(async (id: string, _options: unknown, command: Command) => {
        await withContext(open, command, async (ctx) => {
          const credentials: Credentials = kind.pick(ctx.auth);
          const record = await credentials.revoke(id);
          if (!record) throw new ValidationError({ field: '<id>', summary: `no ${kind.noun} ${JSON.stringify(id)}`, detail: `see \`didops reconciler ${kind.name} list\`` });
          await audit(ctx, `cli:${userName()}`, kind.kind, 'revoke', record);
          process.stderr.write(`Revoked ${kind.noun} ${record.id} at ${record.revokedAt?.toISOString()}.\n`);
        });
      });
  }
}

async function withContext(open: OpenAuthCommandContext, command: Command, run: (ctx: AuthCommandContext) => Promise<void>): Promise<void> {
  const ctx = await open(command);
  try {
    await run(ctx);
  } finally {
    await ctx.close();
  }
}

async function audit(ctx: AuthCommandContext, actor: string, kind: CredentialKind, verb: 'create' | 'revoke', record: CredentialRecord): Promise<void> {
  await ctx.auth.audit.append({ at: ctx.auth.now(), actor, action: `${kind}s.${verb}`, target: `${kind}:${record.id}`, accountId: auditAccountOf(record), source: 'local', status: null });
}

function collectAccount(value: string, previous: string[] | undefined): string[] {
  const parsed = accountIdSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`--account "${value}": expected an account id like cus_NffrFeUfNV2Hib`);
  return [...(previous ?? []), parsed.data];
}

function bindingOf(options: CreateOptions): AccountBinding {
  if (options.allAccounts && options.account) throw new ValidationError({ field: '--account', summary: 'given with --all-accounts', detail: 'give either --account (repeatable) or --all-accounts, not both' });
  if (options.allAccounts) return 'all';
  if (!options.account) throw new ValidationError({ field: '--account', summary: 'is missing', detail: 'say whose data it may see: --account cus_… (repeatable) or --all-accounts' });
  return [...new Set(options.account)];
}

function describeBinding(accounts: AccountBinding): string {
  return accounts === 'all' ? 'all accounts' : accounts.join(', ');
}

function day(value: Date | null): string {
  return value ? value.toISOString().slice(0, 16).replace('T', ' ') : '';
}

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
