import { StorageError } from "../errors.js";

/**
 * The emulator keeps everything in memory, so every stored or buffered byte is counted against one
 * bound. Over it, a write fails with 402 (the service's "quota exceeded"), which the SDK reports as
 * storage/quota-exceeded and does not retry.
 */
export class ByteBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get remaining(): number {
    return this.limit - this.used;
  }

  /** Claims `bytes`, or throws QUOTA_EXCEEDED and claims nothing. */
  take(bytes: number): void {
    if (bytes > this.remaining) {
      throw new StorageError(
        "QUOTA_EXCEEDED",
        `The emulator holds at most ${this.limit} bytes in memory; ${bytes} more do not fit.`,
      );
    }
    this.used += bytes;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  reset(): void {
    this.used = 0;
  }
}
