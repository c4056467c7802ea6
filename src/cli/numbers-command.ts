/** `didops numbers search` and `didops numbers check`: number search and bulk availability from the terminal. */
import { Command, Option } from 'commander';
import Table from 'cli-table3';
import { readFileSync } from 'node:fs';
import { isDidopsError } from '../core/errors';
import { formatMoney } from '../core/money';
import {
  checkAvailability,
  loadRatesTable,
  NumberPriceBook,
  searchNumbers,
  sequenceKindSchema,
  TOLL_FREE_PREFIXES,
  type SearchCriteriaInput,
  type SearchOutcome,
} from '../search';
import { integerOption } from './options';
import { CARRIER_HELP, carrierFrom, withCarrierOptions, type CarrierFlags } from './carrier-options';
import { linesTo, type CliIo } from './io';

/** Criteria field → the flag that sets it, so validation errors speak in flags. */
const FLAG_FOR_FIELD: Record<string, string> = {
  country: '--country', region: '--region', locality: '--locality', postalCode: '--postal-code', areaCode: '--area-code',
  excludeAddressRequired: '--exclude-address', near: '--near', 'near.number': '--near', 'near.distanceMiles': '--distance', type: '--type', tollFreePrefix: '--toll-free-prefix',
  capabilities: '--capabilities', 'patterns.vanity.word': '--vanity', 'patterns.sequence.kind': '--sequence',
  'patterns.sequence.minLength': '--sequence', 'patterns.prefix': '--prefix', 'patterns.suffix': '--suffix',
  'patterns.regex.pattern': '--regex', limit: '--limit', maxPages: '--max-pages', pageSize: '--page-size', currency: '--currency',
};

