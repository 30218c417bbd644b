import type { Synchronization, WorkflowSpec } from './argo-types.js';

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

function lockCount(sync: Synchronization | undefined): { semaphores: number; all: number } {
  const semaphores = sync?.semaphores?.length ?? 0;
  return { semaphores, all: semaphores + (sync?.mutexes?.length ?? 0) };
}

/**
 * Lock plans under which a Workflow waiting for one lock holds back Workflows that could run. Argo Workflows v4.1.2
 * (workflow/sync/sync_manager.go `TryAcquire`): a `synchronization` block is taken all or nothing, and while waiting
 * the Workflow stays queued on every lock of the block (`prepAcquire`); only the front of a queue may acquire
 * (semaphore.go `checkAcquire`; a mutex is a semaphore of one, mutex.go). So a Workflow waiting for a busy mutex
 * at the front of a semaphore's queue stalls everyone behind it, though slots are free. And a semaphore slot held
 * at the Workflow level while a template waits for a mutex is a slot that nobody uses.
 * The safe plan: the per-target mutex on the Workflow, the semaphore on the template doing the work.
 */
export function lockPlanErrors(spec: WorkflowSpec): string[] {
  const blocks: [string, Synchronization | undefined][] = [
    ['spec.synchronization', spec.synchronization],
    ...(spec.templates ?? []).map(
      (template, i) =>
        [`spec.templates[${i}] "${template.name}" synchronization`, template.synchronization] as [
          string,
          Synchronization | undefined,
        ],
    ),
  ];
  const errors = blocks
    .filter(([, sync]) => lockCount(sync).all > 1)
    .map(
      ([field, sync]) =>
        `${field}: takes ${lockCount(sync).all} locks at once; Argo queues the Workflow on each and takes them only ` +
        "together, so while it waits for one it is at the front of the others' queues and holds back Workflows that " +
        'could run: put the per-target mutex on the Workflow and the semaphore on the template that does the work',
    );
  const templateLocks = blocks.slice(1).filter(([, sync]) => lockCount(sync).all > 0);
  if (lockCount(spec.synchronization).semaphores > 0 && templateLocks.length > 0) {
    errors.push(
      `spec.synchronization: a Workflow-level semaphore is held while ${templateLocks.map(([field]) => field).join(', ')} ` +
        'may still wait for its lock, so a busy lock keeps a slot from other Workflows: put the semaphore on the ' +
        'template that does the work',
    );
  }
  return errors;
}
