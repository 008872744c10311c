import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { csrfTokenMatches, isSameOrigin, ManagementSessions, readCookie, sessionCookie } from './management-sessions.js';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('management sessions', () => {
  it('find a session by cookie until it has been idle too long', () => {
    let clock = 1_000;
    const sessions = new ManagementSessions({ now: () => clock, ttlMs: 100 });
    const session = sessions.open();
    const withCookie = request({ cookie: `theme=dark; sb_session=${session.id}` });
    clock += 90;
    expect(sessions.find(withCookie)?.id).toBe(session.id);
    clock += 90; // Still alive: the previous use extended it.
    expect(sessions.find(withCookie)?.id).toBe(session.id);
    clock += 101;
    expect(sessions.find(withCookie)).toBeUndefined();
    expect(sessions.find(request({ cookie: 'sb_session=forged' }))).toBeUndefined();
  });

  it('close ends a session, and the oldest go beyond the limit', () => {
    const sessions = new ManagementSessions({ now: () => 0, maxSessions: 2 });
    const first = sessions.open();
    const second = sessions.open();
    sessions.open();
    expect(sessions.find(request({ cookie: `sb_session=${first.id}` }))).toBeUndefined();
    sessions.close(second.id);
    expect(sessions.find(request({ cookie: `sb_session=${second.id}` }))).toBeUndefined();
  });

  it('sets an HttpOnly, SameSite=Strict cookie holding only the random id', () => {
    const sessions = new ManagementSessions({ now: () => 0 });
    const session = sessions.open();
    const cookie = sessionCookie(session, sessions.ttlMs);
    expect(cookie).toMatch(/^sb_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/);
    expect(readCookie(`a=1; sb_session=${session.id}`, 'sb_session')).toBe(session.id);
    expect(sessionCookie(session, sessions.ttlMs, true)).toMatch(/; Secure$/);
  });

  it('checks CSRF tokens and origins', () => {
    const session = new ManagementSessions({ now: () => 0 }).open();
    expect(csrfTokenMatches(session, session.csrfToken)).toBe(true);
    expect(csrfTokenMatches(session, null)).toBe(false);
    expect(csrfTokenMatches(session, `${session.csrfToken}x`)).toBe(false);
    expect(isSameOrigin(request({ host: 'gw:8080', origin: 'http://gw:8080' }))).toBe(true);
    expect(isSameOrigin(request({ host: 'gw:8080' }))).toBe(true);
    expect(isSameOrigin(request({ host: 'gw:8080', origin: 'https://evil.example' }))).toBe(false);
    expect(isSameOrigin(request({ host: 'gw:8080', origin: 'null' }))).toBe(false);
  });
});
