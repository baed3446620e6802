import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

export interface DashboardAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The dashboard's files (apps/coordinator/src/dashboard/web), read once at start-up and served from memory.
 * The TypeScript build does not copy them, so the compiled coordinator finds them in the source tree beside dist/.
 * Only files directly in that folder with a known type are served, so no request path reaches the file system.
 */
export function dashboardWebRoot(): string | undefined {
  const candidates = [
    resolve(__dirname, '..', 'web'),
    // dist/apps/coordinator/src/dashboard/assets → the repository root
    resolve(__dirname, '..', '..', '..', '..', '..', '..', 'apps', 'coordinator', 'src', 'dashboard', 'web'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

@Injectable()
export class DashboardAssets {
  private readonly logger = new Logger(DashboardAssets.name);
  private readonly files = new Map<string, DashboardAsset>();

  constructor() {
    const root = dashboardWebRoot();
    if (!root) {
      this.logger.warn('dashboard files not found: /dashboard will answer 404');
      return;
    }
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      const contentType = CONTENT_TYPES[extname(entry.name)];
      if (!entry.isFile() || !contentType) continue;
      const body = readFileSync(join(root, entry.name));
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      this.files.set(entry.name, { body, contentType, etag });
    }
  }

  get(name: string): DashboardAsset | undefined {
    return this.files.get(name);
  }
}
