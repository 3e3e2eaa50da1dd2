// tsc emits only .js: copy the non-TypeScript assets (templates, locales, CSS) next to the compiled code.
const { cpSync, existsSync, readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');
const ASSET = /\.(eta|json|css|svg|png|ico|html)$/;

/** Copies every asset under root/src to the same relative place under `outDir`. */
function copyAssets(root, outDir) {
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (ASSET.test(name)) cpSync(p, join(outDir, relative(root, p)));
    }
  };
  if (existsSync(join(root, 'src'))) walk(join(root, 'src'));
}

module.exports = { copyAssets };
if (require.main === module) copyAssets(join(__dirname, '..'), join(__dirname, '..', 'dist'));
