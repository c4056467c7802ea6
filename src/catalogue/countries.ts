/**
 * didops' country catalogue: which number types each country offers, what they cost,
 * what address they need, what they can do, which national prefixes the numbers come from,
 * and the per-minute voice prices the Pricing v1 API serves.
 *
 * Prices are in USD and modelled on public carrier price lists of the mid-2020s; they only
 * need to be plausible and stable. Every national prefix here was chosen so that *any*
 * completion to the stated length is a valid number of the stated type in libphonenumber
 * (the unit tests prove it), which lets the sandbox's generator build numbers without parsing them.
 * Number search validates countries, types and regions against the same data.
 */

/** The three kinds of number the AvailablePhoneNumbers API searches. */
export type NumberType = 'local' | 'mobile' | 'tollFree';

/** Every number type, in the order Twilio lists them. */
export const NUMBER_TYPES: readonly NumberType[] = ['local', 'mobile', 'tollFree'];

/** Whether buying a number needs an address on file, and where that address must be. */
export type AddressRequirement = 'none' | 'any' | 'local' | 'foreign';

/** What a number can do. */
export interface Capabilities {
  readonly voice: boolean;
  readonly sms: boolean;
  readonly mms: boolean;
  readonly fax: boolean;
}

/** A run of numbers: every national significant number starting with `prefix` and `length` digits long. */
export interface NumberBlock {
  /** Leading digits of the national significant number (no trunk prefix, no country code). */
  readonly prefix: string;
  /** Total digits of the national significant number. */
  readonly length: number;
}

/** A town whose local numbers come from its area code's blocks. */
export interface Locality {
  /** City or town name as people there write it. */
  readonly name: string;
  /** A postal code in the centre, or null where the country has none in common use. */
  readonly postalCode: string | null;
  /** Approximate latitude of the centre. */
  readonly latitude: number;
  /** Approximate longitude of the centre. */
  readonly longitude: number;
  /** The national destination code that identifies the area (shown as `areaCode`). */
  readonly areaCode: string;
  /** Blocks inside that area code that numbers are drawn from. */
  readonly blocks: readonly NumberBlock[];
}

/** A first-level subdivision (state, region, county...) as the country names it. */
export interface Region {
  /** Name or code the country itself uses, e.g. "Bayern", "NSW", "Île-de-France". */
  readonly name: string;
  /** Towns in the region that local numbers are presented as belonging to. */
  readonly localities: readonly Locality[];
}

/** Commercial terms of one number type in one country. */
export interface NumberOffer {
  /** Monthly rental in USD, as a decimal string ("1.15"). */
  readonly monthlyPrice: string;
  /** Address that must be on file before the number can be bought. */
  readonly addressRequirements: AddressRequirement;
  /** Whether the type is still offered as beta. */
  readonly beta: boolean;
  /** What numbers of this type can do. */
  readonly capabilities: Capabilities;
  /** Per-minute price in USD of receiving a call on such a number. */
  readonly inboundVoicePrice: string;
}

/** A per-minute outbound voice price for destinations that start with any of `prefixes`. */
export interface OutboundPrefixPrice {
  /** Human label, e.g. "United Kingdom - Mobile". */
  readonly friendlyName: string;
  /** E.164 digit prefixes including the country code, e.g. ["447"]. */
  readonly prefixes: readonly string[];
  /** Per-minute price in USD. */
  readonly price: string;
}

/** Everything didops knows about one country. */
export interface CountryEntry {
  /** ISO 3166-1 alpha-2 code. */
  readonly isoCountry: string;
  /** English short name. */
  readonly name: string;
  /** Country calling code without "+". */
  readonly callingCode: string;
  /** Share of the non-NANP inventory relative to other countries (NANP shares are fixed). */
  readonly weight: number;
  /** Number types offered, with their terms. */
  readonly offers: Readonly<Partial<Record<NumberType, NumberOffer>>>;
  /** Regions and towns that local numbers come from (empty for NANP, see north-america.ts). */
  readonly regions: readonly Region[];
  /** Blocks mobile numbers come from (empty for NANP). */
  readonly mobileBlocks: readonly NumberBlock[];
  /** Blocks toll-free numbers come from (empty for NANP). */
  readonly tollFreeBlocks: readonly NumberBlock[];
  /** Outbound voice prices by destination prefix. */
  readonly outbound: readonly OutboundPrefixPrice[];
}

/** One row of the AvailablePhoneNumbers country list. */
export interface CountryInfo {
  /** ISO 3166-1 alpha-2 code. */
  readonly isoCountry: string;
  /** English short name. */
  readonly name: string;
  /** Country calling code without "+". */
  readonly callingCode: string;
  /** Number types offered, in NUMBER_TYPES order. */
  readonly numberTypes: readonly NumberType[];
  /** True when every offered type is still beta. */
  readonly beta: boolean;
}

/** Per-minute voice prices of one country, shaped for Pricing v1 Voice. */
export interface VoicePrices {
  /** ISO 3166-1 alpha-2 code. */
  readonly isoCountry: string;
  /** English short name. */
  readonly name: string;
  /** Currency of every price. */
  readonly priceUnit: 'USD';
  /** Price of receiving a call, per number type offered. */
  readonly inbound: readonly { readonly numberType: NumberType; readonly price: string }[];
  /** Price of calling out, by destination prefix. */
  readonly outbound: readonly OutboundPrefixPrice[];
}

// ---------------------------------------------------------------------------------------------
// Authoring helpers: the table below is long, so it is written in a compact form and expanded
// once at load time. A block is written "prefix" (type's default length) or "prefix:length".

const VOICE: Capabilities = { voice: true, sms: false, mms: false, fax: false };
const VOICE_FAX: Capabilities = { voice: true, sms: false, mms: false, fax: true };
const VOICE_SMS: Capabilities = { voice: true, sms: true, mms: false, fax: false };
const VOICE_SMS_MMS: Capabilities = { voice: true, sms: true, mms: true, fax: false };
const VOICE_SMS_FAX: Capabilities = { voice: true, sms: true, mms: false, fax: true };
const ALL: Capabilities = { voice: true, sms: true, mms: true, fax: true };

interface OfferSpec {
  /** Default national number length for this type's blocks. */
  length: number;
  price: string;
  address: AddressRequirement;
  caps: Capabilities;
  inbound: string;
  beta?: boolean;
}

interface BlockedOfferSpec extends OfferSpec {
  blocks: string[];
}

interface LocalitySpec {
  name: string;
  postalCode: string | null;
  latitude: number;
  longitude: number;
  areaCode: string;
  blocks: string[];
}

interface CountrySpec {
  iso: string;
  name: string;
  cc: string;
  weight: number;
  local?: OfferSpec & { regions: [string, LocalitySpec[]][] };
  mobile?: BlockedOfferSpec;
  tollFree?: BlockedOfferSpec;
  /** [label, per-minute USD, space-separated national prefixes ("" = whole country)]. */
  outbound: [string, string, string][];
}

/** A town; `blocks` default to the whole area code. */
function place(
  name: string,
  postalCode: string | null,
  latitude: number,
  longitude: number,
  areaCode: string,
  ...blocks: string[]
): LocalitySpec {
  return { name, postalCode, latitude, longitude, areaCode, blocks: blocks.length > 0 ? blocks : [areaCode] };
}

function parseBlock(spec: string, defaultLength: number): NumberBlock {
  const [prefix = '', written] = spec.split(':');
  const length = written === undefined ? defaultLength : Number(written);
  const free = length - prefix.length;
  // The generator permutes at most 10^9 suffixes per block with exact double arithmetic.
  if (!/^\d+$/.test(prefix) || !Number.isInteger(length) || free < 1 || free > 9) {
    throw new Error(`number block "${spec}" must be digits leaving 1 to 9 free digits of ${length}; fix the catalogue entry`);
  }
  return { prefix, length };
}

// ---------------------------------------------------------------------------------------------
// The catalogue. US and CA carry no blocks here: their numbers come from north-america.ts.

