import { execFile } from 'node:child_process';

/** What a finished command left behind, for assertions and for failure messages. */
export interface RunResult {
  command: string;
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  input?: string;
}

/**
 * Runs a command to its end and never throws for a non-zero exit: deployment tests assert on
 * the exit code and want the output in the failure message. A command that cannot start (a
 * missing tool) comes back as code null with the reason in stderr, so the test fails saying so.
 */
export function run(file: string, args: string[], options: RunOptions): Promise<RunResult> {
  const command = [file, ...args].join(' ');
  const started = performance.now();
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? consumerEnv(),
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
        const code = failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null;
        const why =
          failure && code === null ? `\n[could not run or was killed: ${failure.message}]` : '';
        resolve({ command, code, stdout, stderr: stderr + why, ms: performance.now() - started });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

/**
 * The environment a consumer's process gets: this machine's, without perclass's own variables
 * (PERCLASS_NATIVE_PATH and friends would point the installed package back at this repository).
 */
export function consumerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('PERCLASS_')),
  );
  return { ...env, ...extra };
}

/** The command, its exit code and its output: the message a failed assertion should show. */
export function describeRun(result: RunResult): string {
  const cut = (text: string): string => (text.length > 6000 ? `${text.slice(0, 6000)}…` : text);
  return [
    `$ ${result.command}  (exit ${result.code}, ${Math.round(result.ms)} ms)`,
    `--- stdout ---\n${cut(result.stdout)}`,
    `--- stderr ---\n${cut(result.stderr)}`,
  ].join('\n');
}

/** Runs a command that must succeed; throws with its whole output when it does not. */
export async function mustRun(
  file: string,
  args: string[],
  options: RunOptions,
): Promise<RunResult> {
  const result = await run(file, args, options);
  if (result.code !== 0) throw new Error(`command failed:\n${describeRun(result)}`);
  return result;
}
