/** Option parsers shared by the commands: each error names the option and the allowed range. */
import { InvalidArgumentError } from 'commander';

/** Parses an integer option within bounds. */
export function integerOption(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number (got "${value}")`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be between ${min} and ${max} (got ${n})`);
    return n;
  };
}
