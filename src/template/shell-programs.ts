// Words a command hands to another interpreter as program text: `sh -c '…'`, `eval …`, ssh's
// remote command, awk/sed/jq programs, `python -c`. A value inside such a word is quoted for the
// outer shell only; the inner interpreter parses it again, so no escape makes it safe.

/** One word of a simple command as the lexer saw it (quotes removed, templates left out). */
export interface ShellWord {
  text: string;
  /** Contains a `{{ }}`: its text is not known, so it is never taken for a command name. */
  templated: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'zsh', 'busybox']);
const SU = new Set(['su', 'runuser']);
const AWKS = new Set(['awk', 'gawk', 'mawk', 'nawk']);
const SCRIPTERS = new Set(['python', 'python2', 'python3', 'perl', 'ruby', 'node', 'php', 'lua']);
// Read a program (not data) on stdin: a heredoc fed to them is a script.
const STDIN_PROGRAMS = new Set([...SHELLS, ...SCRIPTERS, 'ssh', 'psql', 'mysql', 'sqlite3']);

const nameOf = (w: ShellWord): string | undefined => (w.templated ? undefined : w.text.slice(w.text.lastIndexOf('/') + 1));
const isOption = (w: ShellWord) => w.text.startsWith('-') && w.text !== '-';

// The interpreter that reads word `i` of `words` as a program, or undefined.
export function programReader(words: ShellWord[], i: number): string | undefined {
  for (let j = 0; j < i; j++) {
    const name = nameOf(words[j]);
    if (name === undefined) continue;
    if ((SHELLS.has(name) || SU.has(name)) && dashC(words, j) === i - 1) return `${name} -c`;
    if (name === 'eval') return 'eval';
    if (name === 'ssh' && i > firstOperand(words, j, /^-[BbcDEeFIiJLlmOopQRSWw]$/)) return 'ssh (its remote command)';
    if (name === 'watch' && i >= firstOperand(words, j, /^-[nd]$|^--interval$/)) return 'watch';
    if (AWKS.has(name) && !hasOption(words, j, i, /^-f/) && i === firstOperand(words, j, /^-[vFf]$/)) return name;
    if (name === 'sed' && sedScript(words, j, i)) return 'sed';
    if (name === 'jq' && i === firstOperand(words, j, /^-[fL]$|^--indent$/, /^--(arg|argjson|slurpfile|rawfile)$/)) return 'jq';
    if (SCRIPTERS.has(name) && i - 1 > j && /^-[A-Za-z]*[ceE]$/.test(words[i - 1].text)) return `${name} ${words[i - 1].text}`;
  }
  return undefined;
}

// Whether a command whose words are `words` runs what it reads on stdin as a program.
export function readsProgramOnStdin(words: ShellWord[]): string | undefined {
  for (const [j, w] of words.entries()) {
    const name = nameOf(w);
    if (name !== undefined && STDIN_PROGRAMS.has(name) && dashC(words, j) < 0) return name;
  }
  return undefined;
}

// Index of the `-c` (alone, in a cluster like `-ec`, or `--command`) after words[j], or -1.
function dashC(words: ShellWord[], j: number): number {
  for (let k = j + 1; k < words.length; k++) if (/^-[A-Za-z]*c[A-Za-z]*$/.test(words[k].text) || words[k].text === '--command') return k;
  return -1;
}

function hasOption(words: ShellWord[], j: number, i: number, re: RegExp): boolean {
  return words.slice(j + 1, i).some((w) => re.test(w.text));
}

// Index of the first operand after words[j]: options are skipped, with the one or two words an
// option in `oneArg`/`twoArgs` takes.
function firstOperand(words: ShellWord[], j: number, oneArg: RegExp, twoArgs?: RegExp): number {
  let k = j + 1;
  while (k < words.length && isOption(words[k])) {
    if (words[k].text === '--') return k + 1;
    k += twoArgs?.test(words[k].text) ? 3 : oneArg.test(words[k].text) ? 2 : 1;
  }
  return k;
}

// sed's script: the word after -e, or without -e/-f the first operand.
function sedScript(words: ShellWord[], j: number, i: number): boolean {
  if (words[i - 1] && /^-[A-Za-z]*e$|^--expression$/.test(words[i - 1].text) && i - 1 > j) return true;
  if (words.slice(j + 1).some((w) => /^-[A-Za-z]*[ef]$|^--(expression|file)/.test(w.text))) return false;
  return i === firstOperand(words, j, /^-l$/);
}
