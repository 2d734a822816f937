import { randomBytes } from 'node:crypto';
import { DirectoryService } from '../../libs/core/src/identity/directory.service';
import type { UserRole } from '../../libs/core/src/entities';
import type { Quorate } from './harness';

export interface Person {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** Creates a person through the directory (as the system) and logs them in through the API. */
export async function createPerson(q: Quorate, role: UserRole, email?: string): Promise<Person> {
  const address = email ?? `${role}-${randomBytes(4).toString('hex')}@example.com`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const { person } = await q.api
    .get(DirectoryService)
    .createPerson({ type: 'system', id: 'test' }, { email: address, role, password });
  const tokens = await login(q, address, password);
  return { id: person.id, email: address, password, ...tokens };
}

export async function login(
  q: Quorate,
  email: string,
  password: string,
): Promise<{ accessToken: string; refreshToken: string }> {
  const response = await q.http.post('/v1/auth/login').send({ email, password }).expect(200);
  return response.body;
}

export const bearer = (token: string): { Authorization: string } => ({ Authorization: `Bearer ${token}` });
