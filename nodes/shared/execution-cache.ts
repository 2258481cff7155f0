/**
 * Values read once per execution, not per item (decrypting a credential costs more than a request):
 * kept for the last 32 executions, never when reading failed.
 */
export class ExecutionCache<T> {
	private readonly entries = new Map<string, Promise<T>>();

	constructor(private readonly size = 32) {}

	async get(key: string | undefined, read: () => Promise<T>): Promise<T> {
		if (key === undefined) return await read();
		let entry = this.entries.get(key);
		if (!entry) {
			entry = read();
			this.entries.set(key, entry);
			entry.catch(() => this.entries.delete(key));
			if (this.entries.size > this.size)
				this.entries.delete(this.entries.keys().next().value as string);
		}
		return await entry;
	}
}
