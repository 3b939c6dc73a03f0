// The options every command accepts (DESIGN.md §3), as commander hands them over.
export interface GlobalOptions {
  inventory?: string;
  stateDir?: string;
  output: 'text' | 'json';
  yes?: boolean;
  color: boolean;
  verbose?: boolean;
  concurrency: number;
  sshConfig?: string;
  askBecomePass?: boolean;
}

export interface RunFlags extends HostFailureFlags {
  param: string[];
  dryRun?: boolean;
  check?: boolean;
  showCommands?: boolean;
  out?: string;
  /** Go on in the background; `opsctl runs show -f` follows it. */
  detach?: boolean;
}

/** `--keep-going`, `--max-failed N|N%`: on run, plan, resume and every domain command. */
export interface HostFailureFlags {
  keepGoing?: boolean;
  maxFailed?: string;
}
