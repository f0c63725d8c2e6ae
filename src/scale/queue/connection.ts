import { PerclassError } from '../../errors.js';

/** How BullMQ reaches Redis: ioredis options from a `redis://` URL. */
export interface RedisTarget {
  /** The URL as given, without its password: what errors and logs name. */
  shown: string;
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
}

/** `redis://[user:password@]host[:port][/db]`; anything else is `E_OPTION` naming it. */
export function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PerclassError('E_OPTION', `--redis ${url} is not a URL (redis://host:port)`);
  }
  if (parsed.protocol !== 'redis:' || parsed.hostname === '') {
    throw new PerclassError('E_OPTION', `--redis ${url} is not a redis://host:port URL`);
  }
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    throw new PerclassError('E_OPTION', `--redis ${url}: the database must be a number`);
  }
  const shown = new URL(url);
  if (shown.password !== '') shown.password = '***';
  return {
    shown: shown.toString(),
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db === '' ? {} : { db: Number(db) }),
  };
}

/** Connection attempts before a command gives up on an unreachable Redis. */
export const CONNECT_ATTEMPTS = 5;
const CONNECT_DELAY_MS = 200;

/**
 * ioredis options. `bounded`: give up after `CONNECT_ATTEMPTS` (the first contact, and the
 * short-lived commands: submit, status, report); otherwise reconnect for ever, waiting up to
 * 2 s between attempts (a worker outlives a Redis restart).
 */
export function connectionOptions(target: RedisTarget, bounded: boolean) {
  const { shown: _shown, ...address } = target;
  return {
    ...address,
    // BullMQ's workers block on Redis; ioredis must not fail their commands after N retries.
    maxRetriesPerRequest: null,
    retryStrategy: (attempt: number) =>
      bounded
        ? attempt >= CONNECT_ATTEMPTS
          ? null
          : CONNECT_DELAY_MS * attempt
        : Math.min(CONNECT_DELAY_MS * attempt, 2000),
  };
}

/** The error of an unreachable Redis: names the URL and how often it was tried. */
export function unreachable(target: RedisTarget, cause: unknown): PerclassError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new PerclassError(
    'E_IO',
    `cannot reach Redis at ${target.shown} after ${CONNECT_ATTEMPTS} attempts: ${why}`,
    { cause },
  );
}
