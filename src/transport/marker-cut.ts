// Finds the runner's lines (`TOKEN ...\n`) in a byte stream that may also carry a step's raw
// output: bytes outside those lines pass through as they come; only a tail shorter than the
// token is held back, in case the token is split across chunks.
export class MarkerCut {
  private held = Buffer.alloc(0);
  /** The line being read after a token, or undefined while looking for one. */
  private line: Buffer[] | undefined;

  constructor(
    private readonly token: Buffer,
    private readonly onData: (bytes: Buffer) => void,
    /** Each line's text after the token and one space (or '' for a bare token line). */
    private readonly onLine: (rest: string) => void,
  ) {}

  push(chunk: Buffer): void {
    let data = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = Buffer.alloc(0);
    while (data.length) {
      if (this.line) {
        const nl = data.indexOf(0x0a);
        if (nl < 0) {
          this.line.push(Buffer.from(data));
          return;
        }
        this.line.push(data.subarray(0, nl));
        const text = Buffer.concat(this.line).toString('latin1');
        this.line = undefined;
        data = data.subarray(nl + 1);
        this.onLine(text.startsWith(' ') ? text.slice(1) : text);
        continue;
      }
      const at = data.indexOf(this.token);
      if (at >= 0) {
        if (at > 0) this.onData(data.subarray(0, at));
        this.line = [];
        data = data.subarray(at + this.token.length);
        continue;
      }
      // Keep the longest tail that could still be the start of the token.
      let cut = Math.max(0, data.length - (this.token.length - 1));
      while (cut < data.length && !this.token.subarray(0, data.length - cut).equals(data.subarray(cut))) cut++;
      if (cut > 0) this.onData(data.subarray(0, cut));
      this.held = Buffer.from(data.subarray(cut));
      return;
    }
  }
}
