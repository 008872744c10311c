import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface ManagementSession {
  id: string;
  /** Sent in every management form; a post without it is refused. */
  csrfToken: string;
  expiresAt: number;
  /** A just-created key's plaintext, held only until the next keys page shows it once. */
  createdKey?: { name: string; plaintext: string } | undefined;
}

export const SESSION_COOKIE = 'sb_session';

export interface ManagementSessionOptions {
  now: () => number;
  /** Idle lifetime (default 8 hours); each use extends it. */
  ttlMs?: number;
  /** Oldest sessions are dropped beyond this many (default 1000). */
  maxSessions?: number;
}

/**
 * Management web sessions, in memory only: a restart logs everyone out, and no session
 * secret ever reaches the store. The cookie holds a random id, never the management key.
 */
export class ManagementSessions {
  private readonly sessions = new Map<string, ManagementSession>();
  private readonly now: () => number;
  readonly ttlMs: number;
  private readonly maxSessions: number;

  constructor(options: ManagementSessionOptions) {
    this.now = options.now;
    this.ttlMs = options.ttlMs ?? 8 * 60 * 60 * 1000;
    this.maxSessions = options.maxSessions ?? 1000;
  }

  open(): ManagementSession {
    this.sweep();
    while (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    const session = { id: token(), csrfToken: token(), expiresAt: this.now() + this.ttlMs };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session named by the request's cookie, its expiry extended; undefined otherwise. */
  find(request: IncomingMessage): ManagementSession | undefined {
    const id = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    session.expiresAt = this.now() + this.ttlMs;
    return session;
  }

  close(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const at = this.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= at) this.sessions.delete(id);
  }
}

/** Constant-time comparison of a posted CSRF token with the session's. */
export function csrfTokenMatches(session: ManagementSession, posted: string | null): boolean {
  if (!posted) return false;
  const expected = Buffer.from(session.csrfToken);
  const actual = Buffer.from(posted);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * A cross-site form post carries a foreign Origin; ours carries the page's own host (or, from
 * old browsers, no Origin at all, which SameSite=Strict and the CSRF token still cover).
 */
export function isSameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** `secure` when the browser reached the gateway over TLS (directly or through a proxy). */
export function sessionCookie(session: ManagementSession, ttlMs: number, secure = false): string {
  return `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(ttlMs / 1000)}${secure ? '; Secure' : ''}`;
}

export function reachedOverTls(request: IncomingMessage): boolean {
  return request.headers['x-forwarded-proto'] === 'https' || (request.socket as { encrypted?: boolean }).encrypted === true;
}

export function expiredSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

function token(): string {
  return randomBytes(32).toString('base64url');
}
