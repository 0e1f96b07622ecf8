// Back-pressure: at most `max` batches are processed at once and `queue` more may wait briefly.
// Past that the server is saturated and says so (429 + Retry-After) before reading the body, so a
// refused batch costs almost nothing and the producer retries it; accepted work is never dropped.
import { WardenError } from "../core/errors";

export function saturated(retryAfterSeconds: number): WardenError {
  return new WardenError("rate_limited", `ingest is saturated (too many concurrent batches); retry after ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });
}

export class ConcurrencyLimiter {
  private active = 0;
  private waiting: (() => void)[] = [];
  constructor(
    readonly max: number,
    readonly queue: number,
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) {
      if (this.waiting.length >= this.queue) throw saturated(1);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // hand the slot over directly
      else this.active--;
    }
  }
}