const SPECS: CountrySpec[] = [
  {
    iso: 'US', name: 'United States', cc: '1', weight: 0,
    local: { length: 10, price: '1.15', address: 'none', caps: ALL, inbound: '0.0085', regions: [] },
    mobile: { length: 10, price: '1.15', address: 'none', caps: VOICE_SMS_MMS, inbound: '0.0085', blocks: [] },
    tollFree: { length: 10, price: '2.15', address: 'none', caps: ALL, inbound: '0.0220', blocks: [] },
    outbound: [['United States', '0.0140', ''], ['United States - Alaska', '0.0950', '907'], ['United States - Hawaii', '0.0140', '808']],
  },
  {
    iso: 'CA', name: 'Canada', cc: '1', weight: 0,
    local: { length: 10, price: '1.15', address: 'none', caps: ALL, inbound: '0.0085', regions: [] },
    mobile: { length: 10, price: '1.15', address: 'none', caps: VOICE_SMS_MMS, inbound: '0.0085', blocks: [] },
    tollFree: { length: 10, price: '2.15', address: 'none', caps: VOICE_SMS_FAX, inbound: '0.0220', blocks: [] },
    outbound: [['Canada', '0.0140', ''], ['Canada - Northern Territories', '0.0700', '867']],
  },
  {
    iso: 'GB', name: 'United Kingdom', cc: '44', weight: 6,
    local: {
      length: 10, price: '1.15', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['England', [
          place('London', 'EC1A 1BB', 51.51, -0.13, '20', '203', '207', '208'),
          place('Manchester', 'M1 1AE', 53.48, -2.24, '161'),
          place('Birmingham', 'B1 1BB', 52.48, -1.9, '121', '1212', '1214', '1216'),
          place('Leeds', 'LS1 1UR', 53.8, -1.55, '113', '1132', '1133', '1134'),
          place('Bristol', 'BS1 4DJ', 51.45, -2.59, '117', '1179'),
          place('Liverpool', 'L1 8JQ', 53.41, -2.98, '151'),
          place('Newcastle upon Tyne', 'NE1 7RU', 54.97, -1.61, '191', '1912', '1913', '1914'),
        ]],
        ['Scotland', [
          place('Glasgow', 'G1 1XQ', 55.86, -4.25, '141'),
          place('Edinburgh', 'EH1 1YZ', 55.95, -3.19, '131', '1312', '1313', '1314', '1315', '1316'),
        ]],
        ['Wales', [place('Cardiff', 'CF10 1EP', 51.48, -3.18, '29', '2920')]],
        ['Northern Ireland', [place('Belfast', 'BT1 5GS', 54.6, -5.93, '28', '2890')]],
      ],
    },
    mobile: { length: 10, price: '1.15', address: 'none', caps: VOICE_SMS, inbound: '0.0100', blocks: ['740', '741', '742', '743', '744', '747', '748', '749', '751', '753', '754', '755', '756', '757', '758', '759', '771', '772', '773', '774', '775', '776', '777', '780', '781', '784', '785', '786', '787', '788', '789', '790', '792', '794', '795', '796', '797', '798', '799'] },
    tollFree: { length: 10, price: '2.15', address: 'none', caps: VOICE, inbound: '0.0400', blocks: ['800', '808'] },
    outbound: [['United Kingdom', '0.0140', ''], ['United Kingdom - Mobile', '0.0370', '7'], ['United Kingdom - Non-geographic', '0.0500', '3 8']],
  },
  {
    iso: 'DE', name: 'Germany', cc: '49', weight: 4,
    local: {
      length: 10, price: '1.50', address: 'local', caps: VOICE_FAX, inbound: '0.0100', regions: [
        ['Berlin', [place('Berlin', '10117', 52.52, 13.4, '30')]],
        ['Hamburg', [place('Hamburg', '20095', 53.55, 10.0, '40')]],
        ['Bayern', [place('München', '80331', 48.14, 11.58, '89'), place('Nürnberg', '90402', 49.45, 11.08, '911')]],
        ['Nordrhein-Westfalen', [
          place('Köln', '50667', 50.94, 6.96, '221'),
          place('Düsseldorf', '40213', 51.23, 6.78, '211'),
          place('Dortmund', '44137', 51.51, 7.47, '231'),
        ]],
        ['Hessen', [place('Frankfurt am Main', '60311', 50.11, 8.68, '69')]],
        ['Baden-Württemberg', [place('Stuttgart', '70173', 48.78, 9.18, '711'), place('Mannheim', '68159', 49.49, 8.47, '621')]],
        ['Sachsen', [place('Dresden', '01067', 51.05, 13.74, '351'), place('Leipzig', '04109', 51.34, 12.37, '341')]],
        ['Niedersachsen', [place('Hannover', '30159', 52.37, 9.74, '511')]],
        ['Bremen', [place('Bremen', '28195', 53.08, 8.81, '421')]],
      ],
    },
    mobile: { length: 11, price: '3.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['151', '152', '157', '159', '160:10', '170:10', '171:10', '172:10', '173:10', '174:10', '175:10', '176', '177', '178', '179'] },
    tollFree: { length: 10, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Germany', '0.0240', ''], ['Germany - Mobile', '0.1000', '15 16 17']],
  },
  {
    iso: 'FR', name: 'France', cc: '33', weight: 4,
    local: {
      length: 9, price: '1.50', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Île-de-France', [place('Paris', '75001', 48.86, 2.35, '1', '14', '15'), place('Versailles', '78000', 48.8, 2.13, '1', '139')]],
        ['Auvergne-Rhône-Alpes', [place('Lyon', '69001', 45.76, 4.84, '4', '472', '478'), place('Grenoble', '38000', 45.19, 5.72, '4', '476')]],
        ["Provence-Alpes-Côte d'Azur", [place('Marseille', '13001', 43.3, 5.37, '4', '491'), place('Nice', '06000', 43.7, 7.27, '4', '493')]],
        ['Occitanie', [place('Toulouse', '31000', 43.6, 1.44, '5', '561'), place('Montpellier', '34000', 43.61, 3.88, '4', '467')]],
        ['Nouvelle-Aquitaine', [place('Bordeaux', '33000', 44.84, -0.58, '5', '556')]],
        ['Hauts-de-France', [place('Lille', '59000', 50.63, 3.06, '3', '320')]],
        ['Grand Est', [place('Strasbourg', '67000', 48.58, 7.75, '3', '388')]],
        ['Pays de la Loire', [place('Nantes', '44000', 47.22, -1.55, '2', '240')]],
        ['Bretagne', [place('Rennes', '35000', 48.11, -1.68, '2', '299')]],
      ],
    },
    mobile: { length: 9, price: '3.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['60', '61', '62', '64', '65', '66', '67', '68', '695', '698', '699', '73', '74', '75', '76', '77', '78'] },
    tollFree: { length: 9, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800', '805'] },
    outbound: [['France', '0.0210', ''], ['France - Mobile', '0.0900', '6 7']],
  },
  {
    iso: 'NL', name: 'Netherlands', cc: '31', weight: 2,
    local: {
      length: 9, price: '1.15', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Noord-Holland', [place('Amsterdam', '1012 JS', 52.37, 4.9, '20'), place('Haarlem', '2011 HP', 52.38, 4.64, '23')]],
        ['Zuid-Holland', [place('Rotterdam', '3011 AD', 51.92, 4.48, '10'), place('Den Haag', '2511 BT', 52.08, 4.31, '70')]],
        ['Utrecht', [place('Utrecht', '3511 LX', 52.09, 5.12, '30')]],
        ['Noord-Brabant', [place('Eindhoven', '5611 AB', 51.44, 5.48, '40')]],
        ['Groningen', [place('Groningen', '9711 LM', 53.22, 6.57, '50')]],
      ],
    },
    mobile: { length: 9, price: '5.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['61', '62', '63', '64', '65'] },
    tollFree: { length: 7, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Netherlands', '0.0200', ''], ['Netherlands - Mobile', '0.1100', '6']],
  },
  {
    iso: 'BE', name: 'Belgium', cc: '32', weight: 1.5,
    local: {
      length: 8, price: '1.15', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Brussels-Capital Region', [place('Brussels', '1000', 50.85, 4.35, '2', '22', '25', '26')]],
        ['Flanders', [place('Antwerp', '2000', 51.22, 4.4, '3', '32', '33', '34'), place('Ghent', '9000', 51.05, 3.72, '9', '92', '93', '94'), place('Leuven', '3000', 50.88, 4.7, '16')]],
        ['Wallonia', [place('Liège', '4000', 50.63, 5.57, '4', '42', '43'), place('Charleroi', '6000', 50.41, 4.44, '71')]],
      ],
    },
    mobile: { length: 9, price: '3.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['47', '48', '49'] },
    tollFree: { length: 8, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['8001', '8002', '8003', '8004', '8005', '8006', '8007', '8008', '8009'] },
    outbound: [['Belgium', '0.0250', ''], ['Belgium - Mobile', '0.1200', '4']],
  },
  {
    iso: 'ES', name: 'Spain', cc: '34', weight: 2.5,
    local: {
      length: 9, price: '1.15', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Comunidad de Madrid', [place('Madrid', '28013', 40.42, -3.7, '91')]],
        ['Cataluña', [place('Barcelona', '08002', 41.39, 2.17, '93')]],
        ['Comunidad Valenciana', [place('Valencia', '46002', 39.47, -0.38, '96', '963'), place('Alicante', '03001', 38.35, -0.48, '96', '965')]],
        ['Andalucía', [place('Sevilla', '41001', 37.39, -5.99, '954'), place('Málaga', '29001', 36.72, -4.42, '952')]],
        ['País Vasco', [place('Bilbao', '48001', 43.26, -2.93, '94', '944')]],
        ['Aragón', [place('Zaragoza', '50001', 41.65, -0.88, '976')]],
      ],
    },
    mobile: { length: 9, price: '3.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['60', '61', '62', '63', '64', '65', '66', '67', '68', '69', '71', '72', '73', '74'] },
    tollFree: { length: 9, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['900', '800'] },
    outbound: [['Spain', '0.0200', ''], ['Spain - Mobile', '0.0500', '6 7']],
  },
  {
    iso: 'IT', name: 'Italy', cc: '39', weight: 2.5,
    local: {
      length: 10, price: '1.50', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Lazio', [place('Roma', '00184', 41.9, 12.5, '06', '064', '065', '068')]],
        ['Lombardia', [place('Milano', '20121', 45.46, 9.19, '02'), place('Bergamo', '24121', 45.7, 9.67, '035')]],
        ['Campania', [place('Napoli', '80133', 40.85, 14.27, '081')]],
        ['Piemonte', [place('Torino', '10121', 45.07, 7.69, '011')]],
        ['Toscana', [place('Firenze', '50122', 43.77, 11.26, '055')]],
        ['Emilia-Romagna', [place('Bologna', '40121', 44.49, 11.34, '051')]],
        ['Sicilia', [place('Palermo', '90133', 38.12, 13.36, '091')]],
      ],
    },
    mobile: { length: 10, price: '6.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['320', '328', '329', '330', '333', '334', '335', '338', '339', '340', '342', '345', '346', '347', '348', '349', '366', '380', '388', '389', '391', '392', '393'] },
    tollFree: { length: 9, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Italy', '0.0200', ''], ['Italy - Mobile', '0.0800', '3']],
  },
  {
    iso: 'PT', name: 'Portugal', cc: '351', weight: 1.2,
    local: {
      length: 9, price: '1.50', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Lisboa', [place('Lisboa', '1100-148', 38.72, -9.14, '21')]],
        ['Porto', [place('Porto', '4000-322', 41.15, -8.61, '22')]],
        ['Braga', [place('Braga', '4700-435', 41.55, -8.42, '253')]],
        ['Coimbra', [place('Coimbra', '3000-143', 40.21, -8.43, '239')]],
        ['Faro', [place('Faro', '8000-138', 37.02, -7.93, '289')]],
      ],
    },
    mobile: { length: 9, price: '4.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['91', '92', '93', '96'] },
    tollFree: { length: 9, price: '20.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Portugal', '0.0250', ''], ['Portugal - Mobile', '0.0600', '9']],
  },
  {
    iso: 'IE', name: 'Ireland', cc: '353', weight: 1.5,
    local: {
      length: 9, price: '1.50', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Dublin', [place('Dublin', 'D02', 53.35, -6.26, '1', '1:8')]],
        ['Cork', [place('Cork', 'T12', 51.9, -8.47, '21')]],
        ['Galway', [place('Galway', 'H91', 53.27, -9.05, '91', '91:8')]],
        ['Limerick', [place('Limerick', 'V94', 52.66, -8.63, '61', '61:8')]],
        ['Waterford', [place('Waterford', 'X91', 52.26, -7.11, '51', '51:8')]],
      ],
    },
    mobile: { length: 9, price: '3.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['83', '85', '86', '87', '89'] },
    tollFree: { length: 10, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['1800'] },
    outbound: [['Ireland', '0.0250', ''], ['Ireland - Mobile', '0.0800', '8']],
  },
  {
    iso: 'AT', name: 'Austria', cc: '43', weight: 1.2,
    local: {
      length: 10, price: '2.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Wien', [place('Wien', '1010', 48.21, 16.37, '1', '12:9', '14:9', '15:9', '17:9')]],
        ['Steiermark', [place('Graz', '8010', 47.07, 15.44, '316')]],
        ['Oberösterreich', [place('Linz', '4020', 48.31, 14.29, '732')]],
        ['Salzburg', [place('Salzburg', '5020', 47.81, 13.04, '662')]],
        ['Tirol', [place('Innsbruck', '6020', 47.27, 11.39, '512')]],
      ],
    },
    mobile: { length: 10, price: '4.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['650', '660', '664', '676', '680', '699'] },
    tollFree: { length: 9, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Austria', '0.0300', ''], ['Austria - Mobile', '0.1000', '6']],
  },
  {
    iso: 'CH', name: 'Switzerland', cc: '41', weight: 1.5,
    local: {
      length: 9, price: '3.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['ZH', [place('Zürich', '8001', 47.37, 8.54, '44')]],
        ['GE', [place('Genève', '1201', 46.2, 6.14, '22')]],
        ['BS', [place('Basel', '4051', 47.56, 7.59, '61')]],
        ['BE', [place('Bern', '3011', 46.95, 7.45, '31')]],
        ['VD', [place('Lausanne', '1003', 46.52, 6.63, '21')]],
        ['TI', [place('Lugano', '6900', 46.0, 8.95, '91')]],
      ],
    },
    mobile: { length: 9, price: '10.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['76', '77', '78', '79'] },
    tollFree: { length: 9, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Switzerland', '0.0350', ''], ['Switzerland - Mobile', '0.2200', '7']],
  },
  {
    iso: 'SE', name: 'Sweden', cc: '46', weight: 1.5,
    local: {
      length: 9, price: '1.50', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Stockholms län', [place('Stockholm', '111 20', 59.33, 18.07, '8')]],
        ['Västra Götalands län', [place('Göteborg', '411 03', 57.71, 11.97, '31')]],
        ['Skåne län', [place('Malmö', '211 20', 55.6, 13.0, '40')]],
        ['Uppsala län', [place('Uppsala', '753 20', 59.86, 17.64, '18')]],
      ],
    },
    mobile: { length: 9, price: '3.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['70', '72', '73', '76', '79'] },
    tollFree: { length: 9, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['20'] },
    outbound: [['Sweden', '0.0150', ''], ['Sweden - Mobile', '0.0500', '7']],
  },
  {
    iso: 'NO', name: 'Norway', cc: '47', weight: 1.2,
    local: {
      length: 8, price: '5.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Oslo', [place('Oslo', '0150', 59.91, 10.75, '2', '22', '23')]],
        ['Vestland', [place('Bergen', '5003', 60.39, 5.32, '55')]],
        ['Trøndelag', [place('Trondheim', '7011', 63.43, 10.4, '73')]],
        ['Rogaland', [place('Stavanger', '4006', 58.97, 5.73, '51')]],
      ],
    },
    mobile: { length: 8, price: '10.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['40', '41', '46', '47', '48', '90', '91', '92', '93', '94', '95', '96', '97', '98', '99'] },
    tollFree: { length: 8, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Norway', '0.0200', ''], ['Norway - Mobile', '0.0500', '4 9']],
  },
  {
    iso: 'DK', name: 'Denmark', cc: '45', weight: 1.2,
    local: {
      length: 8, price: '5.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Hovedstaden', [place('København', '1050', 55.68, 12.57, '33', '331', '332', '333', '336', '337'), place('Frederiksberg', '2000', 55.68, 12.53, '38', '381', '383', '386', '387')]],
        ['Midtjylland', [place('Aarhus', '8000', 56.16, 10.2, '86', '861', '862', '868')]],
        ['Syddanmark', [place('Odense', '5000', 55.4, 10.39, '66', '661', '666', '668', '669')]],
        ['Nordjylland', [place('Aalborg', '9000', 57.05, 9.92, '98', '981', '982', '983', '986')]],
      ],
    },
    mobile: { length: 8, price: '5.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['26', '27', '28', '201', '202', '203', '211', '212', '221', '222', '231', '241', '251', '291', '301', '311', '401', '411', '421', '501', '511', '521', '531', '601', '611', '711', '811', '911', '921', '931'] },
    tollFree: { length: 8, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['80'] },
    outbound: [['Denmark', '0.0200', ''], ['Denmark - Mobile', '0.0400', '2 3 4 5 6 7 8 9']],
  },
  {
    iso: 'FI', name: 'Finland', cc: '358', weight: 1.2,
    local: {
      length: 9, price: '3.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Uusimaa', [place('Helsinki', '00100', 60.17, 24.94, '9', '92', '94', '96')]],
        ['Pirkanmaa', [place('Tampere', '33100', 61.5, 23.76, '3', '32', '33')]],
        ['Varsinais-Suomi', [place('Turku', '20100', 60.45, 22.27, '2', '22', '23')]],
        ['Pohjois-Pohjanmaa', [place('Oulu', '90100', 65.01, 25.47, '8', '83', '88')]],
      ],
    },
    mobile: { length: 9, price: '5.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['40', '41', '44', '45', '46', '50'] },
    tollFree: { length: 9, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Finland', '0.0400', ''], ['Finland - Mobile', '0.1000', '4 50']],
  },
  {
    iso: 'PL', name: 'Poland', cc: '48', weight: 2,
    local: {
      length: 9, price: '2.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Mazowieckie', [place('Warszawa', '00-001', 52.23, 21.01, '22')]],
        ['Małopolskie', [place('Kraków', '31-001', 50.06, 19.94, '12')]],
        ['Dolnośląskie', [place('Wrocław', '50-001', 51.11, 17.03, '71')]],
        ['Wielkopolskie', [place('Poznań', '61-001', 52.41, 16.93, '61')]],
        ['Pomorskie', [place('Gdańsk', '80-001', 54.35, 18.65, '58')]],
        ['Łódzkie', [place('Łódź', '90-001', 51.76, 19.46, '42')]],
      ],
    },
    mobile: { length: 9, price: '3.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['50', '51', '53', '57', '60', '66', '69', '72', '73', '78', '79', '88'] },
    tollFree: { length: 9, price: '20.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Poland', '0.0200', ''], ['Poland - Mobile', '0.0400', '5 6 7 8']],
  },
  {
    iso: 'CZ', name: 'Czech Republic', cc: '420', weight: 1.2,
    local: {
      length: 9, price: '2.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Hlavní město Praha', [place('Praha', '110 00', 50.08, 14.42, '2')]],
        ['Jihomoravský kraj', [place('Brno', '602 00', 49.19, 16.61, '54')]],
        ['Moravskoslezský kraj', [place('Ostrava', '702 00', 49.82, 18.26, '59')]],
        ['Plzeňský kraj', [place('Plzeň', '301 00', 49.75, 13.38, '37')]],
      ],
    },
    mobile: { length: 9, price: '3.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['602', '603', '604', '605', '606', '607', '608', '72', '73', '77', '79'] },
    tollFree: { length: 9, price: '20.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Czech Republic', '0.0250', ''], ['Czech Republic - Mobile', '0.0700', '6 7']],
  },
  {
    iso: 'SK', name: 'Slovakia', cc: '421', weight: 1,
    local: {
      length: 9, price: '2.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Bratislavský kraj', [place('Bratislava', '811 01', 48.15, 17.11, '2', '22', '24', '25', '26', '29')]],
        ['Košický kraj', [place('Košice', '040 01', 48.72, 21.26, '55')]],
        ['Žilinský kraj', [place('Žilina', '010 01', 49.22, 18.74, '41')]],
        ['Banskobystrický kraj', [place('Banská Bystrica', '974 01', 48.74, 19.15, '48')]],
      ],
    },
    mobile: { length: 9, price: '4.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['901', '902', '903', '904', '905', '907', '908', '910', '911', '915', '917', '918', '919', '940', '944', '948', '949', '95'] },
    tollFree: { length: 9, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Slovakia', '0.0300', ''], ['Slovakia - Mobile', '0.1000', '9']],
  },
  {
    iso: 'HU', name: 'Hungary', cc: '36', weight: 1,
    local: {
      length: 8, price: '2.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Budapest', [place('Budapest', '1051', 47.5, 19.04, '1')]],
        ['Hajdú-Bihar', [place('Debrecen', '4024', 47.53, 21.63, '52')]],
        ['Csongrád-Csanád', [place('Szeged', '6720', 46.25, 20.15, '62')]],
        ['Baranya', [place('Pécs', '7621', 46.07, 18.23, '72')]],
        ['Győr-Moson-Sopron', [place('Győr', '9021', 47.69, 17.63, '96')]],
      ],
    },
    mobile: { length: 9, price: '4.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['20', '30', '31', '70'] },
    tollFree: { length: 8, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['80'] },
    outbound: [['Hungary', '0.0250', ''], ['Hungary - Mobile', '0.0900', '20 30 31 70']],
  },
  {
    iso: 'RO', name: 'Romania', cc: '40', weight: 1.2,
    local: {
      length: 9, price: '2.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['București', [place('București', '010011', 44.43, 26.1, '21')]],
        ['Cluj', [place('Cluj-Napoca', '400001', 46.77, 23.59, '264')]],
        ['Timiș', [place('Timișoara', '300001', 45.76, 21.23, '256')]],
        ['Iași', [place('Iași', '700001', 47.16, 27.59, '232')]],
        ['Constanța', [place('Constanța', '900001', 44.18, 28.65, '241')]],
      ],
    },
    mobile: { length: 9, price: '4.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['72', '73', '74', '75', '76', '77', '783', '784', '785', '786', '787', '788'] },
    tollFree: { length: 9, price: '20.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Romania', '0.0300', ''], ['Romania - Mobile', '0.0900', '7']],
  },
  {
    iso: 'BG', name: 'Bulgaria', cc: '359', weight: 1,
    local: {
      length: 8, price: '3.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Sofia City', [place('Sofia', '1000', 42.7, 23.32, '2')]],
        ['Plovdiv', [place('Plovdiv', '4000', 42.14, 24.75, '32')]],
        ['Varna', [place('Varna', '9000', 43.21, 27.91, '52')]],
        ['Burgas', [place('Burgas', '8000', 42.5, 27.47, '56')]],
      ],
    },
    mobile: { length: 9, price: '5.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['87', '88', '89', '98'] },
    outbound: [['Bulgaria', '0.0400', ''], ['Bulgaria - Mobile', '0.1500', '8 98']],
  },
  {
    iso: 'GR', name: 'Greece', cc: '30', weight: 1.2,
    local: {
      length: 10, price: '3.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Attica', [place('Athens', '105 57', 37.98, 23.73, '21', '210')]],
        ['Central Macedonia', [place('Thessaloniki', '546 24', 40.64, 22.94, '231')]],
        ['Western Greece', [place('Patras', '262 21', 38.25, 21.73, '261')]],
        ['Crete', [place('Heraklion', '712 02', 35.34, 25.14, '281')]],
      ],
    },
    mobile: { length: 10, price: '6.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['690', '693', '694', '695', '697', '698', '699'] },
    tollFree: { length: 10, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Greece', '0.0250', ''], ['Greece - Mobile', '0.1000', '69']],
  },
  {
    iso: 'HR', name: 'Croatia', cc: '385', weight: 1,
    local: {
      length: 8, price: '3.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Grad Zagreb', [place('Zagreb', '10000', 45.81, 15.98, '1')]],
        ['Splitsko-dalmatinska županija', [place('Split', '21000', 43.51, 16.44, '21')]],
        ['Primorsko-goranska županija', [place('Rijeka', '51000', 45.33, 14.44, '51')]],
        ['Osječko-baranjska županija', [place('Osijek', '31000', 45.55, 18.69, '31')]],
      ],
    },
    mobile: { length: 9, price: '5.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['91', '92', '95', '976', '977', '979', '98', '99'] },
    tollFree: { length: 9, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Croatia', '0.0400', ''], ['Croatia - Mobile', '0.1500', '9']],
  },
  {
    iso: 'SI', name: 'Slovenia', cc: '386', weight: 1,
    local: {
      length: 8, price: '3.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Osrednjeslovenska', [place('Ljubljana', '1000', 46.06, 14.51, '1', '12', '14', '15')]],
        ['Podravska', [place('Maribor', '2000', 46.56, 15.65, '2', '22', '23', '25')]],
        ['Savinjska', [place('Celje', '3000', 46.24, 15.27, '3', '34', '35', '37')]],
        ['Obalno-kraška', [place('Koper', '6000', 45.55, 13.73, '5', '56', '57')]],
      ],
    },
    mobile: { length: 8, price: '5.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['30', '31', '40', '41', '51', '64', '68', '70', '71'] },
    tollFree: { length: 8, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['80'] },
    outbound: [['Slovenia', '0.0500', ''], ['Slovenia - Mobile', '0.2000', '3 4 5 6 7']],
  },
  {
    iso: 'LT', name: 'Lithuania', cc: '370', weight: 1,
    local: {
      length: 8, price: '3.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Vilniaus apskritis', [place('Vilnius', '01100', 54.69, 25.28, '5', '52')]],
        ['Kauno apskritis', [place('Kaunas', '44280', 54.9, 23.89, '37')]],
        ['Klaipėdos apskritis', [place('Klaipėda', '92100', 55.71, 21.13, '46')]],
        ['Šiaulių apskritis', [place('Šiauliai', '76100', 55.93, 23.31, '41')]],
      ],
    },
    mobile: { length: 8, price: '4.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['6'] },
    tollFree: { length: 8, price: '20.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Lithuania', '0.0400', ''], ['Lithuania - Mobile', '0.1200', '6']],
  },
  {
    iso: 'LV', name: 'Latvia', cc: '371', weight: 1,
    local: {
      length: 8, price: '3.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Rīga', [place('Rīga', 'LV-1050', 56.95, 24.11, '67')]],
        ['Latgale', [place('Daugavpils', 'LV-5401', 55.87, 26.54, '65')]],
        ['Kurzeme', [place('Liepāja', 'LV-3401', 56.51, 21.01, '63')]],
        ['Vidzeme', [place('Valmiera', 'LV-4201', 57.54, 25.43, '64')]],
      ],
    },
    mobile: { length: 8, price: '4.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['20', '21', '22', '24', '25', '26', '27', '28', '29'] },
    outbound: [['Latvia', '0.0500', ''], ['Latvia - Mobile', '0.1500', '2']],
  },
  {
    iso: 'EE', name: 'Estonia', cc: '372', weight: 1,
    local: {
      length: 7, price: '3.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Harju maakond', [place('Tallinn', '10111', 59.44, 24.75, '6')]],
        ['Tartu maakond', [place('Tartu', '51003', 58.38, 26.72, '7', '73', '74')]],
        ['Pärnu maakond', [place('Pärnu', '80010', 58.39, 24.5, '44')]],
        ['Ida-Viru maakond', [place('Narva', '20308', 59.38, 28.19, '35')]],
      ],
    },
    mobile: { length: 8, price: '4.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['5'] },
    outbound: [['Estonia', '0.0400', ''], ['Estonia - Mobile', '0.2000', '5']],
  },
  {
    iso: 'LU', name: 'Luxembourg', cc: '352', weight: 1,
    local: {
      length: 8, price: '3.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Luxembourg', [place('Luxembourg', 'L-1118', 49.61, 6.13, '2', '22', '26', '27')]],
        ['Esch-sur-Alzette', [place('Esch-sur-Alzette', 'L-4001', 49.5, 5.98, '5', '54:6')]],
        ['Diekirch', [place('Diekirch', 'L-9201', 49.87, 6.16, '8', '802:6', '803:6', '804:6', '805:6', '808:6')]],
      ],
    },
    mobile: { length: 9, price: '6.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['621', '628', '661', '671', '691'] },
    tollFree: { length: 8, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Luxembourg', '0.0300', ''], ['Luxembourg - Mobile', '0.1500', '6']],
  },
  {
    iso: 'IS', name: 'Iceland', cc: '354', weight: 1,
    local: {
      length: 7, price: '10.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Höfuðborgarsvæðið', [place('Reykjavík', '101', 64.15, -21.94, '5', '51', '55', '520', '522', '530', '533')]],
        ['Norðurland eystra', [place('Akureyri', '600', 65.68, -18.09, '46')]],
        ['Suðurnes', [place('Keflavík', '230', 64.0, -22.56, '42', '420', '421', '422', '423')]],
      ],
    },
    mobile: { length: 7, price: '12.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['611', '612', '613', '620', '621', '660', '661', '69', '77', '820', '821', '84', '86', '89'] },
    outbound: [['Iceland', '0.0500', ''], ['Iceland - Mobile', '0.1500', '6 7 8']],
  },
  {
    iso: 'MT', name: 'Malta', cc: '356', weight: 1,
    local: {
      length: 8, price: '5.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Southern Harbour', [place('Valletta', 'VLT 1010', 35.9, 14.51, '21', '212')]],
        ['Northern Harbour', [place('Sliema', 'SLM 1549', 35.91, 14.5, '21', '213')]],
        ['Gozo and Comino', [place('Victoria', 'VCT 1000', 36.04, 14.24, '21', '2155', '2156')]],
      ],
    },
    mobile: { length: 8, price: '8.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['79', '99', '77'] },
    outbound: [['Malta', '0.0500', ''], ['Malta - Mobile', '0.2000', '7 9']],
  },
  {
    iso: 'CY', name: 'Cyprus', cc: '357', weight: 1,
    local: {
      length: 8, price: '5.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Nicosia', [place('Nicosia', '1010', 35.17, 33.36, '22')]],
        ['Limassol', [place('Limassol', '3025', 34.68, 33.04, '25')]],
        ['Larnaca', [place('Larnaca', '6023', 34.92, 33.63, '24')]],
        ['Paphos', [place('Paphos', '8010', 34.77, 32.42, '26')]],
      ],
    },
    mobile: { length: 8, price: '8.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['96', '97', '99'] },
    outbound: [['Cyprus', '0.0300', ''], ['Cyprus - Mobile', '0.0700', '9']],
  },
  {
    iso: 'IL', name: 'Israel', cc: '972', weight: 1.5,
    local: {
      length: 8, price: '5.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Tel Aviv District', [place('Tel Aviv', '6120101', 32.08, 34.78, '3')]],
        ['Jerusalem District', [place('Jerusalem', '9414101', 31.77, 35.21, '2', '25', '26', '27')]],
        ['Haifa District', [place('Haifa', '3303101', 32.79, 34.99, '4')]],
        ['Southern District', [place('Beersheba', '8410501', 31.25, 34.79, '8')]],
      ],
    },
    mobile: { length: 9, price: '8.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['502', '505', '507', '522', '523', '524', '525', '526', '527', '528', '53', '542', '543', '544', '545', '546', '547', '548', '549', '585', '586', '587'], beta: true },
    tollFree: { length: 10, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['1800'] },
    outbound: [['Israel', '0.0200', ''], ['Israel - Mobile', '0.0500', '5']],
  },
  {
    iso: 'ZA', name: 'South Africa', cc: '27', weight: 1.5,
    local: {
      length: 9, price: '3.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Gauteng', [place('Johannesburg', '2001', -26.2, 28.05, '11'), place('Pretoria', '0002', -25.75, 28.19, '12')]],
        ['Western Cape', [place('Cape Town', '8001', -33.92, 18.42, '21')]],
        ['KwaZulu-Natal', [place('Durban', '4001', -29.86, 31.02, '31')]],
        ['Eastern Cape', [place('Gqeberha', '6001', -33.96, 25.6, '41')]],
        ['Free State', [place('Bloemfontein', '9301', -29.12, 26.21, '51')]],
      ],
    },
    mobile: { length: 9, price: '5.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['60', '61', '62', '63', '64', '71', '72', '73', '74', '76', '78', '79', '81', '82', '83', '84'] },
    tollFree: { length: 9, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['South Africa', '0.0400', ''], ['South Africa - Mobile', '0.1200', '6 7 8']],
  },
  {
    iso: 'MX', name: 'Mexico', cc: '52', weight: 3,
    local: {
      length: 10, price: '6.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Ciudad de México', [place('Ciudad de México', '06000', 19.43, -99.13, '55', '552', '553', '555', '556')]],
        ['Jalisco', [place('Guadalajara', '44100', 20.67, -103.35, '33', '331', '336')]],
        ['Nuevo León', [place('Monterrey', '64000', 25.69, -100.32, '81', '811', '818')]],
        ['Puebla', [place('Puebla', '72000', 19.04, -98.21, '222')]],
        ['Baja California', [place('Tijuana', '22000', 32.53, -117.04, '664')]],
        ['Yucatán', [place('Mérida', '97000', 20.97, -89.62, '999')]],
        ['Querétaro', [place('Querétaro', '76000', 20.59, -100.39, '442')]],
      ],
    },
    mobile: { length: 10, price: '6.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['554', '557', '558', '332', '333', '812', '813'] },
    tollFree: { length: 10, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Mexico', '0.0200', ''], ['Mexico - Mexico City', '0.0150', '55']],
  },
  {
    iso: 'BR', name: 'Brazil', cc: '55', weight: 3,
    local: {
      length: 10, price: '6.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['SP', [place('São Paulo', '01001-000', -23.55, -46.63, '11', '112', '113', '114', '115')]],
        ['RJ', [place('Rio de Janeiro', '20010-000', -22.91, -43.17, '21', '212', '213')]],
        ['MG', [place('Belo Horizonte', '30130-000', -19.92, -43.94, '31', '313', '314')]],
        ['DF', [place('Brasília', '70040-010', -15.79, -47.88, '61', '613')]],
        ['RS', [place('Porto Alegre', '90010-000', -30.03, -51.23, '51', '513')]],
        ['BA', [place('Salvador', '40020-000', -12.97, -38.5, '71', '713')]],
        ['PE', [place('Recife', '50030-230', -8.05, -34.88, '81', '813')]],
        ['PR', [place('Curitiba', '80010-000', -25.43, -49.27, '41', '413')]],
      ],
    },
    mobile: { length: 11, price: '8.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['119', '219', '319', '419', '619', '719', '819'] },
    tollFree: { length: 10, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Brazil', '0.0300', ''], ['Brazil - Mobile', '0.0800', '119 219 319 419 619 719 819']],
  },
  {
    iso: 'AR', name: 'Argentina', cc: '54', weight: 1.5,
    local: {
      length: 10, price: '6.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Ciudad Autónoma de Buenos Aires', [place('Buenos Aires', 'C1002', -34.6, -58.38, '11', '114', '115', '116')]],
        ['Córdoba', [place('Córdoba', 'X5000', -31.42, -64.18, '351', '3514', '3515')]],
        ['Santa Fe', [place('Rosario', 'S2000', -32.95, -60.64, '341', '3414', '3415')]],
        ['Mendoza', [place('Mendoza', 'M5500', -32.89, -68.83, '261', '2614', '2615')]],
        ['Buenos Aires', [place('La Plata', 'B1900', -34.92, -57.95, '221', '2214', '2215')]],
      ],
    },
    mobile: { length: 11, price: '10.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['9114', '9115', '9116', '93514', '93515', '93414', '93415'], beta: true },
    tollFree: { length: 10, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Argentina', '0.0300', ''], ['Argentina - Mobile', '0.1500', '9']],
  },
  {
    iso: 'CL', name: 'Chile', cc: '56', weight: 1.5,
    local: {
      length: 9, price: '6.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Región Metropolitana de Santiago', [place('Santiago', '8320000', -33.45, -70.67, '2', '22')]],
        ['Región de Valparaíso', [place('Valparaíso', '2340000', -33.05, -71.62, '32')]],
        ['Región del Biobío', [place('Concepción', '4030000', -36.83, -73.05, '41')]],
        ['Región de Antofagasta', [place('Antofagasta', '1240000', -23.65, -70.4, '55')]],
      ],
    },
    mobile: { length: 9, price: '8.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['92', '94', '95', '98'] },
    tollFree: { length: 9, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Chile', '0.0250', ''], ['Chile - Mobile', '0.0600', '9']],
  },
  {
    iso: 'CO', name: 'Colombia', cc: '57', weight: 1.5,
    local: {
      length: 10, price: '6.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Bogotá D.C.', [place('Bogotá', '110111', 4.71, -74.07, '601', '6012', '6013', '6017')]],
        ['Antioquia', [place('Medellín', '050001', 6.24, -75.58, '604', '6042', '6043', '6044')]],
        ['Valle del Cauca', [place('Cali', '760001', 3.45, -76.53, '602', '6023', '6024', '6025')]],
        ['Atlántico', [place('Barranquilla', '080001', 10.96, -74.8, '605', '6053', '6054', '6055')]],
        ['Santander', [place('Bucaramanga', '680001', 7.12, -73.12, '607', '6076', '6077')]],
      ],
    },
    mobile: { length: 10, price: '8.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['300', '301', '310', '311', '312', '313', '315', '316', '317', '318', '320', '321', '350'] },
    tollFree: { length: 11, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['1800'] },
    outbound: [['Colombia', '0.0200', ''], ['Colombia - Mobile', '0.0400', '3']],
  },
  {
    iso: 'PE', name: 'Peru', cc: '51', weight: 1.2,
    local: {
      length: 8, price: '6.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Lima', [place('Lima', '15001', -12.05, -77.04, '1', '12', '14', '16')]],
        ['Arequipa', [place('Arequipa', '04001', -16.4, -71.54, '54', '542', '543')]],
        ['La Libertad', [place('Trujillo', '13001', -8.11, -79.03, '44', '442', '446')]],
        ['Cusco', [place('Cusco', '08001', -13.53, -71.97, '84')]],
      ],
    },
    mobile: { length: 9, price: '8.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['9'] },
    tollFree: { length: 8, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Peru', '0.0250', ''], ['Peru - Mobile', '0.0700', '9']],
  },
  {
    iso: 'CR', name: 'Costa Rica', cc: '506', weight: 1,
    local: {
      length: 8, price: '8.00', address: 'local', caps: VOICE, inbound: '0.0100', beta: true, regions: [
        ['San José', [place('San José', '10101', 9.93, -84.08, '22', '222', '225')]],
        ['Alajuela', [place('Alajuela', '20101', 10.02, -84.21, '24', '244')]],
        ['Cartago', [place('Cartago', '30101', 9.86, -83.92, '25', '255')]],
        ['Guanacaste', [place('Liberia', '50101', 10.63, -85.44, '26', '266')]],
        ['Limón', [place('Limón', '70101', 9.99, -83.03, '27', '275')]],
      ],
    },
    mobile: { length: 8, price: '10.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', beta: true, blocks: ['60', '61', '70', '71', '72', '83', '84', '85', '86', '87', '88', '89'] },
    outbound: [['Costa Rica', '0.0400', ''], ['Costa Rica - Mobile', '0.0700', '6 7 8']],
  },
  {
    iso: 'PA', name: 'Panama', cc: '507', weight: 1,
    local: {
      length: 7, price: '8.00', address: 'local', caps: VOICE, inbound: '0.0100', beta: true, regions: [
        ['Panamá', [place('Panamá', null, 8.98, -79.52, '2', '22', '23', '26')]],
        ['Colón', [place('Colón', null, 9.36, -79.9, '4', '44')]],
        ['Chiriquí', [place('David', null, 8.43, -82.43, '7', '772', '774', '775')]],
      ],
    },
    mobile: { length: 8, price: '10.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', beta: true, blocks: ['6'] },
    outbound: [['Panama', '0.0400', ''], ['Panama - Mobile', '0.1000', '6']],
  },
  {
    iso: 'SV', name: 'El Salvador', cc: '503', weight: 1,
    local: {
      length: 8, price: '8.00', address: 'local', caps: VOICE, inbound: '0.0100', beta: true, regions: [
        ['San Salvador', [place('San Salvador', '1101', 13.69, -89.19, '22')]],
        ['Santa Ana', [place('Santa Ana', '2201', 13.99, -89.56, '24')]],
        ['San Miguel', [place('San Miguel', '3301', 13.48, -88.18, '26')]],
      ],
    },
    mobile: { length: 8, price: '10.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', beta: true, blocks: ['60', '61', '70', '71', '72', '73', '74', '75', '76', '77', '78', '79'] },
    outbound: [['El Salvador', '0.1200', ''], ['El Salvador - Mobile', '0.1800', '6 7']],
  },
  {
    iso: 'GT', name: 'Guatemala', cc: '502', weight: 1,
    local: {
      length: 8, price: '8.00', address: 'local', caps: VOICE, inbound: '0.0100', beta: true, regions: [
        ['Guatemala', [place('Ciudad de Guatemala', '01001', 14.63, -90.51, '2', '22', '23', '24')]],
        ['Quetzaltenango', [place('Quetzaltenango', '09001', 14.84, -91.52, '7', '776')]],
        ['Sacatepéquez', [place('Antigua Guatemala', '03001', 14.56, -90.73, '7', '783')]],
      ],
    },
    mobile: { length: 8, price: '10.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', beta: true, blocks: ['30', '31', '32', '40', '41', '42', '45', '46', '47', '48', '49', '50', '51', '52', '53', '54', '55', '56', '57', '58', '59'] },
    outbound: [['Guatemala', '0.1000', ''], ['Guatemala - Mobile', '0.1500', '3 4 5']],
  },
  {
    iso: 'EC', name: 'Ecuador', cc: '593', weight: 1,
    local: {
      length: 8, price: '8.00', address: 'local', caps: VOICE, inbound: '0.0100', beta: true, regions: [
        ['Pichincha', [place('Quito', '170150', -0.18, -78.47, '2', '22', '23', '24', '25', '26')]],
        ['Guayas', [place('Guayaquil', '090313', -2.19, -79.89, '4', '42', '43', '45', '46')]],
        ['Azuay', [place('Cuenca', '010150', -2.9, -79.0, '7', '72', '74')]],
      ],
    },
    mobile: { length: 9, price: '10.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', beta: true, blocks: ['958', '959', '960', '961', '962', '963', '966', '967', '968', '969', '978', '979', '98', '99'] },
    outbound: [['Ecuador', '0.1000', ''], ['Ecuador - Mobile', '0.2000', '9']],
  },
  {
    iso: 'UY', name: 'Uruguay', cc: '598', weight: 1,
    local: {
      length: 8, price: '8.00', address: 'local', caps: VOICE, inbound: '0.0100', beta: true, regions: [
        ['Montevideo', [place('Montevideo', '11000', -34.9, -56.19, '2')]],
        ['Maldonado', [place('Punta del Este', '20100', -34.96, -54.95, '42')]],
        ['Salto', [place('Salto', '50000', -31.39, -57.96, '473')]],
      ],
    },
    mobile: { length: 8, price: '10.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', beta: true, blocks: ['91', '92', '93', '94', '95', '96', '97', '98', '99'] },
    outbound: [['Uruguay', '0.0800', ''], ['Uruguay - Mobile', '0.2000', '9']],
  },
  {
    iso: 'AU', name: 'Australia', cc: '61', weight: 4,
    local: {
      length: 9, price: '3.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['NSW', [place('Sydney', '2000', -33.87, 151.21, '2', '28', '29'), place('Newcastle', '2300', -32.93, 151.78, '2', '249')]],
        ['VIC', [place('Melbourne', '3000', -37.81, 144.96, '3', '38', '39'), place('Geelong', '3220', -38.15, 144.36, '3', '352')]],
        ['QLD', [place('Brisbane', '4000', -27.47, 153.03, '7', '73'), place('Gold Coast', '4217', -28.0, 153.43, '7', '755')]],
        ['WA', [place('Perth', '6000', -31.95, 115.86, '8', '892', '893', '894')]],
        ['SA', [place('Adelaide', '5000', -34.93, 138.6, '8', '881', '882', '883')]],
        ['ACT', [place('Canberra', '2601', -35.28, 149.13, '2', '261', '262')]],
        ['TAS', [place('Hobart', '7000', -42.88, 147.33, '3', '362')]],
        ['NT', [place('Darwin', '0800', -12.46, 130.84, '8', '889')]],
      ],
    },
    mobile: { length: 9, price: '6.50', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['40', '41', '42', '43', '46', '450', '451', '452', '470', '472', '473', '480', '481', '482', '490', '491', '492'] },
    tollFree: { length: 10, price: '16.00', address: 'any', caps: VOICE, inbound: '0.0600', blocks: ['1800'] },
    outbound: [['Australia', '0.0240', ''], ['Australia - Mobile', '0.0600', '4']],
  },
  {
    iso: 'NZ', name: 'New Zealand', cc: '64', weight: 1.5,
    local: {
      length: 8, price: '3.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Auckland', [place('Auckland', '1010', -36.85, 174.76, '9', '93', '95', '96', '97')]],
        ['Wellington', [place('Wellington', '6011', -41.29, 174.78, '4', '43', '44', '47', '49')]],
        ['Canterbury', [place('Christchurch', '8011', -43.53, 172.64, '3', '33', '34', '35', '36')]],
        ['Waikato', [place('Hamilton', '3204', -37.79, 175.28, '7', '78', '79')]],
      ],
    },
    mobile: { length: 9, price: '6.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['21', '22', '27'] },
    tollFree: { length: 9, price: '20.00', address: 'any', caps: VOICE, inbound: '0.0600', blocks: ['800'] },
    outbound: [['New Zealand', '0.0300', ''], ['New Zealand - Mobile', '0.0900', '2']],
  },
  {
    iso: 'JP', name: 'Japan', cc: '81', weight: 3,
    local: {
      length: 9, price: '4.50', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Tokyo', [place('Tokyo', '100-0001', 35.68, 139.76, '3', '35', '36', '37', '38', '39')]],
        ['Osaka', [place('Osaka', '530-0001', 34.69, 135.5, '6', '62', '63', '64', '65', '66')]],
        ['Aichi', [place('Nagoya', '460-0001', 35.18, 136.91, '52')]],
        ['Kanagawa', [place('Yokohama', '231-0001', 35.44, 139.64, '45')]],
        ['Hokkaido', [place('Sapporo', '060-0001', 43.06, 141.35, '11', '112', '113', '115', '116', '117')]],
        ['Fukuoka', [place('Fukuoka', '810-0001', 33.59, 130.4, '92')]],
        ['Kyoto', [place('Kyoto', '600-8001', 35.01, 135.77, '75')]],
      ],
    },
    mobile: { length: 10, price: '10.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', beta: true, blocks: ['701', '702', '703', '704', '705', '706', '707', '708', '709', '801', '802', '803', '804', '805', '806', '807', '808', '809', '901', '902', '903', '904', '905', '906', '907', '908', '909'] },
    tollFree: { length: 9, price: '25.00', address: 'local', caps: VOICE, inbound: '0.0800', blocks: ['120', '800:10'] },
    outbound: [['Japan', '0.0500', ''], ['Japan - Mobile', '0.1300', '70 80 90']],
  },
  {
    iso: 'HK', name: 'Hong Kong', cc: '852', weight: 1.5,
    local: {
      length: 8, price: '8.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Hong Kong Island', [place('Central', null, 22.28, 114.16, '2', '25', '28')]],
        ['Kowloon', [place('Tsim Sha Tsui', null, 22.3, 114.17, '2', '23', '27')]],
        ['New Territories', [place('Sha Tin', null, 22.38, 114.19, '2', '26')]],
      ],
    },
    mobile: { length: 8, price: '10.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['510', '512', '530', '551', '590', '61', '620', '63', '64', '65', '660', '69', '901', '910', '94', '96', '97', '980'] },
    tollFree: { length: 9, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['800'] },
    outbound: [['Hong Kong', '0.0200', ''], ['Hong Kong - Mobile', '0.0200', '5 6 9']],
  },
  {
    iso: 'SG', name: 'Singapore', cc: '65', weight: 1.5,
    local: {
      length: 8, price: '10.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Central Region', [place('Singapore', '018956', 1.28, 103.85, '6', '62', '63', '64', '65', '660', '661', '663')]],
        ['East Region', [place('Tampines', '529510', 1.35, 103.94, '6', '67', '68')]],
      ],
    },
    mobile: { length: 8, price: '12.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['81', '82', '83', '84', '85', '86', '87', '88', '90', '91', '92', '93', '94', '96', '97', '98'] },
    tollFree: { length: 11, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['1800'] },
    outbound: [['Singapore', '0.0200', ''], ['Singapore - Mobile', '0.0200', '8 9']],
  },
  {
    iso: 'PH', name: 'Philippines', cc: '63', weight: 1.5,
    local: {
      length: 9, price: '8.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Metro Manila', [place('Manila', '1000', 14.6, 120.98, '2', '28'), place('Makati', '1226', 14.55, 121.02, '2', '27')]],
        ['Central Visayas', [place('Cebu City', '6000', 10.31, 123.89, '32')]],
        ['Davao Region', [place('Davao City', '8000', 7.07, 125.61, '82')]],
      ],
    },
    mobile: { length: 10, price: '10.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['905', '906', '917', '918', '919', '920', '921', '927', '939', '995'] },
    tollFree: { length: 11, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['1800'] },
    outbound: [['Philippines', '0.1500', ''], ['Philippines - Mobile', '0.1800', '9']],
  },
  {
    iso: 'ID', name: 'Indonesia', cc: '62', weight: 1.5,
    local: {
      length: 10, price: '10.00', address: 'local', caps: VOICE, inbound: '0.0100', beta: true, regions: [
        ['DKI Jakarta', [place('Jakarta', '10110', -6.18, 106.83, '21')]],
        ['Jawa Timur', [place('Surabaya', '60111', -7.26, 112.75, '31')]],
        ['Jawa Barat', [place('Bandung', '40111', -6.91, 107.61, '22')]],
        ['Sumatera Utara', [place('Medan', '20111', 3.59, 98.67, '61')]],
        ['Bali', [place('Denpasar', '80111', -8.65, 115.22, '361')]],
      ],
    },
    mobile: { length: 11, price: '12.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', beta: true, blocks: ['811', '812', '813', '821', '822', '852', '853', '857', '858', '877', '878'] },
    outbound: [['Indonesia', '0.0800', ''], ['Indonesia - Mobile', '0.1000', '8']],
  },
  {
    iso: 'MY', name: 'Malaysia', cc: '60', weight: 1.5,
    local: {
      length: 8, price: '8.00', address: 'any', caps: VOICE, inbound: '0.0100', regions: [
        ['Kuala Lumpur', [place('Kuala Lumpur', '50050', 3.14, 101.69, '3', '320:9', '321:9', '322:9', '323:9', '326:9', '327:9')]],
        ['Pulau Pinang', [place('George Town', '10200', 5.41, 100.33, '4', '43', '46')]],
        ['Johor', [place('Johor Bahru', '80000', 1.49, 103.74, '7', '72', '75')]],
        ['Sabah', [place('Kota Kinabalu', '88000', 5.98, 116.07, '88', '882', '883', '884')]],
      ],
    },
    mobile: { length: 9, price: '10.00', address: 'any', caps: VOICE_SMS, inbound: '0.0100', blocks: ['12', '132', '133', '134', '16', '172', '173', '19', '111:10', '112:10', '113:10'] },
    tollFree: { length: 9, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['1800:10'] },
    outbound: [['Malaysia', '0.0300', ''], ['Malaysia - Mobile', '0.0500', '1']],
  },
  {
    iso: 'TH', name: 'Thailand', cc: '66', weight: 1.5,
    local: {
      length: 8, price: '8.00', address: 'local', caps: VOICE, inbound: '0.0100', regions: [
        ['Bangkok', [place('Bangkok', '10200', 13.76, 100.5, '2')]],
        ['Chiang Mai', [place('Chiang Mai', '50000', 18.79, 98.98, '53')]],
        ['Phuket', [place('Phuket', '83000', 7.88, 98.39, '76')]],
        ['Khon Kaen', [place('Khon Kaen', '40000', 16.44, 102.84, '43')]],
      ],
    },
    mobile: { length: 9, price: '10.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', blocks: ['61', '62', '63', '64', '65', '66', '8', '9'] },
    tollFree: { length: 10, price: '25.00', address: 'any', caps: VOICE, inbound: '0.0700', blocks: ['1800'] },
    outbound: [['Thailand', '0.0400', ''], ['Thailand - Mobile', '0.0400', '6 8 9']],
  },
  {
    iso: 'IN', name: 'India', cc: '91', weight: 2,
    local: {
      length: 10, price: '25.00', address: 'local', caps: VOICE, inbound: '0.0100', beta: true, regions: [
        ['Maharashtra', [place('Mumbai', '400001', 19.08, 72.88, '22', '222', '224', '226')]],
        ['Delhi', [place('New Delhi', '110001', 28.61, 77.21, '11', '112', '114', '116')]],
        ['Karnataka', [place('Bengaluru', '560001', 12.97, 77.59, '80', '802', '804')]],
        ['Tamil Nadu', [place('Chennai', '600001', 13.08, 80.27, '44', '442', '444')]],
        ['West Bengal', [place('Kolkata', '700001', 22.57, 88.36, '33', '332', '334')]],
        ['Telangana', [place('Hyderabad', '500001', 17.39, 78.49, '40', '402', '404')]],
      ],
    },
    mobile: { length: 10, price: '25.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', beta: true, blocks: ['98', '99', '97', '96', '94', '93', '90', '880', '886', '889', '871', '875', '879', '70'] },
    tollFree: { length: 11, price: '25.00', address: 'local', caps: VOICE, inbound: '0.0700', beta: true, blocks: ['1800'] },
    outbound: [['India', '0.0500', ''], ['India - Mobile', '0.0500', '6 7 8 9']],
  },
  {
    iso: 'KE', name: 'Kenya', cc: '254', weight: 1,
    local: {
      length: 9, price: '10.00', address: 'local', caps: VOICE, inbound: '0.0100', beta: true, regions: [
        ['Nairobi', [place('Nairobi', '00100', -1.29, 36.82, '20')]],
        ['Mombasa', [place('Mombasa', '80100', -4.04, 39.67, '41')]],
        ['Kisumu', [place('Kisumu', '40100', -0.09, 34.77, '57')]],
        ['Nakuru', [place('Nakuru', '20100', -0.3, 36.07, '51')]],
      ],
    },
    mobile: { length: 9, price: '12.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', beta: true, blocks: ['70', '71', '72', '74', '79'] },
    outbound: [['Kenya', '0.1000', ''], ['Kenya - Mobile', '0.1500', '7 1']],
  },
  {
    iso: 'NG', name: 'Nigeria', cc: '234', weight: 1,
    local: {
      length: 10, price: '10.00', address: 'local', caps: VOICE, inbound: '0.0100', beta: true, regions: [
        // Nigerian fixed lines moved into 020 + the old area code.
        ['Lagos', [place('Lagos', '100001', 6.52, 3.38, '201')]],
        ['Federal Capital Territory', [place('Abuja', '900001', 9.06, 7.5, '209')]],
        ['Rivers', [place('Port Harcourt', '500001', 4.82, 7.03, '2084')]],
        ['Oyo', [place('Ibadan', '200001', 7.38, 3.95, '202')]],
      ],
    },
    mobile: { length: 10, price: '12.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', beta: true, blocks: ['802', '803', '805', '806', '807', '808', '813', '816', '703', '706'] },
    outbound: [['Nigeria', '0.1200', ''], ['Nigeria - Mobile', '0.1500', '70 80 81 90']],
  },
  {
    iso: 'GH', name: 'Ghana', cc: '233', weight: 1,
    local: {
      length: 9, price: '10.00', address: 'local', caps: VOICE, inbound: '0.0100', beta: true, regions: [
        ['Greater Accra', [place('Accra', null, 5.6, -0.19, '30', '302', '303')]],
        ['Ashanti', [place('Kumasi', null, 6.69, -1.62, '32', '3220', '3221', '3222')]],
        ['Northern', [place('Tamale', null, 9.4, -0.84, '37', '3720', '3721', '3722')]],
        ['Central', [place('Cape Coast', null, 5.11, -1.25, '33', '3320', '3321', '3322')]],
      ],
    },
    mobile: { length: 9, price: '12.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', beta: true, blocks: ['20', '24', '26', '27', '50', '54', '55', '57', '591', '592', '593'] },
    outbound: [['Ghana', '0.2000', ''], ['Ghana - Mobile', '0.2500', '2 5']],
  },
  {
    iso: 'TN', name: 'Tunisia', cc: '216', weight: 1,
    local: {
      length: 8, price: '10.00', address: 'local', caps: VOICE, inbound: '0.0100', beta: true, regions: [
        ['Tunis', [place('Tunis', '1000', 36.81, 10.18, '71')]],
        ['Sfax', [place('Sfax', '3000', 34.74, 10.76, '74')]],
        ['Sousse', [place('Sousse', '4000', 35.83, 10.64, '73')]],
      ],
    },
    mobile: { length: 8, price: '12.00', address: 'local', caps: VOICE_SMS, inbound: '0.0100', beta: true, blocks: ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '50', '52', '53', '55', '90', '91', '92', '93', '94', '95', '96', '97', '98', '99'] },
    outbound: [['Tunisia', '0.1500', ''], ['Tunisia - Mobile', '0.3000', '2 5 9']],
  },
];

