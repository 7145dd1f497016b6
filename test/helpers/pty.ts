/**
 * Drives the CLI in a pseudo-terminal (python3's pty module; no native Node addon):
 * wait for each expected text (ANSI codes stripped), send keys, then wait for the exit.
 */
import { spawnSync } from "node:child_process";

export interface PtyStep {
  /** A regular expression (JS/Python-compatible subset) to wait for in the output since the last match. */
  expect: string;
  /** Bytes to send after it appears, e.g. "my-app\r", "\u001b[B", "\u0003" (Ctrl-C), "\u001b" (Esc). */
  send: string;
}

export interface PtyResult {
  code: number;
  /** Output with ANSI escapes and carriage returns removed. */
  output: string;
  /** Output as the terminal received it. */
  raw: string;
  error?: string;
}

const DRIVER = String.raw`
import json, os, pty, re, select, signal, sys, time
spec = json.loads(sys.stdin.read())
ansi = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\r')
pid, fd = pty.fork()
if pid == 0:
    os.chdir(spec['cwd'])
    os.execvpe(spec['cmd'][0], spec['cmd'], spec['env'])
raw = b''
seen = 0
def pump(timeout):
    global raw
    r, _, _ = select.select([fd], [], [], timeout)
    if not r:
        return True
    try:
        data = os.read(fd, 65536)
    except OSError:
        return False
    if not data:
        return False
    raw += data
    return True
def text():
    return ansi.sub('', raw.decode('utf-8', 'replace'))
error = None
for step in spec['steps']:
    pat = re.compile(step['expect'])
    deadline = time.time() + spec['stepTimeout']
    found = None
    alive = True
    while time.time() < deadline:
        found = pat.search(text(), seen)
        if found or not alive:
            break
        alive = pump(0.1)
    if not found:
        error = 'did not see %r' % step['expect']
        break
    seen = found.end()
    os.write(fd, step['send'].encode('utf-8'))
deadline = time.time() + spec['stepTimeout']
while time.time() < deadline and pump(0.2):
    pass
if error is not None or time.time() >= deadline:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
out = {'code': code, 'output': text(), 'raw': raw.decode('utf-8', 'replace')}
if error is not None:
    out['error'] = error
print(json.dumps(out))
`;

export function runInPty(cmd: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv; steps: readonly PtyStep[]; stepTimeoutSeconds?: number }): PtyResult {
  const spec = { cmd, cwd: opts.cwd, env: opts.env, steps: opts.steps, stepTimeout: opts.stepTimeoutSeconds ?? 30 };
  const r = spawnSync("python3", ["-c", DRIVER], { input: JSON.stringify(spec), encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`pty driver failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as PtyResult;
}