/** Rewrites a library error's field path as the CLI flag, e.g. `patterns.vanity.word: …` → `--vanity: …`. */
function inFlags(err: unknown): Error {
  if (isDidopsError(err) && err.field && FLAG_FOR_FIELD[err.field]) {
    return new Error(`${FLAG_FOR_FIELD[err.field]}: ${err.summary}${err.detail ? `; ${err.detail}` : ''}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

interface SearchFlags extends CarrierFlags {
  country: string; type: string; region?: string; locality?: string; postalCode?: string; areaCode?: string; near?: string; distance?: number;
  capabilities?: string; excludeAddress?: 'any' | 'local' | 'foreign'; vanity?: string; vanityAtEnd?: boolean; sequence?: string;
  prefix?: string; suffix?: string; regex?: string; regexOver?: 'national' | 'e164'; tollFreePrefix?: string; limit: number; maxPages: number;
  pageSize: number; rank: 'carrier' | 'memorability'; currency: string; rates?: string; prices: boolean; json?: boolean;
}

/** The summary line's words on the pattern: the filter the carrier was sent, or that didops checked it on its own. */
function pushdownWords(outcome: SearchOutcome, carrier: string): string {
  if (outcome.pushdownFilter) return `; ${outcome.pushdownFilter} sent to ${carrier}`;
  const patterned = Object.values(outcome.criteria.patterns).some((p) => p !== undefined) || outcome.criteria.tollFreePrefix !== undefined;
  return patterned ? `; ${carrier} has no filter for this pattern that keeps every match, so didops checked it on each candidate` : '';
}

/** Turns flags into search criteria (validation happens in the library, which names the field). */
export function criteriaFromFlags(f: SearchFlags): SearchCriteriaInput {
  const type = f.type === 'toll-free' ? 'tollFree' : f.type;
  const patterns: Record<string, unknown> = {};
  if (f.vanity) patterns.vanity = { word: f.vanity, at: f.vanityAtEnd ? 'end' : 'anywhere' };
  if (f.sequence) {
    const [kind, min] = f.sequence.split(':');
    patterns.sequence = { kind, ...(min ? { minLength: Number(min) } : {}) };
  }
  if (f.prefix) patterns.prefix = f.prefix;
  if (f.suffix) patterns.suffix = f.suffix;
  if (f.regex) patterns.regex = { pattern: f.regex, over: f.regexOver ?? 'national' };
  let near: SearchCriteriaInput['near'];
  if (f.distance !== undefined && !f.near) throw new Error('--distance: only applies with --near; add --near NUMBER or --near LAT,LON');
  if (f.near) {
    const point = f.near.match(/^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/);
    const distanceMiles = f.distance ?? 25;
    near = point ? { latitude: Number(point[1]), longitude: Number(point[2]), distanceMiles } : { number: f.near, distanceMiles };
  }
  return {
    country: f.country, type: type as SearchCriteriaInput['type'], region: f.region, locality: f.locality, postalCode: f.postalCode,
    areaCode: f.areaCode, near, tollFreePrefix: f.tollFreePrefix as SearchCriteriaInput['tollFreePrefix'],
    capabilities: f.capabilities ? (f.capabilities.split(',').map((s) => s.trim().toLowerCase()) as SearchCriteriaInput['capabilities']) : undefined,
    excludeAddressRequired: f.excludeAddress, patterns, limit: f.limit, maxPages: f.maxPages, pageSize: f.pageSize, rank: f.rank, currency: f.currency,
  };
}

/** Tables without colour codes, so output stays clean in files, pipes and CI logs. */
const PLAIN = { head: [], border: [] };

/** Registers `didops numbers`, printing to `io` and reading credentials from its environment. */
export function registerNumbersCommand(program: Command, io: CliIo): void {
  const print = linesTo(io.stdout);
  // Progress on stderr, only where a person is watching.
  const progressLine = (text: string) => io.stderr.isTTY && io.stderr.write(`\r\x1b[K${text}`);
  const numbers = program.command('numbers').description('Search for phone numbers and check whether numbers are available.');

  withCarrierOptions(
    numbers
      .command('search')
      .description('Search available numbers by geography, type, capability and pattern, with prices and a memorability score.')
      .requiredOption('-c, --country <ISO>', 'country, ISO 3166-1 alpha-2 (US, GB, DE…)')
      .addOption(new Option('-t, --type <type>', 'number type').choices(['local', 'mobile', 'toll-free']).default('local'))
      .option('--region <name>', "state or province in the country's own terms (CA, Bayern, Scotland)")
      .option('--locality <city>', 'city or town')
      .option('--postal-code <code>', 'postal code')
      .option('--area-code <digits>', 'area code (US/CA) or national destination code')
      .option('--near <number|lat,lon>', 'numbers near this phone number or point')
      .option('--distance <miles>', 'radius for --near (default 25)', integerOption('--distance', 1, 500))
      .option('--capabilities <list>', 'required capabilities, comma-separated: voice,sms,mms,fax')
      .addOption(new Option('--exclude-address <kind>', 'leave out numbers that need an address: any, local or foreign').choices(['any', 'local', 'foreign']))
      .option('--vanity <word>', 'a word spelled on the keypad, e.g. FLOWERS')
      .option('--vanity-at-end', 'the word must end the number (1-800-FLOWERS)')
      .option('--sequence <kind[:min]>', `a digit run: ${sequenceKindSchema.options.join(', ')}; e.g. repeated:4`)
      .option('--prefix <digits>', 'national number starts with these digits')
      .option('--suffix <digits>', 'number ends with these digits')
      .option('--regex <re2>', 'regular expression (RE2, linear time) over the national digits')
      .addOption(new Option('--regex-over <form>', 'what --regex matches').choices(['national', 'e164']))
      .addOption(new Option('--toll-free-prefix <prefix>', 'toll-free prefix').choices([...TOLL_FREE_PREFIXES]))
      .option('-n, --limit <n>', 'numbers to return', integerOption('--limit', 1, 1000), 20)
      .option('--max-pages <n>', 'carrier pages to examine at most', integerOption('--max-pages', 1, 1000), 20)
      .option('--page-size <n>', 'numbers per carrier page', integerOption('--page-size', 1, 1000), 200)
      .addOption(new Option('--rank <order>', 'result order').choices(['carrier', 'memorability']).default('carrier'))
      .option('--currency <ISO>', 'show prices in this currency (needs --rates unless USD)', 'USD')
      .option('--rates <file>', 'exchange rates table (JSON: {"base":"USD","date":"2026-11-01","rates":{"EUR":0.92}})')
      .option('--no-prices', 'skip the pricing lookup')
      .option('--json', 'print JSON instead of a table'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ didops numbers search --country US --area-code 415 --capabilities voice,sms
  $ didops numbers search --country US --type toll-free --vanity FLOWERS --vanity-at-end
  $ didops numbers search --country US --suffix 7777 --rank memorability
  $ didops numbers search --country GB --region Scotland --currency EUR --rates rates.json
  $ didops numbers search --country US --area-code 415 --regex '(00|11|22)\\d{2}$' --max-pages 50 --json
  $ didops numbers search --carrier telnyx --country US --area-code 312 --suffix 00
${CARRIER_HELP}

Both carriers take the same criteria. The carrier filters on geography, type and capabilities, and on the
pattern where its API can say it without losing a match (Twilio: Contains=…; Telnyx:
filter[phone_number][starts_with|ends_with|contains]=…); didops checks patterns and capabilities itself on each
page, the same way on both. The summary line says which pattern filter was sent.
Telnyx can neither filter on nor report postal codes, distance and address requirements, so --postal-code,
--near and --exclude-address are refused with --carrier telnyx rather than ignored.`,
    )
    .action(async (f: SearchFlags) => {
      try {
        const carrier = carrierFrom(f, io.env);
        const criteria = criteriaFromFlags(f);
        const table = f.rates ? loadRatesTable(readFileSync(f.rates, 'utf8'), f.rates) : undefined;
        const prices = f.prices ? new NumberPriceBook(carrier, { currency: f.currency, rates: table }) : undefined;
        const outcome = await searchNumbers(carrier, criteria, {
          prices,
          onProgress: (p) => progressLine(`page ${p.pages}: ${p.examined} examined, ${p.found} found`),
        });
        progressLine('');
        if (f.json) {
          print(JSON.stringify(outcome, null, 2));
          return;
        }
        const out = new Table({ head: ['number', 'region', 'locality', 'type', 'capabilities', 'price / month', 'score'], style: PLAIN });
        for (const n of outcome.results) {
          out.push([
            n.friendlyName === n.phoneNumber ? n.phoneNumber : `${n.phoneNumber}  ${n.friendlyName}`,
            n.region ?? '', n.locality ?? '', n.type,
            Object.entries(n.capabilities).filter(([, on]) => on).map(([k]) => k).join(','),
            n.price ? formatMoney(n.price.monthly) : '', String(n.score.score),
          ]);
        }
        print(out.toString());
        print(
          `${outcome.results.length} found; examined ${outcome.examined} candidates in ${outcome.pages} page(s)` +
            { limit: '', exhausted: ' (every candidate the carrier offered)', budget: ' (page budget spent; raise --max-pages to look further)' }[outcome.stoppedBecause] +
            pushdownWords(outcome, carrier.traits.label) +
            `${outcome.ratesDate ? `; rates of ${outcome.ratesDate}` : ''}.`,
        );
      } catch (err) {
        throw inFlags(err);
      }
    });

  withCarrierOptions(
    numbers
      .command('check')
      .description('Say which numbers are available now, owned by the account, or taken (one number per line; - reads stdin).')
      .argument('<file>', 'file with one number per line (or CSV, first column), or - for standard input')
      .option('--concurrency <n>', 'carrier requests in flight at once', integerOption('--concurrency', 1, 16), 4)
      .option('--default-country <ISO>', 'country of numbers written without +country code (e.g. US for 415 555 0100)')
      .option('--json', 'print JSON instead of a table'),
  )
    .addHelpText('after', `
Examples:
  $ didops numbers check numbers.txt
  $ printf '+14155550100\\n+442071234567\\n' | didops numbers check - --json
  $ didops numbers check numbers.txt --carrier telnyx
${CARRIER_HELP}`)
    .action(async (file: string, f: CarrierFlags & { concurrency: number; defaultCountry?: string; json?: boolean }) => {
      const text = file === '-' ? io.readStdin() : readFileSync(file, 'utf8');
      const lines = text.split(/\r?\n/).map((line) => line.split(',')[0].trim()).filter((line) => line && !line.startsWith('#'));
      // A CSV's header row ("number", "phone") has no digits; anything else is a number to check, however malformed.
      const inputs = lines.length > 0 && !/\d/.test(lines[0]) ? lines.slice(1) : lines;
      const carrier = carrierFrom(f, io.env);
      const results = await checkAvailability(carrier, inputs, {
        concurrency: f.concurrency,
        defaultCountry: f.defaultCountry,
        onProgress: (done, total) => progressLine(`checked ${done}/${total}`),
      });
      progressLine('');
      if (f.json) {
        print(JSON.stringify(results, null, 2));
        return;
      }
      const out = new Table({ head: ['number', 'status', 'detail'], style: PLAIN });
      for (const r of results) out.push([r.number ?? r.input, r.status, r.sid ?? r.reason ?? '']);
      print(out.toString());
      const count = (s: string) => results.filter((r) => r.status === s).length;
      print(`${count('available')} available, ${count('owned')} owned, ${count('taken')} taken, ${count('invalid')} invalid.`);
    });
}
