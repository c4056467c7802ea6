/** The phone-number inventory: searching available numbers, buying, releasing and the cooling-down period. */
import type { AddressRequirement, NumberType } from '../inventory';
import type { SqliteDatabase } from './database';

/** A row of the `numbers` table. */
export interface NumberRow {
  id: number;
  phone_number: string;
  iso_country: string;
  type: NumberType;
  area_code: string | null;
  region: string | null;
  locality: string | null;
  postal_code: string | null;
  rate_center: string | null;
  lata: string | null;
  latitude: number | null;
  longitude: number | null;
  voice: number;
  sms: number;
  mms: number;
  fax: number;
  address_requirements: AddressRequirement;
  beta: number;
  state: number;
  available_at: number | null;
}

/** What a number can do, as both number resources report it. */
export function capabilitiesOf(row: NumberRow): { voice: boolean; sms: boolean; mms: boolean; fax: boolean } {
  return { voice: row.voice === 1, sms: row.sms === 1, mms: row.mms === 1, fax: row.fax === 1 };
}

/** Row states. */
export const NumberState = { available: 0, owned: 1, coolingDown: 2 } as const;

/** Every filter the AvailablePhoneNumbers search understands, already validated. */
export interface AvailableNumberQuery {
  isoCountry: string;
  type: NumberType;
  areaCode?: string;
  /** GLOB over the E.164 string, with the longest literal run (decides whether the trigram index helps). */
  contains?: { glob: string; longestLiteral: number };
  region?: string;
  locality?: string;
  postalCode?: string;
  lata?: string;
  rateCenter?: string;
  capabilities?: Partial<Record<'voice' | 'sms' | 'mms' | 'fax', boolean>>;
  /** Address requirements to leave out. */
  excludeAddressRequirements?: AddressRequirement[];
  includeBeta: boolean;
  near?: { latitude: number; longitude: number; miles: number };
  /** Continue after this row id (keyset paging). */
  afterId?: number;
  offset: number;
  limit: number;
}

const EARTH_RADIUS_MILES = 3958.8;

