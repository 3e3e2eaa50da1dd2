import { execFile } from 'node:child_process';
import { Hook } from './kit-options';

/**
 * Runs a broker hook. A command runs through `sh -c` with the variables in its environment (so a broker can
 * write `curl …/approve?user=$CONFORMANCE_USER_ID`); a URL gets them as a JSON POST. The answer is the
 * command's stdout or the response text.
 */
export async function runHook(hook: Hook, vars: Record<string, string>, timeoutMs = 30_000): Promise<string> {
  if (typeof hook === 'function') return (await hook(vars)) ?? '';
  if (/^https?:\/\//i.test(hook)) {
    const res = await fetch(hook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(vars),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`hook URL answered ${res.status}`);
    return text;
  }
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', hook], { env: { ...process.env, ...vars }, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`hook command failed: ${error.message.split('\n')[0]}${stderr ? ` — ${String(stderr).trim().slice(0, 200)}` : ''}`));
      else resolve(String(stdout));
    });
  });
}
