// put/get over exec channels: `cat` streams at channel speed (SFTP's request/response round trips
// are several times slower on big files). Both ends hash what passed; an upload lands in a temp
// file beside the destination and only replaces it (`mv -f`, atomic) once the host's sha256 of the
// written file matches ours; a download is renamed into place only after the same check.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StepError } from '../errors.js';
import type { TransferResult } from './types.js';
import { localTempName, removeStaleLocalTemps } from './stale-temps.js';
import { shQuote as q } from './ssh-command.js';
import { runScript } from './ssh-exec.js';
import { describeHost } from './ssh-options.js';
import type { SshSession } from './ssh-session.js';

type PutSource = { path: string } | { data: Buffer };
type PutOptions = { mode?: string; sudo?: boolean; signal?: AbortSignal };

// Transport.put for SSH: nothing replaces the destination until the host's hash matches ours.
export async function putFile(session: SshSession, source: PutSource, dest: string, o: PutOptions = {}): Promise<TransferResult> {
  if (o.mode !== undefined && !/^[0-7]{3,4}$/.test(o.mode)) {
    throw new StepError(`invalid file mode ${JSON.stringify(o.mode)} for ${dest}: expected octal like 0644`);
  }
  const where = `${dest} on ${describeHost(session.options)}`;
  const tmp = `${dest}.opsctl-tmp-${randomBytes(6).toString('hex')}`;
  const hash = hashing();
  const input = 'data' in source ? Readable.from([source.data]) : await openLocal(source.path);
  const sending = pipeline(input, hash.stream).catch(() => undefined);
  const run = (script: string, stdin?: Readable) =>
    runScript(session, script, { what: `upload to ${where}`, stdin, sudo: o.sudo, signal: o.signal });
  try {
    // umask 077: the half-written file is private until it gets its final mode. Temp files an
    // earlier upload left when opsctl was killed between writing and moving are removed first.
    const write = await run(`umask 077 && mkdir -p -- ${q(posix.dirname(dest))} && rm -f -- ${q(dest)}.opsctl-tmp-* && cat > ${q(tmp)} && ${sumScript(tmp)}`, hash.stream);
    await sending;
    if (write.canceled) throw new StepError(`upload to ${where} canceled`);
    if (write.exitCode !== 0) throw new StepError(`upload to ${where} failed: ${write.stderr.trim() || `exit ${write.exitCode}`}`);
    const sent = hash.result();
    const landed = parseSum(write.stdout, where);
    if (landed !== sent.sha256) throw new StepError(`checksum mismatch uploading to ${where}: sent sha256 ${sent.sha256}, the host has ${landed}`);
    const place = await run(`${modeScript(tmp, dest, o.mode)} && mv -f -- ${q(tmp)} ${q(dest)}`);
    if (place.exitCode !== 0) throw new StepError(`cannot move the upload into place at ${where}: ${place.stderr.trim() || `exit ${place.exitCode}`}`);
    return sent;
  } catch (err) {
    input.destroy();
    await runScript(session, `rm -f -- ${q(tmp)}`, { what: `cleanup of ${tmp}`, sudo: o.sudo }).catch(() => undefined);
    throw err;
  }
}

// Transport.get for SSH: the local file appears only once complete and verified.
export async function getFile(
  session: SshSession,
  source: string,
  localDest: string,
  o: { sudo?: boolean; signal?: AbortSignal } = {},
): Promise<TransferResult> {
  const where = `${source} on ${describeHost(session.options)}`;
  await mkdir(dirname(localDest), { recursive: true });
  await removeStaleLocalTemps(localDest);
  const tmp = localTempName(localDest, randomBytes(4).toString('hex'));
  const hash = hashing();
  // A large buffer lets the write stream batch ~32 KiB SSH packets into few writev calls.
  const saving = pipeline(hash.stream, createWriteStream(tmp, { highWaterMark: 4 << 20 }));
  const io = { what: `download of ${where}`, sudo: o.sudo, signal: o.signal };
  try {
    // The host hashes the source while it streams, on a second channel, so the check costs no extra time.
    const [copy, sum] = await Promise.all([
      runScript(session, `cat -- ${q(source)}`, { ...io, stdout: hash.stream }),
      runScript(session, sumScript(source), io),
    ]);
    if (copy.canceled) throw new StepError(`download of ${where} canceled`);
    if (copy.exitCode !== 0) throw new StepError(`cannot read ${where}: ${copy.stderr.trim() || `exit ${copy.exitCode}`}`);
    await saving;
    const received = hash.result();
    const expected = parseSum(sum.stdout, where);
    if (expected !== received.sha256) throw new StepError(`checksum mismatch downloading ${where}: the host has sha256 ${expected}, received ${received.sha256}`);
    await rename(tmp, localDest);
    return received;
  } catch (err) {
    hash.stream.destroy();
    await saving.catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

// Mode as asked; else the replaced file's mode and owner; else what the umask gives a new file.
function modeScript(tmp: string, dest: string, mode?: string): string {
  if (mode) return `chmod ${mode} ${q(tmp)}`;
  return (
    `if [ -e ${q(dest)} ]; then chmod "$(stat -c %a -- ${q(dest)})" ${q(tmp)} && { chown "$(stat -c %u:%g -- ${q(dest)})" ${q(tmp)} 2>/dev/null || true; }; ` +
    `else chmod "$(printf %o $(( 0666 & ~0$(umask) )))" ${q(tmp)}; fi`
  );
}

// OpenSSL uses the CPU's SHA instructions (several times faster than coreutils on big files);
// sha256sum is the fallback. Both print the hex digest first.
function sumScript(path: string): string {
  const p = q(path.startsWith('-') ? `./${path}` : path);
  return `if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r ${p}; else sha256sum ${p}; fi`;
}

function hashing(): { stream: Transform; result(): TransferResult } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  return { stream, result: () => ({ bytes, sha256: hash.digest('hex') }) };
}

async function openLocal(path: string): Promise<Readable> {
  try {
    return (await open(path, 'r')).createReadStream({ highWaterMark: 1024 * 1024 });
  } catch (err) {
    throw new StepError(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

function parseSum(output: string, where: string): string {
  const sum = /^\\?([0-9a-f]{64})\s/.exec(output)?.[1];
  if (!sum) throw new StepError(`cannot verify ${where}: sha256sum printed ${JSON.stringify(output.slice(0, 200))}`);
  return sum;
}