// ---------------------------------------------------------------------------------------------
// Expansion and look-ups.

function buildEntry(spec: CountrySpec): CountryEntry {
  const offers: Partial<Record<NumberType, NumberOffer>> = {};
  for (const type of NUMBER_TYPES) {
    const offer = spec[type];
    if (offer === undefined) continue;
    offers[type] = {
      monthlyPrice: offer.price,
      addressRequirements: offer.address,
      beta: offer.beta ?? false,
      capabilities: offer.caps,
      inboundVoicePrice: offer.inbound,
    };
  }
  const local = spec.local;
  const regions: Region[] = local === undefined ? [] : local.regions.map(([name, places]) => ({
    name,
    localities: places.map((p) => ({
      name: p.name,
      postalCode: p.postalCode,
      latitude: p.latitude,
      longitude: p.longitude,
      areaCode: p.areaCode,
      blocks: p.blocks.map((b) => parseBlock(b, local.length)),
    })),
  }));
  const blocksOf = (offer: BlockedOfferSpec | undefined): NumberBlock[] =>
    offer === undefined ? [] : offer.blocks.map((b) => parseBlock(b, offer.length));
  return {
    isoCountry: spec.iso,
    name: spec.name,
    callingCode: spec.cc,
    weight: spec.weight,
    offers,
    regions,
    mobileBlocks: blocksOf(spec.mobile),
    tollFreeBlocks: blocksOf(spec.tollFree),
    outbound: spec.outbound.map(([friendlyName, price, prefixes]) => ({
      friendlyName,
      price,
      prefixes: prefixes === '' ? [spec.cc] : prefixes.split(' ').map((p) => spec.cc + p),
    })),
  };
}

