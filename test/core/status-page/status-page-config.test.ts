import { describe, expect, it } from 'vitest';
import { builtinKinds } from '../../../src/core/builtin-kinds';
import { formatIssue, parseWorkspace } from '../../../src/core/config/parse-workspace';

const parse = (text: string) => parseWorkspace(text, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {}, environment: null });

function issuesOf(text: string): string[] {
  const result = parse(text);
  if (result.ok) throw new Error('expected the workspace to be rejected');
  return result.issues.map(formatIssue);
}

const services = 'version: 1\nservices:\n  api: {}\n  db: {}\n';

describe('status_page in the workspace file', () => {
  it('accepts a page with names and { service, name } entries, and fills defaults', () => {
    const result = parse(`${services}status_page:\n  slug: shop\n  title: Shop\n  services: [api, { service: db, name: Database }]\n`);
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    expect(result.workspace.config.status_page).toEqual({
      slug: 'shop',
      title: 'Shop',
      services: [
        { service: 'api', name: 'api' },
        { service: 'db', name: 'Database' },
      ],
      heartbeats: 50,
      enabled: true,
    });
    const none = parse(services);
    expect(none.ok && none.workspace.config.status_page).toBeUndefined();
  });

  it('refuses unknown services with did-you-mean, at their line and column', () => {
    expect(
      issuesOf(`${services}status_page:\n  slug: shop\n  title: Shop\n  services:\n    - apii\n    - { service: dbb, name: Database }\n    - zzz\n`),
    ).toEqual([
      'zervigo.yaml:9:7: status_page.services[0]: unknown service "apii"; did you mean "api"?',
      'zervigo.yaml:10:7: status_page.services[1]: unknown service "dbb"; did you mean "db"?',
      'zervigo.yaml:11:7: status_page.services[2]: unknown service "zzz" (known: api, db)',
    ]);
  });

  it('refuses a bad slug, no services, a service twice and unknown keys', () => {
    expect(issuesOf(`${services}status_page: { slug: "Shop Page", title: Shop, services: [api] }\n`).join('\n')).toMatch(
      /zervigo\.yaml:5:\d+: status_page\.slug: the slug is lower-case letters, digits and "-"/,
    );
    expect(issuesOf(`${services}status_page: { slug: shop, title: Shop, services: [] }\n`).join('\n')).toMatch(/choose at least one service/);
    expect(issuesOf(`${services}status_page: { slug: shop, title: Shop, services: [api, api] }\n`).join('\n')).toMatch(/api is on the status page twice/);
    expect(issuesOf(`${services}status_page: { slug: shop, title: Shop, services: [api], theme: dark }\n`).join('\n')).toMatch(/theme/);
  });
});
