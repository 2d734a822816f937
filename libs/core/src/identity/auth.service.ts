import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { isUUID } from 'class-validator';
import { DataSource, IsNull } from 'typeorm';
import type { Env } from '@app/config';
import { RefreshTokenEntity, UserEntity, UserRole } from '../entities';
import { UnauthenticatedError } from '../errors';
import { sha256Hex } from '../hashing';
import { hashPassword, verifyPassword } from './secrets';

export interface AuthenticatedUser {
  kind: 'user';
  userId: string;
  email: string;
  displayName: string;
  role: UserRole;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

interface AccessClaims {
  sub: string;
  role: UserRole;
  typ: 'access';
}

const REFRESH_PREFIX = 'qr_';

/** Passwords log people in; short-lived JWTs carry them; rotating refresh tokens keep them in. */
@Injectable()
export class AuthService {
  // Checked when the e-mail is unknown, so a miss costs as much time as a wrong password.
  private readonly decoyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async verifyCredentials(email: string, password: string): Promise<UserEntity | null> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOneBy({ email: email.trim().toLowerCase() });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.decoyHash));
    return ok && user && !user.disabledAt ? user : null;
  }

  async issueTokens(user: UserEntity, familyId: string = randomUUID()): Promise<TokenPair> {
    const ttl = this.config.get('ACCESS_TOKEN_TTL_SECONDS', { infer: true });
    const claims: AccessClaims = { sub: user.id, role: user.role, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: ttl });
    const refreshToken = REFRESH_PREFIX + randomBytes(32).toString('base64url');
    const refreshTtl = this.config.get('REFRESH_TOKEN_TTL_SECONDS', { infer: true });
    await this.dataSource.getRepository(RefreshTokenEntity).insert({
      userId: user.id,
      familyId,
      tokenHash: sha256Hex(refreshToken),
      expiresAt: new Date(Date.now() + refreshTtl * 1000),
    });
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: ttl };
  }

  /**
   * Spends a refresh token for a new pair. A token presented twice means it was copied: the whole
   * family is revoked, so the thief and the owner both have to log in again.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const spent = await this.dataSource.transaction(async (em) => {
      const token = await em.findOne(RefreshTokenEntity, {
        where: { tokenHash: sha256Hex(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!token || token.revokedAt || token.expiresAt.getTime() <= Date.now()) return null;
      if (token.usedAt) {
        await em.update(
          RefreshTokenEntity,
          { familyId: token.familyId, revokedAt: IsNull() },
          { revokedAt: new Date() },
        );
        return 'reused' as const;
      }
      await em.update(RefreshTokenEntity, { id: token.id }, { usedAt: new Date() });
      const user = await em.findOneBy(UserEntity, { id: token.userId });
      return user && !user.disabledAt ? { user, familyId: token.familyId } : null;
    });
    if (!spent || spent === 'reused') throw new UnauthenticatedError('The refresh token is not valid');
    return this.issueTokens(spent.user, spent.familyId);
  }

  async logout(refreshToken: string): Promise<void> {
    const token = await this.dataSource
      .getRepository(RefreshTokenEntity)
      .findOneBy({ tokenHash: sha256Hex(refreshToken) });
    if (token) {
      await this.dataSource
        .getRepository(RefreshTokenEntity)
        .update({ familyId: token.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    }
  }

  /** Checks an access token and that its person still exists and is enabled; the role comes from the database. */
  async authenticateAccessToken(token: string): Promise<AuthenticatedUser | null> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    // A subject that is no user id is refused here: the id column would reject it with a database error.
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !isUUID(claims.sub)) return null;
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: claims.sub });
    if (!user || user.disabledAt) return null;
    return {
      kind: 'user',
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
    };
  }
}
