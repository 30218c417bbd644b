import type { Synchronization } from './argo-types.js';

/** Argo v4 synchronization: only the plural `semaphores`/`mutexes` lists exist (the singular fields were removed). */
export class SynchronizationSet {
  private readonly semaphores: { name: string; key: string }[] = [];
  private readonly mutexes: string[] = [];

  addSemaphore(ref: { name: string; key: string }): void {
    this.semaphores.push({ name: ref.name, key: ref.key });
  }

  addMutex(name: string): void {
    this.mutexes.push(name);
  }

  render(): Synchronization {
    return {
      ...(this.semaphores.length ? { semaphores: this.semaphores.map((ref) => ({ configMapKeyRef: ref })) } : {}),
      ...(this.mutexes.length ? { mutexes: this.mutexes.map((name) => ({ name })) } : {}),
    };
  }
}
