import { runHook } from './hook-runner';

describe('runHook', () => {
  it('runs a command with the variables in its environment and returns its stdout', async () => {
    expect((await runHook('printf "%s" "$CONFORMANCE_EMAIL"', { CONFORMANCE_EMAIL: 'a@example.com' })).trim()).toBe('a@example.com');
  });

  it('fails when the command fails', async () => {
    await expect(runHook('echo broken >&2; exit 3', {})).rejects.toThrow(/hook command failed.*broken/);
  });

  it('calls a function hook with the variables', async () => {
    const seen: Record<string, string>[] = [];
    expect(
      await runHook(
        async (vars) => {
          seen.push(vars);
          return 'done';
        },
        { X: '1' },
      ),
    ).toBe('done');
    expect(seen).toEqual([{ X: '1' }]);
  });
});
