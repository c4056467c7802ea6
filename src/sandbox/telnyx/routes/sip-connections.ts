/**
 * `/v2/credential_connections`, `/v2/fqdn_connections` and `/v2/ip_connections`: the SIP connections a number's
 * `connection_id` can name besides a call control application. Each kind is created, fetched, updated, listed
 * (`filter[connection_name][contains]`, `filter[outbound_voice_profile_id]`, `filter[fqdn]`, `sort`) and deleted the
 * same way; deleting one that numbers point at is refused, as for applications.
 */
import type { Context } from 'hono';
import type { SandboxContext } from '../../context';
import type { TelnyxDocumentRow } from '../../store/telnyx-documents-repository';
import { refuseWhileRouting } from '../connections';
import { JsonFields, readJsonObject } from '../http/json-body';
import { pageMeta, readPage } from '../http/pagination';
import { TelnyxQuery } from '../http/query';
import type { TelnyxApp } from '../http/router';
import { invalidField, invalidQuery, resourceNotFound } from '../http/telnyx-error';
import { numericId } from '../ids';
import { applySipConnectionFields, SIP_CONNECTION_KINDS, sipConnectionResource, type SipConnectionData, type SipConnectionKind } from '../sip-connection-settings';

const LABEL: Readonly<Record<SipConnectionKind, string>> = { credential: 'Credential connection', fqdn: 'FQDN connection', ip: 'IP connection' };
const SORTS = ['created_at', 'connection_name', 'active'] as const;

/** Sorts a list as `sort` asks: a field, descending with a leading `-`; newest first when not given, as Telnyx does. */
function sorter(query: TelnyxQuery): (a: TelnyxDocumentRow, b: TelnyxDocumentRow) => number {
  const raw = query.string('sort', { maxLength: 40 }) ?? '-created_at';
  const field = raw.replace(/^-/, '');
  if (!(SORTS as readonly string[]).includes(field)) throw invalidQuery('sort', `"${raw}" is not one of ${SORTS.join(', ')} (- for descending)`);
  const sign = raw.startsWith('-') ? -1 : 1;
  const key = (row: TelnyxDocumentRow): string | number => {
    if (field === 'created_at') return row.seq;
    const data = JSON.parse(row.data) as SipConnectionData;
    return field === 'active' ? Number(data.active) : data.connection_name.toLowerCase();
  };
  return (a, b) => {
    const [x, y] = [key(a), key(b)];
    return (x < y ? -1 : x > y ? 1 : a.seq - b.seq) * sign;
  };
}

/** Registers the routes of every SIP connection kind. */
export function registerTelnyxSipConnectionRoutes(app: TelnyxApp, ctx: SandboxContext): void {
  for (const kind of SIP_CONNECTION_KINDS) registerKind(app, ctx, kind);
}

function registerKind(app: TelnyxApp, ctx: SandboxContext, kind: SipConnectionKind): void {
  const repository = ctx.telnyx.sipConnections[kind];
  const base = `/${kind}_connections`;
  const one = `${base}/:id{[0-9]+}`;
  const load = (c: Context) => {
    const row = repository.findById(c.req.param('id')!);
    if (!row) throw resourceNotFound(`${LABEL[kind]} ${c.req.param('id')}`);
    return row;
  };
  // Credential user names are how a device registers, so no two connections may share one.
  const checkUserName = (data: SipConnectionData, id: string | undefined) => {
    if (kind !== 'credential') return;
    const taken = repository.page(0, Number.MAX_SAFE_INTEGER).rows
      .find((r) => r.id !== id && (JSON.parse(r.data) as SipConnectionData).user_name === data.user_name);
    if (taken) throw invalidField('/user_name', `"${data.user_name}" is already the user name of credential connection ${taken.id}; choose another`);
  };

  app.post(base, async (c) => {
    const data = applySipConnectionFields(kind, new JsonFields(await readJsonObject(c)), undefined);
    checkUserName(data, undefined);
    const now = ctx.now();
    const row = { id: numericId(), data: JSON.stringify(data), created_at: now, updated_at: now };
    repository.insert(row);
    return c.json({ data: sipConnectionResource(kind, { ...row, seq: 0 }, true) });
  });

  app.get(one, (c) => c.json({ data: sipConnectionResource(kind, load(c)) }));

  app.patch(one, async (c) => {
    const row = load(c);
    const body = new JsonFields(await readJsonObject(c));
    const data = applySipConnectionFields(kind, body, JSON.parse(row.data) as SipConnectionData);
    checkUserName(data, row.id);
    const now = ctx.now();
    repository.update(row.id, JSON.stringify(data), now);
    return c.json({ data: sipConnectionResource(kind, { ...row, data: JSON.stringify(data), updated_at: now }, body.has('password')) });
  });

  app.delete(one, (c) => {
    const row = load(c);
    refuseWhileRouting(ctx, row.id, `${LABEL[kind]} ${row.id}`);
    repository.delete(row.id);
    return c.json({ data: sipConnectionResource(kind, row) });
  });

  app.get(base, (c) => {
    const query = new TelnyxQuery(new URL(c.req.url).searchParams);
    const page = readPage(query);
    const nameContains = query.string('filter[connection_name][contains]', { maxLength: 255 })?.toLowerCase();
    const profile = query.string('filter[outbound_voice_profile_id]', { maxLength: 64 }) ?? query.string('filter[outbound.outbound_voice_profile_id]', { maxLength: 64 });
    // FQDNs (the /fqdns resource) are not modelled, so no connection has one.
    const fqdn = query.string('filter[fqdn]', { maxLength: 255 });
    const order = sorter(query);
    // Accounts hold few connections: filter them all in memory, then page.
    const all = repository.page(0, Number.MAX_SAFE_INTEGER).rows.filter((row) => {
      const data = JSON.parse(row.data) as SipConnectionData & { outbound: { outbound_voice_profile_id: string | null } };
      if (nameContains !== undefined && !data.connection_name.toLowerCase().includes(nameContains)) return false;
      if (profile !== undefined && data.outbound.outbound_voice_profile_id !== profile) return false;
      return fqdn === undefined;
    }).sort(order);
    return c.json({ data: all.slice(page.offset, page.offset + page.size).map((row) => sipConnectionResource(kind, row)), meta: pageMeta(page, all.length) });
  });
}
