// The variables a stage's steps see while it is resolved: image env, the expansion environment
// and ARG values, with per-step snapshots shared between steps until a variable changes.
import type { ResolvedStep } from '../types.js';

/** What every step records about the variables in scope. */
export type ScopeSnapshot = Pick<ResolvedStep, 'args' | 'env' | 'runEnv'>;

/** `KEY=value` lines of a map, in insertion order. */
export function envList(env: Map<string, string>): string[] {
  const out: string[] = [];
  env.forEach((value, key) => out.push(`${key}=${value}`));
  return out;
}

/** The mutable variable state of one stage. */
export class StageScope {
  /** Changes whenever a value of `shell` changes, so expansions over it can be cached. */
  shellVersion = 0;
  private current?: ScopeSnapshot;
  /** `KEY=value` lines of the image env, kept until ENV changes it. */
  private configList?: string[];

  /**
   * `config`: the image env; `shell`: what expansion sees (image env and ARG values); `args`: ARG
   * values in scope; `proxies`: proxy build-args, which reach RUN without a declaration.
   */
  constructor(readonly config: Map<string, string>, readonly shell: Map<string, string>, readonly args: Record<string, string>, private readonly proxies: Array<[string, string]>) {}

  /** ENV key=value: sets both the image env and the expansion environment. */
  setEnv(key: string, value: string): void {
    if (this.config.get(key) !== value) {
      this.config.set(key, value);
      this.configList = undefined;
      this.current = undefined;
    }
    this.setShell(key, value);
  }

  /** An ARG getting a value: in scope for ARG records and expansion, not in the image env. */
  setArg(name: string, value: string): void {
    if (this.args[name] !== value) {
      this.args[name] = value;
      this.current = undefined;
    }
    this.setShell(name, value);
  }

  private setShell(key: string, value: string): void {
    if (this.shell.get(key) !== value) {
      this.shell.set(key, value);
      this.shellVersion++;
      this.current = undefined;
    }
  }

  /**
   * The args/env/runEnv of the next step: the previous step's objects when nothing changed since,
   * new ones otherwise (`onChange` runs then, so caches over the variables can be dropped).
   */
  snapshot(onChange: () => void): ScopeSnapshot {
    if (this.current) return this.current;
    onChange();
    const runEnv = envList(this.shell);
    for (const [k, v] of this.proxies) if (!this.shell.has(k)) runEnv.push(`${k}=${v}`);
    this.configList ??= envList(this.config);
    this.current = { args: { ...this.args, ...Object.fromEntries(this.proxies) }, env: this.configList, runEnv };
    return this.current;
  }
}
