import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../../lib/errors.js';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'oceras';
const AUDIENCE = 'oceras:agent';
const TYPE = 'at+jwt';
const ALG = 'HS256';

export interface AccessClaims {
  agentId: string;
  organizationId: string;
  sessionId: string;
  expiresAt: Date;
}

/**
 * Agent access tokens: HS256 JWTs that live 15 minutes. Verification pins algorithm, issuer, audience and token
 * type, so no other token (a visitor's, a refresh token, one signed for another audience) passes as an agent's.
 */
export class TokenService {
  /** Imported once: given raw bytes, jose imports a WebCrypto key on every sign and verify. */
  private readonly key: Promise<CryptoKey>;
  /**
   * Tokens already verified, by their exact text, until they expire. The same bytes verify the same way until
   * `exp`, so an HMAC check (and WebCrypto's key import, a fifth of a cheap request's CPU) is done once per
   * token instead of once per request. Bounded; revocation is not decided here but by the session check.
   */
  private readonly verified = new Map<string, AccessClaims>();
  private static readonly VERIFIED_MAX = 10_000;
  constructor(secret: string) {
    this.key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  async signAccess(claims: { agentId: string; organizationId: string; sessionId: string }) {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + ACCESS_TOKEN_TTL_SECONDS;
    const token = await new SignJWT({ org: claims.organizationId, sid: claims.sessionId })
      .setProtectedHeader({ alg: ALG, typ: TYPE })
      .setSubject(claims.agentId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(await this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  async verifyAccess(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt.getTime() > Date.now()) return known;
      this.verified.delete(token);
      throw new AppError('TOKEN_EXPIRED', 'access token expired: refresh it');
    }
    const claims = await this.verifyFully(token);
    if (this.verified.size >= TokenService.VERIFIED_MAX) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  private async verifyFully(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: [ALG],
        issuer: ISSUER,
        audience: AUDIENCE,
        typ: TYPE,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const { sub, org, sid, exp } = payload;
      if (typeof sub !== 'string' || typeof org !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') {
        throw new AppError('UNAUTHENTICATED', 'malformed access token');
      }
      return { agentId: sub, organizationId: org, sessionId: sid, expiresAt: new Date(exp * 1000) };
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof errors.JWTExpired) throw new AppError('TOKEN_EXPIRED', 'access token expired: refresh it');
      throw new AppError('UNAUTHENTICATED', 'invalid access token');
    }
  }
}
