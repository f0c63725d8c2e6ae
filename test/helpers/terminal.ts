import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import type { StopSignal } from '../../src/cli/interrupt.js';
import type { Terminal } from '../../src/cli/terminal.js';

/**
 * A terminal that keeps what the CLI writes; `interactive` decides whether bars are drawn.
 * `stop(signal)` delivers SIGINT/SIGTERM to the command as the process's handler would.
 */
export function bufferTerminal(interactive = false): Terminal & {
  stdout: () => string;
  stderr: () => string;
  stop: (signal: StopSignal) => void;
} {
  let out = '';
  let err = '';
  const listeners = new Set<(signal: StopSignal) => void>();
  return {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    interactive,
    progressStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
    onStopSignal: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stdout: () => out,
    stderr: () => err,
    stop: (signal) => listeners.forEach((listener) => listener(signal)),
  };
}

// Runs a command on a pseudo-terminal (python3's pty: stdout and stderr are a real TTY, and the
// terminal's Ctrl-C is a real SIGINT to its process group) and, once `trigger` (if any) appears
// in what it writes, types Ctrl-C or sends a signal. Prints JSON: whether it was sent, the exit code
// (negative: killed by that signal) and everything written, escape codes included.
const PTY_RUNNER = String.raw`
import json, os, pty, select, signal, sys, time
argv, env, trigger, how, times, timeout = json.loads(sys.argv[1])
trigger = None if trigger is None else trigger.encode()
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(argv[0], argv, env)
out, sent, deadline = b'', False, time.time() + timeout
while True:
    if time.time() > deadline:
        os.kill(pid, signal.SIGKILL)
        break
    ready, _, _ = select.select([fd], [], [], 0.05)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the command exited and the terminal closed
            break
        if not chunk:
            break
        out += chunk
    if trigger is not None and not sent and trigger in out:
        for i in range(times):
            if i > 0:
                time.sleep(0.2)
            if how == 'ctrl-c':
                os.write(fd, b'\x03')
            else:
                os.kill(pid, getattr(signal, how))
        sent = True
_, status = os.waitpid(pid, 0)
print(json.dumps({'sent': sent, 'code': os.waitstatus_to_exitcode(status),
                  'output': out.decode('utf-8', 'replace')}))
`;

export interface PtyRun {
  /** Whether the trigger appeared and the signal was sent. */
  sent: boolean;
  /** The exit code; negative when the process was killed by a signal (-2 SIGINT). */
  code: number;
  /** stdout and stderr as the terminal received them (the pty joins them). */
  output: string;
}

export function runInPty(
  argv: readonly string[],
  options: {
    /** What to wait for before `how`; none: the command runs to its end. */
    trigger?: string;
    how?: 'ctrl-c' | StopSignal;
    /** How many times to do it, 0.2 s apart (default once). */
    times?: number;
    env?: NodeJS.ProcessEnv;
    timeoutSeconds?: number;
  },
): PtyRun {
  const { trigger = null, how = 'ctrl-c', times = 1, env = process.env } = options;
  const { timeoutSeconds = 60 } = options;
  const child = spawnSync(
    'python3',
    ['-c', PTY_RUNNER, JSON.stringify([argv, env, trigger, how, times, timeoutSeconds])],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  if (child.status !== 0) throw new Error(`pty runner failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as PtyRun;
}
