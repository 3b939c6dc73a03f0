// A small glob(3) for ssh_config `Include` (Node 20 has no fs.glob): `*`, `?` and `[...]` within
// one path segment, dot-files only when the pattern says so, results sorted like glob's.
import { readdirSync, statSync } from 'node:fs';

// Regular files the absolute pattern names; directories and unreadable parents are skipped.
export function globFiles(pattern: string): string[] {
  let paths = [pattern.startsWith('/') ? '/' : '.'];
  for (const segment of pattern.split('/').filter((s) => s !== '')) {
    if (!/[*?[]/.test(segment)) {
      paths = paths.map((p) => joinPath(p, segment));
      continue;
    }
    const re = segmentRegExp(segment);
    paths = paths.flatMap((dir) => listDir(dir).filter((name) => re.test(name)).map((name) => joinPath(dir, name)));
  }
  return paths.filter(isFile).sort();
}

function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    const close = c === '[' ? segment.indexOf(']', i + 2) : -1;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (close > 0) {
      const body = segment.slice(i + 1, close);
      re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`.replace(/\\/g, '\\\\');
      i = close;
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  // A leading dot must be matched literally, as glob(3) does without GLOB_PERIOD.
  return new RegExp(`^${segment.startsWith('.') ? '' : '(?!\\.)'}${re}$`);
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const joinPath = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);
