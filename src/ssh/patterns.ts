// OpenSSH's two pattern matchers (match.c), shared by ssh_config `Host`/`Match` lines and
// known_hosts host fields, so both agree with ssh about which lines apply to a host.

// match_pattern: `*` any run, `?` one character, everything else literal and case-sensitive.
export function matchPattern(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starT = t;
    } else if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      t++;
      p++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** 1 = a pattern matched, -1 = a `!negated` pattern matched (which vetoes the list), 0 = none. */
export type ListMatch = 1 | 0 | -1;

// match_pattern_list: a comma-separated list where any `!pattern` that matches vetoes the whole
// list. With `lower`, both sides are lowercased, as match_hostname does for host names.
export function matchPatternList(text: string, list: string, lower = false): ListMatch {
  const subject = lower ? text.toLowerCase() : text;
  let found: ListMatch = 0;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = lower ? raw.slice(negated ? 1 : 0).toLowerCase() : raw.slice(negated ? 1 : 0);
    if (!matchPattern(subject, pattern)) continue;
    if (negated) return -1;
    found = 1;
  }
  return found;
}

// Host names in known_hosts and `Match host` are compared the way match_hostname does.
export function matchHostname(host: string, list: string): ListMatch {
  return matchPatternList(host, list, true);
}
