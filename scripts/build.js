// Builds dist/ from the TypeScript sources, only when something changed, and never leaves dist/ missing or
// half-written under a server that is running from it (issue #18):
//   1. fingerprint the inputs (src/, bench/, ormconfig.ts, tsconfigs, the lock file): unchanged and dist/ intact → done;
//   2. compile incrementally into .dist-build/ (tsc --incremental: only changed files are re-emitted); when a source
//      file was added or removed, from scratch, so no compiled file of a deleted source (a migration!) survives;
//   3. copy the non-TypeScript assets, then swap the result into dist/ with two renames.
// Prints what it does and how long it takes. `--force` rebuilds from scratch.
const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const { join, relative } = require('node:path');
const { copyAssets } = require('./copy-assets');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
// Same depth as dist/, so the relative source paths in the .js.map files stay right after the copy.
const OUT = join(ROOT, '.dist-build');
const BUILD_INFO = join(ROOT, '.dist-build.tsbuildinfo');
const STAMP = '.build-stamp.json';
const LOCK = join(ROOT, '.dist-build.lock');
const INPUT_DIRS = ['src', 'bench'];
const INPUT_FILES = ['ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/copy-assets.js', 'scripts/build.js'];

const started = Date.now();
const say = (line) => process.stdout.write(`[build] ${line}\n`);
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function walk(dir, out) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Paths (relative) of every input, and a hash over their paths, sizes and modification times. */
function fingerprint() {
  const files = [...INPUT_DIRS.flatMap((d) => walk(join(ROOT, d), [])), ...INPUT_FILES.map((f) => join(ROOT, f)).filter((f) => fs.existsSync(f))];
  const hash = createHash('sha256');
  const names = files.map((f) => relative(ROOT, f)).sort();
  for (const name of names) {
    const s = fs.statSync(join(ROOT, name));
    hash.update(`${name}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return { hash: hash.digest('hex'), sources: names.filter((n) => n.endsWith('.ts')) };
}

function readStamp(dir) {
  try {
    return JSON.parse(fs.readFileSync(join(dir, STAMP), 'utf8'));
  } catch {
    return null;
  }
}

/** dist/ is what the stamp says: built from these inputs and not edited since (a test may patch a compiled file). */
function distIsCurrent(fp) {
  const stamp = readStamp(DIST);
  if (!stamp || stamp.hash !== fp.hash || !fs.existsSync(join(DIST, 'src', 'main.js'))) return false;
  const stampTime = fs.statSync(join(DIST, STAMP)).mtimeMs;
  return walk(DIST, []).every((f) => fs.statSync(f).mtimeMs <= stampTime);
}

function compile(full) {
  return new Promise((resolve, reject) => {
    const tsc = require.resolve('typescript/bin/tsc');
    const args = [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--incremental', '--tsBuildInfoFile', BUILD_INFO, '--outDir', OUT];
    say(`compiling TypeScript (${full ? 'from scratch' : 'only what changed'}) …`);
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    const ticker = setInterval(() => say(`… still compiling (${seconds()})`), 5000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`tsc failed (exit ${code})`));
    });
  });
}

/** Replaces dist/ by a complete copy of the build: a reader sees the old tree or the new one, never an empty one. */
function swapIntoDist() {
  const next = `${DIST}.next-${process.pid}`;
  const old = `${DIST}.old-${process.pid}`;
  fs.rmSync(next, { recursive: true, force: true });
  fs.cpSync(OUT, next, { recursive: true });
  if (fs.existsSync(DIST)) fs.renameSync(DIST, old);
  fs.renameSync(next, DIST);
  fs.rmSync(old, { recursive: true, force: true });
  // The stamp is newer than every file it vouches for (distIsCurrent).
  const now = new Date();
  fs.utimesSync(join(DIST, STAMP), now, now);
}

/** One build at a time per checkout (npm start and npm run admin may start together). */
async function withLock(work) {
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(join(LOCK, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      let alive = false;
      try {
        alive = holder > 0 && process.kill(holder, 0);
      } catch {
        alive = false;
      }
      if (!alive) fs.rmSync(LOCK, { recursive: true, force: true });
      else {
        say(`waiting for the build of process ${holder} …`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

async function main() {
  const force = process.argv.includes('--force');
  await withLock(async () => {
    const fp = fingerprint();
    if (!force && distIsCurrent(fp)) {
      say('dist/ is up to date');
      return;
    }
    const previous = readStamp(OUT);
    const sameSources = previous && JSON.stringify(previous.sources) === JSON.stringify(fp.sources);
    const full = force || !sameSources || !fs.existsSync(BUILD_INFO);
    if (full) {
      fs.rmSync(OUT, { recursive: true, force: true });
      fs.rmSync(BUILD_INFO, { force: true });
    }
    if (!previous || previous.hash !== fp.hash || full) await compile(full);
    say('copying templates, locales and styles …');
    copyAssets(ROOT, OUT);
    fs.writeFileSync(join(OUT, STAMP), JSON.stringify(fp));
    say('updating dist/ …');
    swapIntoDist();
    say(`done in ${seconds()}`);
  });
}

main().catch((e) => {
  process.stderr.write(`[build] ${e.message}\n`);
  process.exit(1);
});
