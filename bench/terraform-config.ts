/** The Terraform files the benchmarks write: a CLI configuration that installs didops from a mirror, and stacks of numbers. */

/** A CLI configuration that installs didops from `mirror` and nothing else from the registry. */
export function mirrorCliConfig(mirror: string): string {
  return `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/didops/didops"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/didops/didops"]\n  }\n}\n`;
}

/** Where a block's instances get their number and area code: HCL expressions for the count and an instance's index. */
export interface BlockShape {
  /** `1000`, or `var.size` inside a module. */
  readonly count: string;
  /** `count.index`, or `var.first + count.index` inside a module. */
  readonly index: string;
  /** The list of area codes, e.g. `local.area_codes`. */
  readonly areaCodes: string;
  /** How many area codes that list holds. */
  readonly areaCodeCount: number;
}

/** A `didops_phone_number` block: numbers bought by search over the area codes in turn, keyed `<keyPrefix><index>` (at `carrier`, else the default). */
export function numbersBlock(shape: BlockShape, keyPrefix: string, carrier?: string): string {
  return `resource "didops_phone_number" "n" {
  count  = ${shape.count}
  key    = "${keyPrefix}\${${shape.index}}"${carrier ? `\n  carrier = "${carrier}"` : ''}
  search = { country = "US", area_code = ${shape.areaCodes}[(${shape.index}) % ${shape.areaCodeCount}] }
  voice  = { url = "https://example.com/voice" }
}
`;
}

/** The same count of `terraform_data` with inputs of a similar size: terraform's own cost, no provider. */
export function floorBlock(shape: BlockShape, keyPrefix: string): string {
  return `resource "terraform_data" "n" {
  count = ${shape.count}
  input = { key = "${keyPrefix}\${${shape.index}}", country = "US", area_code = ${shape.areaCodes}[(${shape.index}) % ${shape.areaCodeCount}], voice_url = "https://example.com/voice" }
}
`;
}

/** HCL for `count` numbers in one block (with the provider block and the area codes). */
export function numbersHcl(count: number, keyPrefix: string, areaCodes: readonly string[], carrier?: string): string {
  const shape = { count: String(count), index: 'count.index', areaCodes: 'local.area_codes', areaCodeCount: areaCodes.length };
  return `provider "didops" {}\nlocals { area_codes = ${JSON.stringify(areaCodes)} }\n${numbersBlock(shape, keyPrefix, carrier)}`;
}
