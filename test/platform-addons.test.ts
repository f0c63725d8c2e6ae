import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The platform packages (npm/<triple>/) and the addons built into them for the Linux targets
// (scripts/build-platform-addons), each loaded by a Node of its own platform and checked against
// the TypeScript backend by test/platform/parity.mjs: the host's Node for linux-x64-gnu, an arm64
// Node under qemu-user for linux-arm64-gnu, Alpine's Node run by musl's loader for
// linux-x64-musl (scripts/setup-cross installs both; docs/platforms.md). darwin and win32 are
// laid out but cannot be built or run here, so only their package files are checked.

const root = join(import.meta.dirname, '..');
const runtimes = join(root, 'target', 'runtimes');
const SETUP_HINT =
  'run scripts/setup (it runs scripts/setup-cross and scripts/build-platform-addons)';

interface Target {
  rustTarget: string;
  triple: string;
}

/** The targets, from package.json through the generator: the one list everything uses. */
function targets(): Target[] {
  const listed = spawnSync(process.execPath, ['scripts/platform-packages.mjs', '--list'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`platform-packages.mjs --list: ${listed.stderr}`);
  return listed.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [rustTarget, triple] = line.split(' ');
      return { rustTarget: rustTarget!, triple: triple! };
    });
}

/** How to start a Node of `triple`'s platform here: a command and its leading arguments. */
function runtimeFor(triple: string): { command: string[]; missing: string[] } {
  const missing = (paths: string[]) => paths.filter((path) => !existsSync(path));
  switch (triple) {
    case 'linux-x64-gnu':
      return { command: [process.execPath], missing: [] };
    case 'linux-arm64-gnu': {
      const node = join(runtimes, triple, 'bin', 'node');
      const qemu = '/usr/bin/qemu-aarch64';
      const sysroot = '/usr/aarch64-linux-gnu';
      return { command: [qemu, '-L', sysroot, node], missing: missing([qemu, sysroot, node]) };
    }
    case 'linux-x64-musl': {
      const node = join(runtimes, triple, 'bin', 'node');
      return { command: [node], missing: missing([node]) };
    }
    default:
      throw new Error(`no runtime known for ${triple}`);
  }
}

/** What `readelf` says of a built addon: its machine and the shared libraries it needs. */
function elf(file: string): { machine: string; needed: string[] } {
  const header = spawnSync('readelf', ['-h', '-d', file], { encoding: 'utf8' });
  if (header.error)
    throw new Error(`readelf (binutils) is needed to inspect ${file}: ${header.error.message}`);
  if (header.status !== 0) throw new Error(`readelf ${file}: ${header.stderr}`);
  const machine = /Machine:\s+(.+)/.exec(header.stdout)?.[1]?.trim() ?? '';
  const needed = [...header.stdout.matchAll(/\(NEEDED\)\s+Shared library: \[(.+?)\]/g)].map(
    (match) => match[1]!,
  );
  return { machine, needed };
}

/** The x86 kernel the addon must pick on this CPU: the same rule as crates/core's dispatch. */
function hostX86Kernel(): string {
  const flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
  const has = (flag: string) => flags.split(' ').includes(flag);
  if (['avx512f', 'avx512bw', 'avx2', 'popcnt'].every(has)) return 'avx512';
  return has('avx2') && has('popcnt') ? 'avx2' : 'sse2';
}

const MUSL_LIBRARIES = ['libc.so', 'libgcc_s.so.1'];
const GLIBC_LIBRARIES = [
  'libc.so.6',
  'libm.so.6',
  'libdl.so.2',
  'libpthread.so.0',
  'libgcc_s.so.1',
  'ld-linux-x86-64.so.2',
  'ld-linux-aarch64.so.1',
];

