// Collects a stream's text for captures and messages without letting a chatty command exhaust
// memory: the head is kept whole up to a cap (captures usually need it all); past the cap only the
// tail is kept, and the step log still receives everything through the callbacks.

const DEFAULT_CAP = 32 * 1024 * 1024;

export class OutputBuffer {
  private chunks: string[] = [];
  private size = 0;
  private dropped = 0;
  constructor(private readonly cap = DEFAULT_CAP) {}

  push(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    while (this.size > this.cap && this.chunks.length > 1) {
      const first = this.chunks.shift()!;
      this.size -= first.length;
      this.dropped += first.length;
    }
  }

  toString(): string {
    const text = this.chunks.join('');
    return this.dropped ? `[... ${this.dropped} characters dropped ...]\n${text}` : text;
  }
}
