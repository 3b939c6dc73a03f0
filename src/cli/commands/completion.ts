// `opsctl completion bash|zsh|fish`: a script that asks `opsctl __complete` for candidates, so
// built-in runbooks, run ids, inventory hosts and groups complete as they are now, not as they
// were when the script was written.
import type { GlobalOptions } from '../global-options.js';
import { InputError } from '../../errors.js';

const BASH = `# opsctl completion for bash: source <(opsctl completion bash)
_opsctl() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" out IFS=$'\\n'
  out=$(opsctl __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  if [ "$out" = "__files__" ]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$out" -- "$cur"))
  fi
}
complete -o default -F _opsctl opsctl
`;

const ZSH = `#compdef opsctl
# opsctl completion for zsh: opsctl completion zsh > "\${fpath[1]}/_opsctl"  (or: source <(opsctl completion zsh))
_opsctl() {
  local out
  out=$(opsctl __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)
  if [[ "$out" == "__files__" ]]; then
    _files
  else
    local -a cands
    cands=("\${(@f)out}")
    compadd -a cands
  fi
}
if [ "$funcstack[1]" = "_opsctl" ]; then _opsctl "$@"; else compdef _opsctl opsctl; fi
`;

const FISH = `# opsctl completion for fish: opsctl completion fish > ~/.config/fish/completions/opsctl.fish
function __opsctl_complete
    set -l tokens (commandline -opc) (commandline -ct)
    set -e tokens[1]
    set -l out (opsctl __complete -- $tokens 2>/dev/null)
    if test "$out" = "__files__"
        __fish_complete_path (commandline -ct)
    else
        printf '%s\\n' $out
    end
end
complete -c opsctl -f -a '(__opsctl_complete)'
`;

export default async function completion(_g: GlobalOptions, shell: string): Promise<number> {
  const script = ({ bash: BASH, zsh: ZSH, fish: FISH } as Record<string, string>)[shell];
  if (!script) throw new InputError(`no completion for shell "${shell}"`, { hint: 'opsctl completion bash, zsh or fish' });
  process.stdout.write(script);
  return 0;
}
