import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');

interface ComposeService {
  command?: string[] | string;
  environment?: Record<string, string | number>;
  volumes?: string[];
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const nestCli = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as {
  projects: Record<string, { type: string; entryFile: string }>;
};
const applications = Object.entries(nestCli.projects).filter(([, project]) => project.type === 'application');
const sampleServices = applications.filter(([name]) => name !== 'coordinator');

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
    const source = (path: string) => readFileSync(join(ROOT, path), 'utf8');
    const known = (...sources: string[]) =>
      new Set(sources.flatMap((text) => [...text.matchAll(/read\.\w+\('([A-Z_]+)'/g)].map((m) => m[1])));
    // a sample service reads the shared variables and those of its own `*-config.ts`, if it has one
    const sampleServiceVariables = (name: string) => {
      const src = `apps/sample-services/${name}/src`;
      const own = existsSync(join(ROOT, src))
        ? readdirSync(join(ROOT, src)).filter((file) => file.endsWith('-config.ts'))
        : [];
      return known(
        source('apps/sample-services/shared/sample-service-config.ts'),
        ...own.map((file) => source(`${src}/${file}`)),
      );
    };
    const check = (service: string, names: Set<string>) => {
      for (const variable of Object.keys(compose.services[service].environment ?? {})) {
        expect([variable, names.has(variable.replace(/_FILE$/, ''))]).toEqual([variable, true]);
      }
    };
    check('coordinator', known(source('apps/coordinator/src/config/coordinator-config.ts')));
    for (const [name] of sampleServices) check(name, sampleServiceVariables(name));
  });

  it.each(sampleServices)('gives the %s service its own signing secret', (name) => {
    const service = compose.services[name];
    expect(service.environment?.LETHE_SIGNING_SECRET_FILE).toBe(`/secrets/${name}`);
    expect(service.volumes).toContain('service-secrets:/secrets:ro');
    const generated = [compose.services['service-secrets'].command].flat().join(' ');
    expect(generated).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('creates every database the apps are configured with', () => {
    const created = readFileSync(join(ROOT, 'scripts/docker/init-databases.sql'), 'utf8');
    for (const [name, service] of Object.entries(compose.services)) {
      const url = service.environment?.DATABASE_URL;
      if (url === undefined) continue;
      const database = new URL(String(url)).pathname.slice(1);
      expect([name, created.includes(`CREATE DATABASE ${database};`)]).toEqual([name, true]);
    }
  });
});
