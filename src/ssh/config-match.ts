// `Match` lines: the criteria opsctl can decide without running anything (all, host, originalhost,
// user, localuser) are kept; the others (exec, canonical, final, localnetwork...) mark the block as
// unsupported, so it is skipped with a warning rather than guessed.
import type { ConfigWord } from './config-words.js';
import type { MatchCriterion } from './config-types.js';
import { matchHostname, matchPatternList } from './patterns.js';

const EVALUATED = new Set(['host', 'originalhost', 'user', 'localuser']);
const SKIPPED_WITH_ARG = new Set(['exec', 'localnetwork', 'tagged', 'command', 'sessiontype', 'version']);
const SKIPPED_BARE = new Set(['canonical', 'final']);

// Match arguments → criteria; errors only where ssh would refuse the line too.
export function parseMatchLine(
  args: ConfigWord[],
): { criteria: MatchCriterion[]; unsupported?: string } | { error: string; col: number } {
  const criteria: MatchCriterion[] = [];
  let unsupported: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const negate = word.text.startsWith('!');
    const name = word.text.slice(negate ? 1 : 0).toLowerCase();
    if (name === 'all') {
      if (negate) return { error: 'Match !all is not allowed', col: word.col };
      criteria.push({ kind: 'all' });
      continue;
    }
    if (SKIPPED_BARE.has(name)) {
      unsupported ??= name;
      continue;
    }
    if (!EVALUATED.has(name) && !SKIPPED_WITH_ARG.has(name)) return { error: `unsupported Match attribute "${word.text}"`, col: word.col };
    const arg = args[++i];
    if (!arg) return { error: `Match ${name} needs an argument`, col: word.col };
    if (SKIPPED_WITH_ARG.has(name)) unsupported ??= `${name} ${arg.text}`;
    else criteria.push({ kind: name as 'host', negate, patterns: arg.text });
  }
  return unsupported ? { criteria, unsupported } : { criteria };
}

/** What the criteria are matched against at this point of the walk. */
export interface MatchSubject {
  /** HostName so far (as ssh: HostName if one was already obtained, else the alias). */
  host: string;
  originalHost: string;
  user: string;
  localUser: string;
}

// All criteria must hold (match_cfg_line); host names compare case-insensitively, users exactly.
export function matchCriteria(criteria: MatchCriterion[], s: MatchSubject): boolean {
  return criteria.every((c) => {
    if (c.kind === 'all') return true;
    const hit =
      c.kind === 'host' ? matchHostname(s.host, c.patterns) === 1
      : c.kind === 'originalhost' ? matchHostname(s.originalHost, c.patterns) === 1
      : matchPatternList(c.kind === 'user' ? s.user : s.localUser, c.patterns) === 1;
    return hit !== c.negate;
  });
}
