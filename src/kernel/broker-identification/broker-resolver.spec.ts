import { AppConfigHolder } from '../../config/app-config-holder';
import { buildConfig } from '../../config/config-loader';
import { hashPasswordSync } from '../../lib/crypto/password-hash';
import { BrokerRegistry } from './broker-registry.service';
import { resolveBroker } from './broker-resolver';

const hash = hashPasswordSync('x');
const broker = (brokerName: string, brokerCrmName: string, hosts: string[] = []) => ({
  brokerName,
  brokerCrmName,
  hosts,
  modules: ['fullSso'],
  crmApiPasswords: [hash],
  ctrader: { url: 'https://ct:1', managerLogin: 1, managerPassword: { default: 'p' } },
  branding: { name: 'n', legalEntity: 'l' },
});
const registry = new BrokerRegistry(
  new AppConfigHolder(
    buildConfig(
      { database: { url: 'sqlite:x' }, modules: ['fullSso'], brokers: [broker('a', 'shared'), broker('b', 'shared', ['b.example.com']), broker('c', 'solo')] },
      {},
    ),
  ),
);
const resolve = (query: unknown, body: unknown = undefined, hostname?: string) => resolveBroker(registry, { query, body, hostname });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'resolved';
  } catch (e) {
    return `${(e as { getStatus(): number }).getStatus()} ${(e as { code: string }).code}`;
  }
};

describe('resolveBroker (contract §1.2)', () => {
  it('resolves from the query, then the body, then the host', () => {
    expect(resolve({ brokerName: 'a', brokerCrmName: 'shared' }).brokerName).toBe('a');
    expect(resolve({}, { brokerName: 'c', brokerCrmName: 'solo' }).brokerName).toBe('c');
    expect(resolve({ brokerName: 'a' }, { brokerCrmName: 'shared' }).brokerName).toBe('a');
    expect(resolve({}, {}, 'B.example.com').brokerName).toBe('b');
    expect(resolve({}, {}, 'b.example.com:8443').brokerName).toBe('b');
  });
  it('routes a shared CRM by brokerName, and a lone CRM by itself', () => {
    expect(resolve({ brokerCrmName: 'solo' }).brokerName).toBe('c');
    expect(codeOf(() => resolve({ brokerCrmName: 'shared' }))).toBe('400 BROKER_ID_MISSING');
    expect(resolve({ brokerCrmName: 'shared' }, undefined, 'b.example.com').brokerName).toBe('b');
  });
  it('answers 400 when nothing identifies the broker', () => {
    expect(codeOf(() => resolve({}))).toBe('400 BROKER_ID_MISSING');
    expect(codeOf(() => resolve({ brokerName: '' }, [1, 2]))).toBe('400 BROKER_ID_MISSING');
  });
  it('answers 401 for unknown, differently cased or non-URL-safe ids', () => {
    expect(codeOf(() => resolve({ brokerName: 'zz' }))).toBe('401 BROKER_ID_INVALID');
    expect(codeOf(() => resolve({ brokerName: 'A' }))).toBe('401 BROKER_ID_INVALID');
    expect(codeOf(() => resolve({ brokerName: 'a b' }))).toBe('401 BROKER_ID_INVALID');
    expect(codeOf(() => resolve({ brokerName: ['a', 'a'] }))).toBe('401 BROKER_ID_INVALID');
    expect(codeOf(() => resolve({}, { brokerName: 12 }))).toBe('401 BROKER_ID_INVALID');
    expect(codeOf(() => resolve({ brokerName: 'a', brokerCrmName: 'nope' }))).toBe('401 BROKER_ID_INVALID');
  });
  it('answers 403 when ids do not belong together or query and body disagree', () => {
    expect(codeOf(() => resolve({ brokerName: 'c', brokerCrmName: 'shared' }))).toBe('403 BROKER_ID_MISMATCH');
    expect(codeOf(() => resolve({ brokerName: 'a' }, { brokerName: 'b' }))).toBe('403 BROKER_ID_MISMATCH');
    expect(codeOf(() => resolve({ brokerCrmName: 'shared' }, { brokerCrmName: 'solo' }))).toBe('403 BROKER_ID_MISMATCH');
  });
});
