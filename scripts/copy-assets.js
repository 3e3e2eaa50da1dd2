// tsc emits only .js: copy the non-TypeScript assets (templates, locales, CSS) next to the compiled code.
const { cpSync, existsSync, readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');
const root = join(__dirname, '..');
const ASSET = /\.(eta|json|css|svg|png|ico|html)$/;
let copied = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (ASSET.test(name)) {
      cpSync(p, join(root, 'dist', relative(root, p)));
      copied++;
    }
  }
}
if (existsSync(join(root, 'src'))) walk(join(root, 'src'));
process.stderr.write(`build 3/3: ${copied} asset file(s) copied; dist/ is ready\n`);
