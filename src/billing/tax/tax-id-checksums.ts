/**
 * Published check-digit rules of tax ids, each taking the compact id (upper case, no separators, no country prefix)
 * and answering whether its check digits agree. Sources: each tax authority's published rule as summarised on the
 * European Commission's VIES pages and in the national specifications (Germany and Croatia use ISO 7064 MOD 11,10;
 * Italy and Sweden Luhn; the UK HMRC's "97/55" rule; Australia's ABN rule from the Australian Business Register;
 * India's GSTIN rule from the GST Network; Switzerland's UID rule from the Federal Statistical Office).
 * A rule returning true says the id is well formed, not that it is registered (VIES and the national registries
 * answer that, over the network).
 */

const digitsOf = (text: string): number[] => [...text].map((c) => c.charCodeAt(0) - 48);

/** Σ digit × weight over the leading digits. */
function weighted(text: string, weights: readonly number[]): number {
  const digits = digitsOf(text);
  return weights.reduce((sum, weight, i) => sum + weight * (digits[i] ?? 0), 0);
}

const lastDigit = (text: string): number => text.charCodeAt(text.length - 1) - 48;

/** The Luhn rule (ISO/IEC 7812): doubling every second digit from the right, the sum ends in 0. */
export function luhnValid(text: string): boolean {
  let sum = 0;
  digitsOf(text).reverse().forEach((digit, i) => {
    const value = i % 2 === 1 ? digit * 2 : digit;
    sum += value > 9 ? value - 9 : value;
  });
  return sum % 10 === 0;
}

/** ISO 7064 MOD 11,10 (German and Croatian VAT numbers): the check digit is the last digit. */
export function iso7064Mod11x10Valid(text: string): boolean {
  let product = 10;
  for (const digit of digitsOf(text.slice(0, -1))) {
    const sum = (digit + product) % 10 || 10;
    product = (2 * sum) % 11;
  }
  return (11 - product) % 10 === lastDigit(text);
}

/** "11 minus the weighted sum mod 11" with 11 read as 0 and 10 impossible (Portugal, Slovenia, Norway, Switzerland). */
function elevenMinus(text: string, weights: readonly number[], tenIs: number | 'invalid'): boolean {
  let check = 11 - (weighted(text, weights) % 11);
  if (check === 11) check = 0;
  if (check === 10) {
    if (tenIs === 'invalid') return false;
    check = tenIs;
  }
  return check === lastDigit(text);
}

/** Austria (ATU + 8 digits, the digits only): Luhn-like sum of the first 7, plus 4. */
export function atVatValid(digits: string): boolean {
  const sum = digitsOf(digits.slice(0, 7)).reduce((s, d, i) => {
    const v = i % 2 === 1 ? d * 2 : d;
    return s + Math.floor(v / 10) + (v % 10);
  }, 0);
  return (10 - ((sum + 4) % 10)) % 10 === lastDigit(digits);
}

/** Belgium (10 digits): the last two are 97 minus the first eight mod 97. */
export function beVatValid(digits: string): boolean {
  return 97 - (Number(digits.slice(0, 8)) % 97) === Number(digits.slice(8));
}

/** Bulgaria, legal entities (9 digits): weights 1..8, or 3..10 when the first sum gives 10. */
export function bgVatValid(digits: string): boolean {
  if (digits.length !== 9) return true; // 10-digit ids of persons have several rules; the format is checked
  let check = weighted(digits, [1, 2, 3, 4, 5, 6, 7, 8]) % 11;
  if (check === 10) check = weighted(digits, [3, 4, 5, 6, 7, 8, 9, 10]) % 11;
  return check % 10 === lastDigit(digits);
}

/** Cyprus (8 digits and a check letter). */
export function cyVatValid(id: string): boolean {
  const oddValue = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
  const sum = digitsOf(id.slice(0, 8)).reduce((s, d, i) => s + (i % 2 === 0 ? oddValue[d] : d), 0);
  return String.fromCharCode(65 + (sum % 26)) === id[8];
}

/** Czechia, legal entities (8 digits); ids of persons (9–10 digits) are checked by format only. */
export function czVatValid(digits: string): boolean {
  if (digits.length !== 8) return true;
  const check = (11 - (weighted(digits, [8, 7, 6, 5, 4, 3, 2]) % 11)) % 11;
  return (check === 0 ? 1 : check) % 10 === lastDigit(digits);
}

