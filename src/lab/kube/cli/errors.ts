// Failures of the simulated tools carry the text and exit code the real kubectl/oc/kubeadm/apt
// would print, so a runbook that branches on `$?` or greps stderr behaves the same on the lab.
export class ToolError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'ToolError';
    this.exitCode = exitCode;
  }
}

// kubectl's flag errors end with a pointer to the help of the command that rejected them.
export function usageError(message: string, tool: string, verb: string): ToolError {
  return new ToolError(`error: ${message}\nSee '${tool} ${verb} --help' for usage.`);
}
