// A small shlex: Ansible splits INI host lines (and ssh args) the way a POSIX shell would, so
// `openshift_node_group_name='node-config master'` is one word with the quotes removed.

export interface Word {
  text: string;
  /** 1-based column where the word starts in the line. */
  col: number;
}

export type WordsResult = { words: Word[] } | { error: string; col: number };

// `#` starts a comment only at the beginning of a word, as in a shell; with `commentAnywhere`
// anywhere outside quotes, as Python's shlex (comments=True) reads an INI inventory's host line.
export function splitShellWords(line: string, opts: { commentAnywhere?: boolean } = {}): WordsResult {
  const words: Word[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length || line[i] === '#') break;
    const start = i;
    let text = '';
    while (i < line.length && !/\s/.test(line[i])) {
      const c = line[i];
      if (c === '#' && opts.commentAnywhere) {
        i = line.length;
        break;
      }
      if (c === "'" || c === '"') {
        const end = findClosingQuote(line, i);
        if (end < 0) return { error: `unclosed ${c === "'" ? 'single' : 'double'} quote`, col: i + 1 };
        const inner = line.slice(i + 1, end);
        // As shlex: inside "...", a backslash escapes only \\ and ".
        text += c === '"' ? inner.replace(/\\([\\"])/g, '$1') : inner;
        i = end + 1;
      } else if (c === '\\' && i + 1 < line.length) {
        text += line[i + 1];
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    words.push({ text, col: start + 1 });
  }
  return { words };
}

function findClosingQuote(line: string, open: number): number {
  const q = line[open];
  for (let i = open + 1; i < line.length; i++) {
    if (q === '"' && line[i] === '\\') i++;
    else if (line[i] === q) return i;
  }
  return -1;
}
