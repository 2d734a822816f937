import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager, IsNull } from 'typeorm';
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
  /** The person's session epoch at issue; raising the epoch ends the token. */
  sep: number;
  /** The refresh-token family (the session); revoking the family ends the token. */
  sid: string;
}

const REFRESH_PREFIX = 'qr_';
const MAX_EPOCH = 2 ** 31 - 1;

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

  async issueTokens(user: UserEntity): Promise<TokenPair> {
    return this.dataSource.transaction((em) => this.issueIn(em, user, randomUUID()));
  }

  /** Signs an access token and stores its refresh token, both of family `familyId`, in `em`'s transaction. */
  private async issueIn(em: EntityManager, user: UserEntity, familyId: string): Promise<TokenPair> {
    const ttl = this.config.get('ACCESS_TOKEN_TTL_SECONDS', { infer: true });
    const claims: AccessClaims = {
      sub: user.id,
      role: user.role,
      typ: 'access',
      sep: user.sessionEpoch,
      sid: familyId,
    };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: ttl });
    const refreshToken = REFRESH_PREFIX + randomBytes(32).toString('base64url');
    const refreshTtl = this.config.get('REFRESH_TOKEN_TTL_SECONDS', { infer: true });
    await em.insert(RefreshTokenEntity, {
      userId: user.id,
      familyId,
      sessionEpoch: user.sessionEpoch,
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
    // The next token is inserted in the transaction that spends this one: a concurrent second use
    // waits on the row lock, then finds it spent and revokes the family including the winner's token.
    const pair = await this.dataSource.transaction(async (em) => {
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
      const user = await em.findOneBy(UserEntity, { id: token.userId });
      // An epoch raised since the family began (password, role, disabling) ends it, even if this
      // token's row escaped the revocation by being written concurrently with it.
      if (!user || user.disabledAt || user.sessionEpoch !== token.sessionEpoch) return null;
      await em.update(RefreshTokenEntity, { id: token.id }, { usedAt: new Date() });
      return this.issueIn(em, user, token.familyId);
    });
    if (!pair || pair === 'reused') throw new UnauthenticatedError('The refresh token is not valid');
    return pair;
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
    // Claims the columns would reject (ids that are no UUIDs, an epoch beyond integer) are refused
    // here, not with a database error.
    if (
      claims.typ !== 'access' ||
      typeof claims.sub !== 'string' ||
      !isUUID(claims.sub) ||
      typeof claims.sid !== 'string' ||
      !isUUID(claims.sid) ||
      !Number.isInteger(claims.sep) ||
      claims.sep < 0 ||
      claims.sep > MAX_EPOCH
    ) {
      return null;
    }
    // The same one round trip as reading the user alone: the session's family must not be revoked
    // (logout, reuse), and the person's epoch must still be the token's (password, role, disabling).
    const rows = await this.dataSource.query<UserRow[]>(
      `SELECT u.id, u.email, u.display_name, u.role FROM users u
        WHERE u.id = $1 AND u.disabled_at IS NULL AND u.session_epoch = $2
          AND NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = $3 AND r.revoked_at IS NOT NULL)`,
      [claims.sub, claims.sep, claims.sid],
    );
    const user = rows[0];
    if (!user) return null;
    return {
      kind: 'user',
      userId: user.id,
      email: user.email,
      displayName: user.display_name,
      role: user.role,
    };
  }
}

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: UserRole;
}
