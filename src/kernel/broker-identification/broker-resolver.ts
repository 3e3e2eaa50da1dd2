import { brokerIdInvalid, brokerIdMismatch, brokerIdMissing } from '../errors/contract.exception';
import { BrokerContext } from './broker-context';
import { BrokerRegistry } from './broker-registry.service';

const URL_SAFE = /^[A-Za-z0-9._~-]+$/;

export interface BrokerIdSources {
  query: unknown;
  body: unknown;
  hostname: string | undefined;
}

/**
 * Contract §1.2 as one pure function: ids from the query string, then the JSON body, then the host mapping;
 * compared case-sensitively. Throws the contract's 400/401/403.
 */
export function resolveBroker(registry: BrokerRegistry, src: BrokerIdSources): BrokerContext {
  const q = idsFrom(src.query);
  const b = idsFrom(src.body);
  if ((q.name !== undefined && b.name !== undefined && q.name !== b.name) || (q.crm !== undefined && b.crm !== undefined && q.crm !== b.crm)) {
    throw brokerIdMismatch();
  }
  const name = q.name ?? b.name;
  const crm = q.crm ?? b.crm;
  for (const v of [name, crm]) {
    if (v !== undefined && (typeof v !== 'string' || !URL_SAFE.test(v))) throw brokerIdInvalid();
  }
  const mapped = registry.findByHost(src.hostname);
  if (name === undefined && crm === undefined) {
    if (mapped) return mapped;
    throw brokerIdMissing();
  }
  if (typeof name === 'string') {
    const broker = registry.findByName(name);
    if (!broker) throw brokerIdInvalid();
    if (typeof crm === 'string') {
      if (registry.findByCrm(crm).length === 0) throw brokerIdInvalid();
      if (broker.brokerCrmName !== crm) throw brokerIdMismatch();
    }
    return broker;
  }
  // Only brokerCrmName: unambiguous when one broker uses that CRM, or when the host mapping names one of them.
  const brokers = registry.findByCrm(crm as string);
  if (brokers.length === 0) throw brokerIdInvalid();
  if (brokers.length === 1) return brokers[0];
  if (mapped && mapped.brokerCrmName === crm) return mapped;
  throw brokerIdMissing();
}

/** Reads the two ids; an empty value counts as absent, a repeated query parameter as not URL-safe. */
function idsFrom(source: unknown): { name?: unknown; crm?: unknown } {
  if (!source || typeof source !== 'object' || Array.isArray(source)) return {};
  const s = source as Record<string, unknown>;
  const norm = (v: unknown) => (v === '' || v === null ? undefined : v);
  return { name: norm(s.brokerName), crm: norm(s.brokerCrmName) };
}
