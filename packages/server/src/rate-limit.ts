// Fixed one-minute windows counted in memory: each instance counts alone, so N instances behind
// a load balancer allow up to N times a limit.
import { ApiError } from './errors.ts';

const WINDOW_MS = 60_000;
/** Beyond this many windows the oldest are dropped, so a flood of addresses cannot fill memory. */
const MAX_WINDOWS = 100_000;

interface Window {
  startedAt: number;
  count: number;
}

export class WindowCounter {
  // Insertion order is start order: a window that restarts is moved to the end, so the expired
  // ones are always at the front.
  private readonly windows = new Map<string, Window>();

  constructor(private readonly perMinute: number) {}

  /** Counts one event for `key`; throws a 429 with `Retry-After` once the minute is used up. */
  count(key: string, now: number, message: string): void {
    this.evictExpired(now);
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      this.windows.delete(key);
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count > this.perMinute) throw tooMany(window, now, message);
  }

  /** The 429 to answer while `key` has used up its minute, without counting. */
  exceeded(key: string, now: number, message: string): ApiError | undefined {
    const window = this.windows.get(key);
    if (!window || now - window.startedAt >= WINDOW_MS || window.count < this.perMinute) {
      return undefined;
    }
    return tooMany(window, now, message);
  }

  get size(): number {
    return this.windows.size;
  }

  private evictExpired(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.startedAt < WINDOW_MS && this.windows.size < MAX_WINDOWS) return;
      this.windows.delete(key);
    }
  }
}

function tooMany(window: Window, now: number, message: string): ApiError {
  const retryAfter = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000));
  return new ApiError(429, `${message}; retry after ${retryAfter} seconds`, {
    headers: { 'Retry-After': String(retryAfter) },
  });
}
