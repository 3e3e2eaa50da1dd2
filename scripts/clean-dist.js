// A full build each time: stale compiled files (a deleted migration, a renamed module) must never survive in dist.
require('node:fs').rmSync(require('node:path').join(__dirname, '..', 'dist'), { recursive: true, force: true });
