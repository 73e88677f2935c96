/**
 * At most one thread of a scan at a time analyses a large file (a bundle): one too large to parse
 * costs its thread about nine times its size while it is analysed (its text, two masked copies, what
 * the rules build on them), one parsed about fifty times (its syntax tree), and two at once, in two
 * threads, made the scan's peak memory. The gate is one word of shared memory: its holder's thread id + 1.
 */
import { threadId } from 'node:worker_threads';

/** Files of more characters than this are analysed behind the gate (bench corpus: 251 of 8,779 files; the bundle tree: 65 of 3,867). */
export const GATED_ABOVE_CHARS = 256_000;

const FREE = 0;
/** `Atomics.waitAsync` (V8 since Node 16; not in this project's TypeScript library yet). */
const waitAsync = (Atomics as unknown as {
	waitAsync(this: void, a: Int32Array, index: number, value: number, timeoutMs: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;
/** How long a waiter sleeps before it looks again (a wake-up it missed costs no more than this). */
const RECHECK_MS = 200;

export class LargeFileGate {
	private readonly word: Int32Array;

	/** `shared`: 4 bytes of shared memory, zero when no thread holds the gate; the same in every thread. */
	constructor(readonly shared: SharedArrayBuffer = new SharedArrayBuffer(4), private readonly owner = threadId + 1) {
		this.word = new Int32Array(shared, 0, 1);
	}

	/** Waits (without blocking the thread's event loop) until this thread holds the gate. */
	async acquire(): Promise<void> {
		for (;;) {
			const holder = Atomics.compareExchange(this.word, 0, FREE, this.owner);
			if (holder === FREE || holder === this.owner) {
				return;
			}
			const wait = waitAsync(this.word, 0, holder, RECHECK_MS);
			if (wait.async) {
				await wait.value;
			}
		}
	}

	release(): void {
		this.releaseFrom(this.owner);
	}

	/** Frees the gate if thread `owner` (a thread id + 1) holds it: the pool calls it for a worker that died. */
	releaseFrom(owner: number): void {
		if (Atomics.compareExchange(this.word, 0, owner, FREE) === owner) {
			Atomics.notify(this.word, 0);
		}
	}

	/** Runs `analyse` while holding the gate. */
	async hold<T>(analyse: () => Promise<T>): Promise<T> {
		await this.acquire();
		try {
			return await analyse();
		} finally {
			this.release();
		}
	}
}

/** The owner value of a worker thread (for {@link LargeFileGate.releaseFrom}). */
export function gateOwner(workerThreadId: number): number {
	return workerThreadId + 1;
}