/** Great-circle distance in miles. */
export function distanceMiles(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Queries and state changes of the inventory. One instance per open database. */
export class NumbersRepository {
  private readonly byPhone;
  private readonly byId;
  private readonly thawStmt;
  private readonly markStmt;
  private readonly cache = new Map<string, ReturnType<SqliteDatabase['prepare']>>();

  constructor(private readonly db: SqliteDatabase) {
    db.function('distance_miles', { deterministic: true }, (lat1, lon1, lat2, lon2) =>
      typeof lat1 === 'number' && typeof lon1 === 'number' ? distanceMiles(lat1, lon1, Number(lat2), Number(lon2)) : null,
    );
    this.byPhone = db.prepare('SELECT * FROM numbers WHERE phone_number = ?');
    this.byId = db.prepare('SELECT * FROM numbers WHERE id = ?');
    this.thawStmt = db.prepare('UPDATE numbers SET state = 0, available_at = NULL WHERE state = 2 AND available_at <= ?');
    this.markStmt = db.prepare('UPDATE numbers SET state = ?, available_at = ? WHERE id = ?');
  }

  /** Returns released numbers whose cooling-down period is over to the inventory. */
  thaw(now: number): void {
    this.thawStmt.run(now);
  }

  /** The inventory row with this id (every owned number has one). */
  findById(id: number): NumberRow | undefined {
    return this.byId.get(id) as NumberRow | undefined;
  }

  /** The inventory row of a number, whatever its state. */
  findByPhoneNumber(phoneNumber: string): NumberRow | undefined {
    return this.byPhone.get(phoneNumber) as NumberRow | undefined;
  }

  /**
   * Where a number is: its own inventory row, or for a NANP number the sandbox does not stock (a customer's office
   * line, say) any row of the same area code, which shares its rate center.
   */
  locate(phoneNumber: string): NumberRow | undefined {
    const own = this.findByPhoneNumber(phoneNumber);
    if (own) return own;
    const nanp = phoneNumber.match(/^\+1(\d{3})\d{7}$/);
    if (!nanp) return undefined;
    return this.prepared("SELECT * FROM numbers WHERE iso_country IN ('US', 'CA') AND type = 'local' AND area_code = ? LIMIT 1").get(nanp[1]) as
      | NumberRow
      | undefined;
  }

  /** Marks a number owned (bought). */
  markOwned(id: number): void {
    this.markStmt.run(NumberState.owned, null, id);
  }

  /** Marks a released number as cooling down until `availableAt`. */
  markReleased(id: number, availableAt: number): void {
    this.markStmt.run(NumberState.coolingDown, availableAt, id);
  }

  /** One page of available numbers, in inventory order; asks for `limit + 1` rows so callers know whether more follow. */
  searchAvailable(q: AvailableNumberQuery): NumberRow[] {
    const { sql, args } = this.searchSql(q);
    return this.prepared(sql).all(args) as NumberRow[];
  }

  /** SQLite's plan for a search, one line per step: lets tests prove that searches use indexes, not scans. */
  explainSearch(q: AvailableNumberQuery): string[] {
    const { sql, args } = this.searchSql(q);
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(args) as { detail: string }[]).map((r) => r.detail);
  }

  private searchSql(q: AvailableNumberQuery): { sql: string; args: Record<string, string | number> } {
    const where: string[] = ['n.iso_country = @isoCountry', 'n.type = @type', 'n.state = 0'];
    const args: Record<string, string | number> = { isoCountry: q.isoCountry, type: q.type, limit: q.limit + 1, offset: q.offset };
    const eq = (column: string, key: string, value: string | undefined, nocase = false) => {
      if (value === undefined) return;
      where.push(`n.${column} = @${key}${nocase ? ' COLLATE NOCASE' : ''}`);
      args[key] = value;
    };
    eq('area_code', 'areaCode', q.areaCode);
    eq('region', 'region', q.region, true);
    eq('locality', 'locality', q.locality, true);
    eq('postal_code', 'postalCode', q.postalCode);
    eq('lata', 'lata', q.lata);
    eq('rate_center', 'rateCenter', q.rateCenter, true);
    for (const [cap, wanted] of Object.entries(q.capabilities ?? {})) {
      if (wanted !== undefined) where.push(`n.${cap} = ${wanted ? 1 : 0}`);
    }
    for (const [i, req] of (q.excludeAddressRequirements ?? []).entries()) {
      where.push(`n.address_requirements != @excl${i}`);
      args[`excl${i}`] = req;
    }
    if (!q.includeBeta) where.push('n.beta = 0');
    if (q.afterId !== undefined) {
      where.push('n.id > @afterId');
      args.afterId = q.afterId;
    }
    if (q.near) {
      // A bounding box first (uses the latitude index), then the exact great-circle distance.
      const dLat = q.near.miles / 69.0;
      const dLon = q.near.miles / Math.max(1, 69.0 * Math.cos((q.near.latitude * Math.PI) / 180));
      where.push('n.latitude BETWEEN @latMin AND @latMax', 'n.longitude BETWEEN @lonMin AND @lonMax');
      where.push('distance_miles(n.latitude, n.longitude, @nearLat, @nearLon) <= @miles');
      Object.assign(args, {
        latMin: q.near.latitude - dLat, latMax: q.near.latitude + dLat,
        lonMin: q.near.longitude - dLon, lonMax: q.near.longitude + dLon,
        nearLat: q.near.latitude, nearLon: q.near.longitude, miles: q.near.miles,
      });
    }
    let from = 'numbers n';
    if (q.contains) {
      args.glob = q.contains.glob;
      if (q.contains.longestLiteral >= 3) {
        // Drive the query from the trigram index: a few thousand candidates instead of a scan of the country.
        from = 'numbers_digits d CROSS JOIN numbers n ON n.id = d.rowid';
        where.push('d.phone_number GLOB @glob');
        if (q.afterId !== undefined) where.push('d.rowid > @afterId');
      } else {
        // Two-digit patterns match so often that scanning in id order finds a page almost at once.
        where.push('n.phone_number GLOB @glob');
      }
    }
    const sql = `SELECT n.* FROM ${from} WHERE ${where.join(' AND ')} ORDER BY n.id LIMIT @limit OFFSET @offset`;
    return { sql, args };
  }

  /** The first available number for a quick purchase by area code. */
  firstAvailableInAreaCode(isoCountries: string[], areaCode: string): NumberRow | undefined {
    const sql = `SELECT * FROM numbers WHERE iso_country IN (${isoCountries.map(() => '?').join(',')}) AND type = 'local'
      AND area_code = ? AND state = 0 ORDER BY id LIMIT 1`;
    return this.prepared(sql).get([...isoCountries, areaCode]) as NumberRow | undefined;
  }

  private prepared(sql: string) {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }
}
