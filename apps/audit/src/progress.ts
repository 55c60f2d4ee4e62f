/** A progress bar on standard error for long runs; silent when stderr is not a terminal. */
export class Progress {
  private last = 0;
  private shown = false;

  constructor(
    private readonly label: string,
    private readonly enabled = process.stderr.isTTY === true,
  ) {}

  update(done: number, total: number): void {
    if (!this.enabled || total <= 0) return;
    const now = Date.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    this.shown = true;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const percent = ((done / total) * 100).toFixed(0).padStart(3);
    process.stderr.write(`\r${this.label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${percent}%`);
  }

  done(): void {
    if (this.shown) process.stderr.write('\n');
    this.shown = false;
  }
}
