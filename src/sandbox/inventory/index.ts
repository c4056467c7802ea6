/**
 * The sandbox's phone-number inventory: the deterministic generator of available numbers, and (re-exported for the
 * sandbox's routes) the numbering catalogue it is built on, which lives in src/catalogue.
 */

export {
  COUNTRIES,
  NUMBER_TYPES,
  countryEntry,
  countryInfo,
  listCountries,
  monthlyPrice,
  numberOffer,
  voicePrices,
  type AddressRequirement,
  type Capabilities,
  type CountryEntry,
  type CountryInfo,
  type Locality,
  type NumberBlock,
  type NumberOffer,
  type NumberType,
  type OutboundPrefixPrice,
  type Region,
  type VoicePrices,
} from '../../catalogue/countries';
export { CA_AREA_CODES, NANP_TOLL_FREE_CODES, US_AREA_CODES, nanpExchanges, type NanpAreaCode } from '../../catalogue/north-america';
export { DEFAULT_INVENTORY_SIZE, generateInventory, type AvailableNumber, type InventoryOptions } from './generate';
