import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');

interface ComposeService {
  command?: string[] | string;
  environment?: Record<string, string | number>;
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const nestCli = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as {
  projects: Record<string, { type: string; entryFile: string }>;
};
const applications = Object.entries(nestCli.projects).filter(([, project]) => project.type === 'application');

describe('docker-compose.yml', () => {
  it('runs the three servers Lethe needs', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kafka', 'postgres', 'redis']));
  });

  it.each(applications)('runs the %s app with its built entry point', (name, project) => {
    const service = compose.services[name];
    expect(service).toBeDefined();
    expect([service.command].flat().join(' ')).toContain(`dist/${project.entryFile}.js`);
  });

  it('configures the apps with the variable names their config modules read', () => {
    const coordinatorConfig = readFileSync(
      join(ROOT, 'apps/coordinator/src/config/coordinator-config.ts'),
      'utf8',
    );
    const sampleConfig = readFileSync(
      join(ROOT, 'apps/sample-services/shared/sample-service-config.ts'),
      'utf8',
    );
    const known = (source: string) =>
      new Set([...source.matchAll(/read\.\w+\('([A-Z_]+)'/g)].map((m) => m[1]));
    const check = (service: string, names: Set<string>) => {
      for (const variable of Object.keys(compose.services[service].environment ?? {})) {
        expect([variable, names.has(variable.replace(/_FILE$/, ''))]).toEqual([variable, true]);
      }
    };
    check('coordinator', known(coordinatorConfig));
    for (const [name] of applications.filter(([n]) => n !== 'coordinator')) check(name, known(sampleConfig));
  });
});
