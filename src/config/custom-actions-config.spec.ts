import { buildConfig } from './config-loader';

const broker = (extra: Record<string, unknown>) => ({
  database: { url: 'sqlite::memory:' },
  brokers: [
    {
      brokerName: 'b',
      brokerCrmName: 'c',
      ctrader: { url: 'simulator', managerLogin: 1, managerPassword: { env: 'UNSET_FOR_TEST', default: 'y' } },
      branding: { name: 'n', legalEntity: 'l' },
      ...extra,
    },
  ],
});

const problems = (extra: Record<string, unknown>): string => {
  try {
    buildConfig(broker(extra), {});
    return '';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('customActions and kyc config', () => {
  it('has working defaults', () => {
    const c = buildConfig(broker({}), {}).brokers[0];
    expect(c.customActions.actions.size).toBe(0);
    expect(c.customActions.chat).toBeUndefined();
    expect(c.kyc).toMatchObject({ maxFiles: 3, maxFileBytes: 10 * 1024 * 1024, fileTypes: ['pdf', 'jpeg', 'png'] });
    expect(c.kyc.storageDir).toMatch(/kyc$/);
  });

  it('reads actionType → action maps with per-language titles', () => {
    const c = buildConfig(
      broker({
        customActions: {
          actions: {
            becomePartner: { title: { en: 'Become a partner', de: 'Partner werden' }, url: 'https://x.example.com/p' },
            hours: { title: { en: 'Hours' }, builtin: 'info', text: { en: 'Open 24/5' } },
            support: { title: { en: 'Support' }, builtin: 'chat', eventName: 'open_chat' },
          },
          chat: { url: 'https://chat.example.com/w' },
        },
      }),
      {},
    ).brokers[0];
    expect(c.customActions.actions.get('becomePartner')?.url).toBe('https://x.example.com/p');
    expect(c.customActions.actions.get('hours')?.text).toEqual({ en: 'Open 24/5' });
    expect(c.customActions.chat).toMatchObject({ url: 'https://chat.example.com/w', embed: false });
  });

  it('refuses bad actions with every problem named', () => {
    const msg = problems({
      customActions: {
        actions: {
          'bad key!': { title: { en: 'x' }, url: 'https://a.example.com' },
          noTarget: {},
          both: { title: { en: 'x' }, url: 'https://a.example.com', builtin: 'kyc' },
          infoWithoutText: { title: { en: 'x' }, builtin: 'info' },
          js: { title: { en: 'x' }, url: 'javascript:alert(1)' },
        },
      },
    });
    expect(msg).toMatch(/actionType keys/);
    expect(msg).toMatch(/noTarget.*title/s);
    expect(msg).toMatch(/needs url/);
    expect(msg).toMatch(/not given together with url/);
    expect(msg).toMatch(/infoWithoutText.*text/s);
    expect(msg).toMatch(/js\.url/);
  });

  it('refuses bad kyc limits', () => {
    const msg = problems({ kyc: { maxFiles: 0, fileTypes: ['exe'], maxFileBytes: 10 } });
    expect(msg).toMatch(/kyc\.maxFiles/);
    expect(msg).toMatch(/kyc\.fileTypes/);
    expect(msg).toMatch(/kyc\.maxFileBytes/);
  });
});
