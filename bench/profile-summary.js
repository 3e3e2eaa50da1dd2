// Summarises a V8 .cpuprofile (e.g. from BENCH_PROFILE_DIR=dir npm run bench): self time by package and by function.
// Usage: node bench/profile-summary.js <file>.cpuprofile
const p = JSON.parse(require('fs').readFileSync(process.argv[2]));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const self = new Map();
const dt = p.timeDeltas; const samples = p.samples;
const counts = new Map();
for (let i=0;i<samples.length;i++){ counts.set(samples[i], (counts.get(samples[i])||0) + (dt[i]||0)); }
const pkgOf = (url) => { if(!url) return '(native)'; const m = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/); if (m) return m[1]; if (url.includes('/dist/src/')) return 'ours:'+url.split('/dist/src/')[1].split('/').slice(0,2).join('/'); if (url.startsWith('node:')) return url; return url.split('/').slice(-2).join('/'); };
const agg = new Map(); const fn = new Map(); let total=0;
for (const [id, t] of counts) { const n = byId.get(id); const k = pkgOf(n.callFrame.url); agg.set(k,(agg.get(k)||0)+t); const f = n.callFrame.functionName+' '+pkgOf(n.callFrame.url)+':'+n.callFrame.lineNumber; fn.set(f,(fn.get(f)||0)+t); total+=t; }
const top = (m,k) => [...m].sort((a,b)=>b[1]-a[1]).slice(0,k).map(([n,t])=>`${(100*t/total).toFixed(1)}%  ${n}`).join('\n');
console.log(top(agg,25)); console.log('---'); console.log(top(fn,30));
