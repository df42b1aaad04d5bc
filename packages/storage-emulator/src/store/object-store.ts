import { ByteBudget } from "./byte-budget.js";
import type { StoredObject } from "./object-metadata.js";

/** Told of every stored change, in order, as it happens: the object before (none: created) and after (none: deleted). */
export type ObjectObserver = (before: StoredObject | undefined, after: StoredObject | undefined) => void;

/**
 * Every bucket's objects, in memory. Bytes count against the shared ByteBudget, so the store and
 * pending resumable uploads together stay within the emulator's bound. Every write path ends here, so
 * the observer (Storage triggers) sees every change whichever API made it.
 */
export class ObjectStore {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();
  // Listing walks names in order; the sorted list is rebuilt only after a change to that bucket.
  private readonly sorted = new Map<string, string[]>();

  constructor(
    private readonly budget: ByteBudget,
    private readonly observe: ObjectObserver = () => {},
  ) {}

  get(bucket: string, name: string): StoredObject | undefined {
    return this.buckets.get(bucket)?.get(name);
  }

  /** Stores or replaces an object; throws QUOTA_EXCEEDED (storing nothing) when it does not fit. */
  put(object: StoredObject): void {
    const objects = this.bucket(object.bucket);
    const previous = objects.get(object.name);
    const growth = object.data.length - (previous?.data.length ?? 0);
    if (growth > 0) this.budget.take(growth);
    else this.budget.give(-growth);
    objects.set(object.name, object);
    if (!previous) this.sorted.delete(object.bucket);
    this.observe(previous, object);
  }

  delete(bucket: string, name: string): boolean {
    const objects = this.buckets.get(bucket);
    const previous = objects?.get(name);
    if (!objects || !previous) return false;
    objects.delete(name);
    this.budget.give(previous.data.length);
    this.sorted.delete(bucket);
    this.observe(previous, undefined);
    return true;
  }

  /** Object names of a bucket in lexicographic (code unit) order, as the service lists them. */
  names(bucket: string): readonly string[] {
    let names = this.sorted.get(bucket);
    if (!names) {
      names = [...(this.buckets.get(bucket)?.keys() ?? [])].sort();
      this.sorted.set(bucket, names);
    }
    return names;
  }

  clear(): void {
    this.buckets.clear();
    this.sorted.clear();
  }

  private bucket(name: string): Map<string, StoredObject> {
    let objects = this.buckets.get(name);
    if (!objects) {
      objects = new Map();
      this.buckets.set(name, objects);
    }
    return objects;
  }
}
