// Separates the wrapper's control text from a command's stderr: sudo's password prompt (answered,
// never shown) and the process-group line (remembered for kills). Everything before the group
// line is held back until it is complete, so a marker split across packets is still recognised.
import { PGID_MARK, SUDO_PROMPT } from './ssh-command.js';

// Past this much stderr without the group line, the command is not ours to parse: pass it through.
const MAX_HEAD = 64 * 1024;

// What the wrapper's control text means to the channel: answer sudo, remember the group, show the rest.
export interface StderrEvents {
  onPrompt(): void;
  onPgid(pgid: string): void;
  onText(text: string): void;
}

// Kept apart from the channel so the parsing (markers split across packets) is tested on its own.
export class StderrDemux {
  private head = '';
  private started = false;

  constructor(private readonly events: StderrEvents) {}

  push(text: string): void {
    if (this.started) return this.events.onText(text);
    this.head += text;
    let at: number;
    while ((at = this.head.indexOf(SUDO_PROMPT)) >= 0) {
      this.head = this.head.slice(0, at) + this.head.slice(at + SUDO_PROMPT.length);
      this.events.onPrompt();
    }
    const mark = this.head.indexOf(PGID_MARK);
    const end = mark >= 0 ? this.head.indexOf('\n', mark) : -1;
    if (end >= 0) {
      this.started = true;
      const before = this.head.slice(0, mark);
      const pgid = this.head.slice(mark + PGID_MARK.length, end).trim();
      const after = this.head.slice(end + 1);
      this.head = '';
      this.events.onPgid(pgid);
      if (before) this.events.onText(before);
      if (after) this.events.onText(after);
    } else if (this.head.length > MAX_HEAD) {
      this.end();
    }
  }

  /** Flushes held text, e.g. sudo's refusal, when the channel ends before the command started. */
  end(): void {
    this.started = true;
    if (this.head) this.events.onText(this.head);
    this.head = '';
  }
}
