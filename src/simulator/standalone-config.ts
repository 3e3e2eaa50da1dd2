import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { BrokerServerTarget, SimulatorBrokerConfig, SimulatorOptions } from './simulator-options';

export interface StandaloneSettings {
  port: number;
  host: string;
  options: SimulatorOptions;
  brokerServer: BrokerServerTarget | null;
}

type Env = Record<string, string | undefined>;

/**
 * Reads the standalone simulator's settings from the environment and an optional YAML file
 * (`SIMULATOR_CONFIG`, shape `{ brokers: [...], rateLimit?: {...} }`). `${VAR}` and `${VAR:-default}` in YAML
 * strings are expanded so manager passwords can stay out of the file.
 */
export function loadStandaloneSettings(env: Env = process.env): StandaloneSettings {
  const port = env.SIMULATOR_PORT ? Number(env.SIMULATOR_PORT) : 3100;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`SIMULATOR_PORT must be a port number, got ${env.SIMULATOR_PORT}`);
  }
  const options: SimulatorOptions = env.SIMULATOR_CONFIG
    ? readYamlOptions(env.SIMULATOR_CONFIG, env)
    : {
        brokers: [
          {
            brokerCrmName: 'demo_crm',
            brokerNames: ['demo_broker'],
            managerLogin: 2309,
            managerPassword: env.SIM_MANAGER_PASSWORD ?? 'demo-manager-password',
          },
        ],
      };
  options.logger = env.SIMULATOR_LOG === 'true';
  const first = options.brokers[0];
  const brokerServer =
    env.BROKER_SERVER_URL && env.BROKER_SERVER_PASSWORD
      ? {
          baseUrl: env.BROKER_SERVER_URL,
          password: env.BROKER_SERVER_PASSWORD,
          brokerName: env.BROKER_NAME ?? first.brokerNames[0],
          brokerCrmName: env.BROKER_CRM_NAME ?? first.brokerCrmName,
        }
      : null;
  return { port, host: env.SIMULATOR_HOST ?? '127.0.0.1', options, brokerServer };
}

function readYamlOptions(path: string, env: Env): SimulatorOptions {
  const parsed = expand(parse(readFileSync(path, 'utf8')) as unknown, env);
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { brokers?: unknown }).brokers)) {
    throw new Error(`${path}: expected a YAML mapping with a 'brokers' list`);
  }
  const { brokers, rateLimit } = parsed as { brokers: unknown[]; rateLimit?: SimulatorOptions['rateLimit'] };
  return { brokers: brokers.map((broker) => normaliseBroker(broker, path)), rateLimit };
}

/** YAML has no opinion on number vs string for `managerLogin: "2309"`; CT's login is an integer. */
function normaliseBroker(raw: unknown, path: string): SimulatorBrokerConfig {
  const broker = raw as Partial<Record<keyof SimulatorBrokerConfig, unknown>>;
  if (typeof broker !== 'object' || broker === null) throw new Error(`${path}: each broker must be a mapping`);
  return {
    brokerCrmName: typeof broker.brokerCrmName === 'string' ? broker.brokerCrmName : '',
    brokerNames: Array.isArray(broker.brokerNames) ? broker.brokerNames.map(String) : [],
    managerLogin: Number(broker.managerLogin),
    managerPassword: typeof broker.managerPassword === 'string' ? broker.managerPassword : '',
    groups: Array.isArray(broker.groups) ? broker.groups.map(String) : undefined,
  };
}

function expand(value: unknown, env: Env): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_match, name: string, fallback?: string) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      throw new Error(`Simulator config refers to \${${name}}, which is not set`);
    });
  }
  if (Array.isArray(value)) return value.map((item) => expand(item, env));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expand(item, env)]));
  }
  return value;
}
