// Module-loader hooks (run on Node's loader thread): append every resolved module URL to the file
// named in `data.file`, one per line, synchronously so nothing is lost if the process exits abruptly.
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data?.file;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (file) appendFileSync(file, `esm ${result.url}\n`);
  return result;
}
