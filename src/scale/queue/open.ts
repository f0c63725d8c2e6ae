import { Queue } from 'bullmq';
import { PerclassError } from '../../errors.js';
import { type RedisTarget, connectionOptions, parseRedisUrl, unreachable } from './connection.js';
import { QUEUE_NAME } from './keys.js';

/** The shared queue, its Redis client, and the target it reached. */
export interface OpenQueue {
  queue: Queue;
  target: RedisTarget;
  close(): Promise<void>;
}

/**
 * Opens the queue and waits until Redis answers, trying `CONNECT_ATTEMPTS` times: an unreachable
 * Redis is an `E_IO` error naming the URL, not a hang. `bounded` false keeps reconnecting after
 * the first contact (workers survive a Redis restart).
 */
export async function openQueue(url: string, bounded = true): Promise<OpenQueue> {
  const target = parseRedisUrl(url);
  // First contact is bounded for everyone; a worker's long-lived queue is opened afterwards.
  const probe = new Queue(QUEUE_NAME, { connection: connectionOptions(target, true) });
  let lastError: unknown;
  probe.on('error', (error) => (lastError = error));
  try {
    await probe.waitUntilReady();
  } catch (error) {
    await probe.close().catch(() => undefined);
    const cause = lastError ?? error;
    if (cause instanceof Error && /could not load the optional 'ioredis'/.test(cause.message)) {
      // Not the network: BullMQ's Redis driver is not installed beside it.
      throw new PerclassError(
        'E_BACKEND_UNAVAILABLE',
        "the queue needs BullMQ's Redis driver, the ioredis package (npm install ioredis)",
        { cause },
      );
    }
    throw unreachable(target, cause);
  }
  let queue = probe;
  if (!bounded) {
    await probe.close();
    queue = new Queue(QUEUE_NAME, { connection: connectionOptions(target, false) });
    queue.on('error', () => undefined); // reconnects by itself; the worker reports its own errors
  }
  return { queue, target, close: () => queue.close() };
}
