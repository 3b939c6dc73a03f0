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

export interface RunFlags {
  param: string[];
  dryRun?: boolean;
  check?: boolean;
  showCommands?: boolean;
  out?: string;
}
