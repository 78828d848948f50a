// A per-credential limit of requests per minute, kept in memory: each instance counts alone,
// so N instances behind a load balancer allow up to N times the limit.
import type { RequestHandler } from 'express';
import { ApiError } from './errors.ts';
import { credentialFingerprint } from './keys.ts';
import { WARMUP } from './request-log.ts';
import { presentedCredential } from './validator.ts';

const WINDOW_MS = 60_000;

interface Window {
  startedAt: number;
  count: number;
}

export function rateLimit(perMinute: number): RequestHandler {
  const windows = new Map<string, Window>();

  return (req, _res, next) => {
    const credential = presentedCredential(req.headers);
    if (credential === undefined || WARMUP in req) return next();
    const now = Date.now();
    const key = credentialFingerprint(credential);
    let window = windows.get(key);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      // Expired windows are dropped as they are met, so the map holds only recent credentials.
      if (windows.size > 10_000) windows.clear();
      window = { startedAt: now, count: 0 };
      windows.set(key, window);
    }

    window.count += 1;
    if (window.count <= perMinute) return next();
    const retryAfter = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000));
    throw new ApiError(429, `Rate limit exceeded; retry after ${retryAfter} seconds`, {
      headers: { 'Retry-After': String(retryAfter) },
    });
  };
}
