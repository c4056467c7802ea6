/**
 * The sandbox's phone-number inventory: a country catalogue (types, prices, address rules,
 * capabilities, voice prices) and a deterministic generator of available numbers built on it.
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
} from './countries';
export { CA_AREA_CODES, NANP_TOLL_FREE_CODES, US_AREA_CODES, nanpExchanges, type NanpAreaCode } from './north-america';
export { DEFAULT_INVENTORY_SIZE, generateInventory, type AvailableNumber, type InventoryOptions } from './generate';