/** Denmark (8 digits): weights 2,7,6,5,4,3,2,1, sum divisible by 11. */
export const dkVatValid = (digits: string): boolean => weighted(digits, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0;

/** Estonia (9 digits): weights 3,7,1 repeating, sum divisible by 10. */
export const eeVatValid = (digits: string): boolean => weighted(digits, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0;

/** Greece (9 digits): powers of two, mod 11, mod 10. */
export const elVatValid = (digits: string): boolean => (weighted(digits, [256, 128, 64, 32, 16, 8, 4, 2]) % 11) % 10 === lastDigit(digits);

/** Finland (8 digits): weights 7,9,10,5,8,4,2,1, sum divisible by 11. */
export const fiVatValid = (digits: string): boolean => weighted(digits, [7, 9, 10, 5, 8, 4, 2, 1]) % 11 === 0;

/** France (2-character key and the 9-digit SIREN): a numeric key is (12 + 3 × SIREN mod 97) mod 97; Monaco's "000" SIRENs skip Luhn. */
export function frVatValid(id: string): boolean {
  const key = id.slice(0, 2);
  const siren = id.slice(2);
  if (!siren.startsWith('000') && !luhnValid(siren)) return false;
  return !/^\d\d$/.test(key) || Number(key) === (12 + 3 * (Number(siren) % 97)) % 97;
}

/** Hungary (8 digits): weights 9,7,3,1 repeating, sum divisible by 10. */
export const huVatValid = (digits: string): boolean => weighted(digits, [9, 7, 3, 1, 9, 7, 3, 1]) % 10 === 0;

/** Ireland: 7 digits, a check letter and an optional letter; the old form (digit, letter, 5 digits, letter) is reordered first. */
export function ieVatValid(id: string): boolean {
  const modern = /^\d[A-Z+*]\d{5}[A-Z]$/.test(id) ? `0${id.slice(2, 7)}${id[0]}${id[7]}` : id;
  const letters = 'WABCDEFGHIJKLMNOPQRSTUV';
  let sum = weighted(modern, [8, 7, 6, 5, 4, 3, 2]);
  if (modern.length === 9) sum += 9 * 'WABCDEFGHI'.indexOf(modern[8]);
  return letters[sum % 23] === modern[7];
}

/** Lithuania (9 or 12 digits): weights 1..9 repeating, or shifted by two when the first sum gives 10. */
export function ltVatValid(digits: string): boolean {
  const body = digits.slice(0, -1);
  const sum = (shift: number): number => digitsOf(body).reduce((s, d, i) => s + (1 + ((i + shift) % 9)) * d, 0) % 11;
  let check = sum(0);
  if (check === 10) check = sum(2);
  return check % 10 === lastDigit(digits);
}

/** Luxembourg (8 digits): the first six mod 89 are the last two. */
export const luVatValid = (digits: string): boolean => Number(digits.slice(0, 6)) % 89 === Number(digits.slice(6));

/** Malta (8 digits): weights 3,4,6,7,8,9,10,1, sum divisible by 37. */
export const mtVatValid = (digits: string): boolean => weighted(digits, [3, 4, 6, 7, 8, 9, 10, 1]) % 37 === 0;

/** Netherlands (9 digits, "B", 2 digits): the "elfproef" of older ids, or MOD 97-10 over the whole "NL…" id (2020 onwards). */
export function nlVatValid(id: string): boolean {
  const nine = id.slice(0, 9);
  const elfproef = weighted(nine, [9, 8, 7, 6, 5, 4, 3, 2]) % 11 === lastDigit(nine);
  const numeric = `NL${id}`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return elfproef || BigInt(numeric) % 97n === 1n;
}

/** Poland (10 digits): weights 6,5,7,2,3,4,5,6,7 mod 11 is the last digit. */
export const plVatValid = (digits: string): boolean => weighted(digits, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 === lastDigit(digits);

/** Portugal (9 digits): 11 minus the weighted sum, 10 and 11 read as 0. */
export const ptVatValid = (digits: string): boolean => elevenMinus(digits, [9, 8, 7, 6, 5, 4, 3, 2], 0);

/** Romania (2–10 digits; 13-digit personal codes by format only): weights 7,5,3,2,1,7,5,3,2 aligned right. */
export function roVatValid(digits: string): boolean {
  if (digits.length > 10) return true;
  const padded = digits.padStart(10, '0');
  return ((weighted(padded, [7, 5, 3, 2, 1, 7, 5, 3, 2]) * 10) % 11) % 10 === lastDigit(padded);
}

/** Sweden (10-digit organisation number and "01"): Luhn over the 10 digits. */
export const seVatValid = (digits: string): boolean => luhnValid(digits.slice(0, 10));

/** Slovenia (8 digits): 11 minus the weighted sum, 10 read as 0, 11 impossible. */
export function siVatValid(digits: string): boolean {
  const check = 11 - (weighted(digits, [8, 7, 6, 5, 4, 3, 2]) % 11);
  return check !== 11 && check % 10 === lastDigit(digits);
}

/** Slovakia (10 digits): divisible by 11. */
export const skVatValid = (digits: string): boolean => BigInt(digits) % 11n === 0n;

/** UK (9 digits, or 12 for a branch): HMRC's weights 8..2 plus the last two digits, divisible by 97 or, for newer ids, 97 after adding 55. */
export function gbVatValid(id: string): boolean {
  if (/^(GD|HA)\d{3}$/.test(id)) return id.startsWith('GD') ? Number(id.slice(2)) < 500 : Number(id.slice(2)) >= 500;
  const nine = id.slice(0, 9);
  const sum = weighted(nine, [8, 7, 6, 5, 4, 3, 2]) + Number(nine.slice(7));
  return sum % 97 === 0 || (sum + 55) % 97 === 0;
}

/** Australia's ABN (11 digits): subtract 1 from the first digit, weights 10,1,3,...,19, sum divisible by 89. */
export function auAbnValid(digits: string): boolean {
  const adjusted = `${Number(digits[0]) - 1}${digits.slice(1)}`;
  return adjusted[0] !== '-' && weighted(adjusted, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]) % 89 === 0;
}

/** Canada's Business Number: Luhn over its 9 digits. */
export const caBnValid = (id: string): boolean => luhnValid(id.slice(0, 9));

/** Switzerland's UID ("CHE" and 9 digits, the digits only): 11 minus the weighted sum, 10 impossible. */
export const chUidValid = (digits: string): boolean => elevenMinus(digits, [5, 4, 3, 2, 7, 6, 5, 4], 'invalid');

/** Norway's organisation number (9 digits): 11 minus the weighted sum, 10 impossible. */
export const noOrgnrValid = (digits: string): boolean => elevenMinus(digits, [3, 2, 7, 6, 5, 4, 3, 2], 'invalid');

/** India's GSTIN (15 characters): base-36 values weighted 1,2 alternately, each product folded (÷36 + mod 36). */
export function inGstinValid(id: string): boolean {
  const sum = [...id.slice(0, 14)].reduce((s, c, i) => {
    const product = parseInt(c, 36) * (i % 2 === 0 ? 1 : 2);
    return s + Math.floor(product / 36) + (product % 36);
  }, 0);
  return ((36 - (sum % 36)) % 36).toString(36).toUpperCase() === id[14];
}

/** Brazil's CNPJ (14 digits): two mod-11 check digits. */
export function brCnpjValid(digits: string): boolean {
  const check = (body: string, weights: number[]): number => {
    const r = weighted(body, weights) % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const first = check(digits.slice(0, 12), [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const second = check(digits.slice(0, 12) + first, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  return digits.slice(12) === `${first}${second}` && !/^(\d)\1+$/.test(digits);
}

/** Brazil's CPF (11 digits): two mod-11 check digits. */
export function brCpfValid(digits: string): boolean {
  const check = (body: string): number => {
    const r = (weighted(body, [...Array(body.length)].map((_, i) => body.length + 1 - i)) * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const first = check(digits.slice(0, 9));
  const second = check(digits.slice(0, 9) + first);
  return digits.slice(9) === `${first}${second}` && !/^(\d)\1+$/.test(digits);
}
