// Runs a compiled entry point: `node scripts/run-built.js dist/src/admin/cli/admin-cli.js [args…]`.
// On a checkout (src/ and the TypeScript compiler present) it first brings dist/ up to date with scripts/build.js,
// which builds only what changed and swaps dist/ whole, so a server running from the same tree keeps working.
// In the image's runtime layout (dist/ and production node_modules only) it runs the entry as it is (issue #18).
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = join(__dirname, '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/run-built.js <dist/…/entry.js> [args…]\n');
  process.exit(2);
}

function hasCompiler() {
  try {
    require.resolve('typescript/bin/tsc', { paths: [ROOT] });
    return true;
  } catch {
    return false;
  }
}

if (existsSync(join(ROOT, 'src')) && existsSync(join(ROOT, 'scripts', 'build.js')) && hasCompiler()) {
  // The build's progress goes to stderr here, so a command's own output (a hash, a key) stays alone on stdout.
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const file = resolve(ROOT, entry);
if (!existsSync(file)) {
  process.stderr.write(`${entry} is missing: build first (npm run build) or use the image, which ships dist/\n`);
  process.exit(1);
}
// In this process, so signals (SIGTERM, SIGHUP) reach the program itself, with the argv it expects.
process.argv = [process.argv[0], file, ...args];
require(file);