const EXPECTED = {
  'linux-x64-gnu': { arch: 'x64', libc: 'glibc', machine: 'Advanced Micro Devices X86-64' },
  'linux-arm64-gnu': { arch: 'arm64', libc: 'glibc', machine: 'AArch64' },
  'linux-x64-musl': { arch: 'x64', libc: 'musl', machine: 'Advanced Micro Devices X86-64' },
} as const;

const all = targets();
const linux = all.filter((target) => target.triple.startsWith('linux-'));

describe('platform packages', () => {
  it('are what scripts/platform-packages.mjs generates from package.json', () => {
    const check = spawnSync(process.execPath, ['scripts/platform-packages.mjs', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('cover the five napi targets, each naming the file napi-rs builds for it', () => {
    const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(all.map((target) => target.triple)).toEqual([
      'linux-x64-gnu',
      'linux-arm64-gnu',
      'linux-x64-musl',
      'darwin-arm64',
      'win32-x64-msvc',
    ]);
    for (const { triple } of all) {
      const manifest = JSON.parse(readFileSync(join(root, 'npm', triple, 'package.json'), 'utf8'));
      expect(manifest).toMatchObject({
        name: `perclass-${triple}`,
        version: rootPackage.version,
        main: `perclass.${triple}.node`,
        files: [`perclass.${triple}.node`],
        engines: rootPackage.engines,
      });
    }
  });
});

describe.each(linux)('the $triple addon ($rustTarget)', ({ triple }) => {
  const expected = EXPECTED[triple as keyof typeof EXPECTED];
  const addon = join(root, 'npm', triple, `perclass.${triple}.node`);

  it('is built, for its machine and libc', () => {
    expect(existsSync(addon), `${addon} is missing: ${SETUP_HINT}`).toBe(true);
    const { machine, needed } = elf(addon);
    expect(machine).toBe(expected.machine);
    // Only the libraries every system of that libc has, by their usual names: musl's libc is
    // "libc.so", glibc's "libc.so.6"; libgcc_s.so.1 is Rust's unwinder (Alpine: the libgcc
    // package, which Node itself needs). A musl addon linked to glibc would not load on Alpine.
    expect(needed).toContain(expected.libc === 'musl' ? 'libc.so' : 'libc.so.6');
    const allowed = expected.libc === 'musl' ? MUSL_LIBRARIES : GLIBC_LIBRARIES;
    expect(needed.filter((library) => !allowed.includes(library))).toEqual([]);
  });

  it('gives the TypeScript backend results in a Node of its platform', { timeout: 240_000 }, () => {
    expect(existsSync(addon), `${addon} is missing: ${SETUP_HINT}`).toBe(true);
    const dist = join(root, 'dist');
    expect(existsSync(join(dist, 'index.js')), `dist/ is missing: ${SETUP_HINT}`).toBe(true);
    const runtime = runtimeFor(triple);
    expect(
      runtime.missing,
      `no ${triple} runtime (${runtime.missing.join(', ')}): ${SETUP_HINT}`,
    ).toEqual([]);
    const [command, ...prefix] = runtime.command;
    const run = spawnSync(
      command!,
      [...prefix, join(root, 'test/platform/parity.mjs'), '--addon', addon, '--dist', dist],
      { encoding: 'utf8', timeout: 220_000, env: { ...process.env, PERCLASS_BACKEND: undefined } },
    );
    const lastLine = run.stdout.trim().split('\n').pop() ?? '';
    const context = `${command} exited ${run.status ?? run.signal}: ${run.error?.message ?? ''}\n${lastLine}\n${run.stderr}`;
    expect(lastLine.startsWith('{'), context).toBe(true);
    const result = JSON.parse(lastLine);
    expect(result, context).toMatchObject({
      ok: true,
      mismatches: [],
      arch: expected.arch,
      libc: expected.libc,
      kernel: expected.arch === 'arm64' ? 'neon' : hostX86Kernel(),
    });
    expect(result.cases).toBeGreaterThan(300);
    expect(run.status, context).toBe(0);
  });
});