/** Every country in the catalogue, US and Canada first. */
export const COUNTRIES: readonly CountryEntry[] = SPECS.map(buildEntry);

const BY_ISO = new Map(COUNTRIES.map((c) => [c.isoCountry, c]));

/** The full catalogue entry of a country, or undefined when didops does not know it. */
export function countryEntry(isoCountry: string): CountryEntry | undefined {
  return BY_ISO.get(isoCountry.toUpperCase());
}

function toInfo(entry: CountryEntry): CountryInfo {
  const numberTypes = NUMBER_TYPES.filter((t) => entry.offers[t] !== undefined);
  return {
    isoCountry: entry.isoCountry,
    name: entry.name,
    callingCode: entry.callingCode,
    numberTypes,
    beta: numberTypes.every((t) => entry.offers[t]?.beta === true),
  };
}

/** The countries AvailablePhoneNumbers lists, with the types each offers. */
export function listCountries(): CountryInfo[] {
  return COUNTRIES.map(toInfo);
}

/** One country's AvailablePhoneNumbers summary, or undefined when unknown. */
export function countryInfo(isoCountry: string): CountryInfo | undefined {
  const entry = countryEntry(isoCountry);
  return entry === undefined ? undefined : toInfo(entry);
}

/** Terms (price, address, capabilities, beta) of a number type in a country, if offered. */
export function numberOffer(isoCountry: string, type: NumberType): NumberOffer | undefined {
  return countryEntry(isoCountry)?.offers[type];
}

/** Monthly rental in USD of a number type in a country, if offered. */
export function monthlyPrice(isoCountry: string, type: NumberType): string | undefined {
  return numberOffer(isoCountry, type)?.monthlyPrice;
}

/** Inbound and outbound per-minute voice prices of a country, for Pricing v1 Voice. */
export function voicePrices(isoCountry: string): VoicePrices | undefined {
  const entry = countryEntry(isoCountry);
  if (entry === undefined) return undefined;
  return {
    isoCountry: entry.isoCountry,
    name: entry.name,
    priceUnit: 'USD',
    inbound: NUMBER_TYPES.flatMap((numberType) => {
      const offer = entry.offers[numberType];
      return offer === undefined ? [] : [{ numberType, price: offer.inboundVoicePrice }];
    }),
    outbound: entry.outbound,
  };
}
