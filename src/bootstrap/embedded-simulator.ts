import { AppConfig } from '../config/app-config';

export interface EmbeddedSimulator {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Brokers configured with `ctrader.url: simulator` get the built-in cTrader simulator, started in-process on
 * `simulator.port`; their config then points at it like at any real host.
 */
export async function startEmbeddedSimulator(config: AppConfig): Promise<EmbeddedSimulator | undefined> {
  const brokers = config.brokers.filter((b) => b.ctrader.url === 'simulator');
  if (brokers.length === 0) return undefined;
  // Filled in when the simulator lands (src/simulator).
  return undefined;
}
