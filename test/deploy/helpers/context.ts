import { inject } from 'vitest';

/** What the deployment suite's global setup prepared (see ../global-setup.ts). */
export interface DeployContext {
  /** Why the setup could not prepare everything; each test that needs the missing part fails with it. */
  problems: string[];
  repoDir: string;
  triple: string;
  main: { tarball: string; files: string[]; version: string } | null;
  platform: { tarball: string; files: string[]; name: string } | null;
  /** The consumer project with the tarballs installed (null when packing or installing failed). */
  projectDir: string | null;
  installLog: string;
  /** This run's scratch folder inside the project (scenario apps are copied here). */
  runDir: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    deploy: DeployContext;
  }
}

export function deployContext(): DeployContext {
  return inject('deploy');
}

/** The installed project and this run's folder, or an error naming what the setup could not do. */
export function installed(): DeployContext & { projectDir: string; runDir: string } {
  const context = deployContext();
  if (context.projectDir === null || context.runDir === null) {
    throw new Error(`the packed package could not be installed:\n${context.problems.join('\n')}`);
  }
  return context as DeployContext & { projectDir: string; runDir: string };
}
