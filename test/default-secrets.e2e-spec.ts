import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as ts from 'typescript';
import { startApi } from '../apps/api/src/main';
import { AuthService } from '../libs/core/src/identity/auth.service';
import { ServiceSecrets } from '../libs/core/src/identity/service-secrets.service';
import { Quorate, startQuorate } from './support/harness';
import { bearer } from './support/people';

const ROOT = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [path] : [];
  });
}

/** Every string literal of at least 8 characters in apps/ and libs/: what anyone reading the source knows. */
function literalsInSource(): string[] {
  const found = new Set<string>();
  for (const file of [...sourceFiles(join(ROOT, 'apps')), ...sourceFiles(join(ROOT, 'libs'))]) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteralLike(node) && node.text.length >= 8) found.add(node.text);
      if (ts.isTemplateExpression(node) && node.head.text.length >= 8) found.add(node.head.text);
      node.forEachChild(visit);
    };
    visit(source);
  }
  return [...found];
}

/** No secret has a public default on a reachable interface. */
describe('default secrets and the listening address', () => {
  let q: Quorate;
  let adminId: string;

  beforeAll(async () => {
    // As a development machine runs it: no JWT_SECRET or WEBHOOK_SECRET configured.
    q = await startQuorate({ worker: false });
    const rows = await q.db.query(`SELECT id FROM users WHERE role = 'admin' LIMIT 1`);
    adminId = rows[0].id;
  });
  afterAll(() => q.close());

  const forge = (secret: string) =>
    new JwtService({ secret }).signAsync(
      { sub: adminId, role: 'admin', typ: 'access', sep: 0, sid: randomUUID() },
      { algorithm: 'HS256', issuer: 'quorate', expiresIn: 600 },
    );

  it('refuses an admin token signed with any string literal found in the source', async () => {
    const literals = literalsInSource();
    expect(literals.length).toBeGreaterThan(500);
    const auth = q.api.get(AuthService);
    const accepted: string[] = [];
    for (const literal of literals) {
      if (await auth.authenticateAccessToken(await forge(literal))) accepted.push(literal);
    }
    expect(accepted).toEqual([]);
    // The secrets the source used to default to, through HTTP as an attacker would send them.
    for (const former of [
      'quorate-development-secret-do-not-use-in-production',
      'quorate-development-webhook-secret-not-for-production',
    ]) {
      await q.http
        .get('/v1/auth/me')
        .set(bearer(await forge(former)))
        .expect(401);
    }
    // The same forgery with the generated secret is accepted: the check above could have failed.
    const generated = q.api.get(ServiceSecrets).current.jwt;
    expect(literals).not.toContain(generated);
    await q.http
      .get('/v1/auth/me')
      .set(bearer(await forge(generated)))
      .expect(200);
  });

  it('generates the secrets on first run, stores them, and uses the stored ones after a restart', async () => {
    const stored = await q.db.query(`SELECT name, value FROM service_secrets ORDER BY name`);
    expect(stored.map((r: { name: string }) => r.name)).toEqual(['JWT_SECRET', 'WEBHOOK_SECRET']);
    for (const { value } of stored) expect(value.length).toBeGreaterThanOrEqual(32);
    const secrets = q.api.get(ServiceSecrets).current;
    expect(stored).toEqual([
      { name: 'JWT_SECRET', value: secrets.jwt },
      { name: 'WEBHOOK_SECRET', value: secrets.webhook },
    ]);
    // A second process on the same database agrees, so its tokens and webhook secrets match.
    const second = await startApi({ ...q.env, PORT: '0' });
    try {
      expect(second.get(ServiceSecrets).current).toEqual(secrets);
    } finally {
      await second.close();
    }
  });

  it('listens on 127.0.0.1 unless HOST says otherwise', async () => {
    const api = await startApi({ ...q.env, PORT: '0' });
    try {
      expect((api.getHttpServer().address() as AddressInfo).address).toBe('127.0.0.1');
    } finally {
      await api.close();
    }
  });
});
