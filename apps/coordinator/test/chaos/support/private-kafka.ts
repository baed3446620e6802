import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../../../scripts/lib/stack';

const run = promisify(execFile);
const KAFKA_CLI = resolve(__dirname, '../../../../../scripts/kafka.js');

/**
 * A Kafka broker of a scenario's own (scripts/kafka.js with a home in a temporary directory and free ports), so it
 * can be stopped and started without touching the broker every other spec uses: the broker the jest global setup
 * started, or one someone else runs (KAFKA_BROKERS). Its jars are linked from the usual home (fetched there once).
 */
export class PrivateKafka {
  private home?: string;
  private ports?: { broker: number; controller: number };

  /** `127.0.0.1:<port>` once started. */
  get brokers(): string {
    if (!this.ports) throw new Error('the private Kafka is not started');
    return `127.0.0.1:${this.ports.broker}`;
  }

  async init(): Promise<void> {
    const libs = (await this.kafka(['libs'], {})).trim();
    this.home = mkdtempSync(join(tmpdir(), 'lethe-chaos-kafka-'));
    symlinkSync(libs, join(this.home, 'libs'));
    this.ports = { broker: await freePort(), controller: await freePort() };
    await this.start();
  }

  /** Starts the broker (again: its data directory, so its topics and offsets, survive a stop). */
  async start(): Promise<void> {
    await this.kafka(['start'], this.ownEnv());
  }

  /** Stops it: SIGTERM, then SIGKILL if it has not gone within scripts/kafka.js's grace period. */
  async stop(): Promise<void> {
    await this.kafka(['stop'], this.ownEnv());
  }

  async destroy(): Promise<void> {
    if (!this.home) return;
    await this.stop().catch(() => undefined);
    rmSync(this.home, { recursive: true, force: true });
    this.home = undefined;
  }

  private ownEnv(): Record<string, string> {
    if (!this.home || !this.ports) throw new Error('the private Kafka is not initialised');
    return {
      LETHE_KAFKA_HOME: this.home,
      LETHE_KAFKA_PORT: String(this.ports.broker),
      LETHE_KAFKA_CONTROLLER_PORT: String(this.ports.controller),
    };
  }

  /** Runs scripts/kafka.js with KAFKA_BROKERS out of the way, since that variable forbids starting a broker. */
  private async kafka(args: string[], env: Record<string, string>): Promise<string> {
    const { KAFKA_BROKERS: _shared, ...inherited } = process.env;
    try {
      const { stdout } = await run(process.execPath, [KAFKA_CLI, ...args], {
        env: { ...inherited, ...env },
        // the first fetch of the jars and a broker start on a loaded machine both take a while
        timeout: 300_000,
      });
      return stdout;
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`scripts/kafka.js ${args.join(' ')} failed: ${stderr || stdout || String(error)}`, {
        cause: error,
      });
    }
  }
}
