#!/usr/bin/env node
/**
 * Part of `npm run build`: makes the compiled Terraform provider executable and lays out a local provider mirror,
 * dist/terraform-mirror/registry.terraform.io/didops/didops/<version>/<os>_<arch>/terraform-provider-didops_v<version>,
 * for a CLI config's `filesystem_mirror` (docs/terraform.md), and writes the schema cache main.js serves. Plain JS so it runs right after tsc, before anything
 * else is built.
 */
const { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const { version } = require(join(root, 'package.json'));
const main = join(root, 'dist', 'provider', 'terraform', 'main.js');
if (!existsSync(main)) {
  console.error(`build-terraform-mirror: ${main} is missing; run tsc first`);
  process.exit(1);
}
chmodSync(main, 0o755);

// The schemas, for the processes Terraform starts only to read them (provider/terraform/main.ts).
const { createDidopsTerraformProvider } = require(join(root, 'dist', 'provider', 'terraform', 'provider.js'));
writeFileSync(join(root, 'dist', 'provider', 'terraform', 'schemas.json'), JSON.stringify(createDidopsTerraformProvider().schemas()));

const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386' }[process.arch] ?? process.arch;
const mirror = join(root, 'dist', 'terraform-mirror');
const dir = join(mirror, 'registry.terraform.io', 'didops', 'didops', version, `${process.platform}_${arch}`);
rmSync(mirror, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
// Terraform copies the mirror's files into .terraform/; the launcher therefore names the compiled provider by its
// absolute path, and runs the same Node that built it (a different one on the PATH could be too old).
const launcher = join(dir, `terraform-provider-didops_v${version}`);
writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" "${main}" "$@"\n`);
chmodSync(launcher, 0o755);
console.log(`terraform mirror: ${mirror}`);
