import { plainToInstance, Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { buildConfig, maskedConfig } from './config-loader';
import { Secret, secretFieldsOf, secretSettingNames } from './secret';
import { MASK } from './secret-ref';
import { hashPasswordSync } from '../lib/crypto/password-hash';

class Vault {
  /** A name no list would ever have guessed: only the decorator makes it a secret. */
  @Secret() @IsString() pineapple: string;
  @IsOptional() @IsString() password?: string;
}
class Holder {
  @ValidateNested() @Type(() => Vault) vault: Vault;
}

describe('@Secret marks secrets on the config class (issue #20)', () => {
  it('a field is masked because of its decorator, and an unmarked field is not, whatever its name', () => {
    const holder = plainToInstance(Holder, { vault: { pineapple: 'sweet-secret', password: 'shown' } });
    const view = maskedConfig(holder as never) as { vault: Record<string, string> };
    expect(view.vault.pineapple).toBe(MASK);
    expect(view.vault.password).toBe('shown');
    expect(secretFieldsOf(holder.vault).has('pineapple')).toBe(true);
    expect(secretSettingNames()).toContain('pineapple');
  });

  it("the app's secrets are resolved from references and masked by their decorators", () => {
    const hash = hashPasswordSync('x');
    const config = buildConfig(
      {
        database: { url: 'sqlite:./x.db' },
        modules: ['fullSso'],
        loginProtection: { deviceCookieSecret: { env: 'COOKIE' } },
        brokers: [
          {
            brokerName: 'b1',
            brokerCrmName: 'c1',
            modules: ['fullSso'],
            crmApiPasswords: [hash],
            ctrader: { url: 'https://ct.example.com:1', managerLogin: 1, managerPassword: { env: 'CT' } },
            branding: { name: 'B', legalEntity: 'B Ltd' },
          },
        ],
      },
      { CT: 'manager-secret', COOKIE: 'c'.repeat(40) },
    );
    expect(config.brokers[0].ctrader.managerPassword).toBe('manager-secret');
    const view = maskedConfig(config) as {
      brokers: Array<{ ctrader: { managerPassword: string }; crmApiPasswords: string[] }>;
      loginProtection: Record<string, unknown>;
    };
    expect(view.brokers[0].ctrader.managerPassword).toBe(MASK);
    expect(view.brokers[0].crmApiPasswords).toEqual([MASK]);
    expect(view.loginProtection.deviceCookieSecret).toBe(MASK);
    expect(JSON.stringify(view)).not.toContain('manager-secret');
    expect(secretSettingNames()).toEqual(
      expect.arrayContaining([
        'managerPassword',
        'bootstrapKey',
        'webhookCredential',
        'callbackSecret',
        'smtpPassword',
        'deviceCookieSecret',
        'crmApiPasswords',
      ]),
    );
  });

  it('a secret written literally is refused; a literal-marked hash is not', () => {
    expect(() =>
      buildConfig(
        {
          database: { url: 'sqlite:./x.db' },
          modules: ['fullSso'],
          brokers: [
            {
              brokerName: 'b1',
              brokerCrmName: 'c1',
              modules: ['fullSso'],
              crmApiPasswords: [hashPasswordSync('x')],
              ctrader: { url: 'https://ct.example.com:1', managerLogin: 1, managerPassword: 'literal' },
              branding: { name: 'B', legalEntity: 'B Ltd' },
            },
          ],
        },
        {},
      ),
    ).toThrow(/brokers\[0\]\.ctrader\.managerPassword: secrets are given by reference/);
  });
});
