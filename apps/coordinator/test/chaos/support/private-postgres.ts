import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../../../scripts/lib/stack';

const run = promisify(execFile);

/** Where PostgreSQL 15's server binaries are (LETHE_CHAOS_PG_BIN), as the Debian/Ubuntu packages install them. */
const PG_BIN = process.env.LETHE_CHAOS_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** initdb and postgres refuse to run as root: as root, they run as this OS user (LETHE_CHAOS_PG_OS_USER). */
const PG_OS_USER = process.env.LETHE_CHAOS_PG_OS_USER ?? 'postgres';

/**
 * A PostgreSQL server of a scenario's own, in a temporary directory on a free port, so it can be restarted without
 * touching the server everyone else shares. Trust authentication on 127.0.0.1 only, its socket in its own
 * directory, no fsync (its data is thrown away).
 */
export class PrivatePostgres {
  private dir?: string;
  private port?: number;

  /** `postgres://postgres@127.0.0.1:<port>/postgres` once started. */
  get url(): string {
    if (!this.port) throw new Error('the private PostgreSQL is not started');
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async init(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'lethe-chaos-pg-'));
    if (process.getuid?.() === 0) {
      const uid = Number((await run('id', ['-u', PG_OS_USER])).stdout.trim());
      const gid = Number((await run('id', ['-g', PG_OS_USER])).stdout.trim());
      chownSync(this.dir, uid, gid);
    }
    this.port = await freePort();
    await this.pg('initdb', ['-D', this.data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    await this.start();
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    await this.pg('pg_ctl', [
      '-D',
      this.data,
      '-l',
      join(this.dir!, 'server.log'),
      '-o',
      options,
      '-w',
      'start',
    ]);
  }

  /** `fast`: sessions are ended and the server shuts down cleanly; `immediate`: it goes away as in a crash. */
  async stop(mode: 'fast' | 'immediate'): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.data, '-m', mode, '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    if (!this.dir) return;
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private get data(): string {
    return join(this.dir!, 'data');
  }

  private async pg(binary: string, args: string[]): Promise<void> {
    const command = join(PG_BIN, binary);
    const [file, argv] =
      process.getuid?.() === 0 ? ['runuser', ['-u', PG_OS_USER, '--', command, ...args]] : [command, args];
    try {
      await run(file, argv, { timeout: 60_000 });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${binary} ${args.join(' ')} failed: ${stderr || stdout || String(error)}`, {
        cause: error,
      });
    }
  }
}
