// A full build each time: stale compiled files (a deleted migration, a renamed module) must never survive in dist.
// Progress goes to stderr, so a command's own output after the build (the admin CLI's) stays clean on stdout.
require('node:fs').rmSync(require('node:path').join(__dirname, '..', 'dist'), { recursive: true, force: true });
process.stderr.write('build 1/3: dist/ removed\nbuild 2/3: compiling TypeScript (tsc)…\n');
