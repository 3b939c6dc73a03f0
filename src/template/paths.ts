// Every path an expression mentions, for reference checks and for knowing which params are
// secrets when a residual condition is evaluated at run time.
import type { Node } from './ast.js';

type PathNode = Extract<Node, { type: 'path' }>;

// Paths in source order (pipe inputs only: filter arguments are literals).
export function collectPaths(node: Node, out: PathNode[] = []): PathNode[] {
  switch (node.type) {
    case 'path':
      out.push(node);
      break;
    case 'literal':
      break;
    case 'pipe':
      collectPaths(node.input, out);
      break;
    case 'not':
      collectPaths(node.operand, out);
      break;
    case 'compare':
    case 'logic':
      collectPaths(node.left, out);
      collectPaths(node.right, out);
      break;
  }
  return out;
}
