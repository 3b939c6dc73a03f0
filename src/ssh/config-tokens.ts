// `%h`-style tokens and `~` in ssh_config paths, expanded as ssh does once it knows the final
// host, port and user, so `IdentityFile ~/.ssh/%h.key` names the same file for opsctl as for ssh.

/** Token letter → value, e.g. { h: 'db1.example.com', p: '22' }; `%%` is always `%`. */
export type TokenValues = Record<string, string>;

// percent_expand: an unknown token is an error (ssh refuses it too), never left in a path.
export function expandTokens(value: string, tokens: TokenValues): { value: string } | { error: string } {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '%') {
      out += value[i];
      continue;
    }
    const key = value[++i];
    if (key === '%') out += '%';
    else if (key !== undefined && Object.hasOwn(tokens, key)) out += tokens[key];
    else return { error: key === undefined ? 'a lone % at the end' : `unknown token %${key} (known: ${Object.keys(tokens).map((k) => `%${k}`).join(' ')} %%)` };
  }
  return { value: out };
}

// tilde_expand for the operator's own home; `~user/` is left as written (no passwd lookup here).
export function expandTilde(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return home + path.slice(1);
  return path;
}
