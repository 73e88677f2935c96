/**
 * A single self-overwriting progress line on a terminal's stderr. It appears only once a scan has
 * run for a moment (short scans print nothing) and is redrawn at most every 100 ms.
 */
export class ProgressLine {
	private readonly started = Date.now();
	private lastDraw = 0;
	private shown = false;

	constructor(private readonly stream: NodeJS.WriteStream, private readonly enabled: boolean, private readonly delayMs = 400) {}

	update(text: string): void {
		const now = Date.now();
		if (!this.enabled || now - this.started < this.delayMs || now - this.lastDraw < 100) {
			return;
		}
		this.lastDraw = now;
		this.shown = true;
		const width = Math.max(20, (this.stream.columns ?? 80) - 1);
		this.stream.write(`\r\u001b[2K${text.slice(0, width)}`);
	}

	clear(): void {
		if (this.shown) {
			this.stream.write('\r\u001b[2K');
			this.shown = false;
		}
	}
}
