/**
 * The trap runtime's entry: `RustTrap.start({ className, method })` at the top level of
 * server/service.ts. Under AWS Lambda (AWS_LAMBDA_RUNTIME_API set, or
 * GENEZIO_RUST_MODE=takeover) it execs the embedded binary right there and never
 * returns; elsewhere it returns a trap whose `http`/`cron` forward through the bridge.
 */
import { Bridge, type BridgeOptions } from "./bridge.js";
import { embedded as defaultEmbedded } from "./embedded.js";
import { binaryDir, materialize } from "./loader.js";
import { resolveMode, takeover, takeoverEnv } from "./takeover.js";
import type { EmbeddedBinary, GenezioHttpRequest, GenezioHttpResponse } from "./types.js";

export { Bridge } from "./bridge.js";
export { TrapError } from "./loader.js";
export type { GenezioHttpRequest, GenezioHttpResponse } from "./types.js";

/** Options of RustTrap.start. */
export interface RustTrapOptions {
  /** the @GenezioDeploy class name (Genezio routes `/<className>/<method>/...`) */
  className: string;
  /** the class's http method (default "handle") */
  method?: string;
  /** embedded binaries (default: ./embedded.ts) */
  embedded?: readonly EmbeddedBinary[];
  /** environment (default process.env) */
  env?: NodeJS.ProcessEnv;
  /** extra bridge options (deadline, stdio, ...) */
  bridge?: Partial<Omit<BridgeOptions, "binary">>;
}

/** The binary to run: GENEZIO_RUST_BINARY (a local build, e.g. for `npm run dev`) or the embedded one. */
function resolveBinary(embedded: readonly EmbeddedBinary[], env: NodeJS.ProcessEnv): string {
  const override = env["GENEZIO_RUST_BINARY"];
  if (override) return override;
  return materialize(embedded, { dir: binaryDir(env), env });
}

/** Carries the Rust binary; see the module comment. */
export class RustTrap {
  readonly className: string;
  readonly method: string;
  private readonly opts: RustTrapOptions;
  private bridgeInstance: Bridge | undefined;
  private static readonly live = new Set<RustTrap>();

  private constructor(opts: RustTrapOptions) {
    this.opts = opts;
    this.className = opts.className;
    this.method = opts.method ?? "handle";
  }

  /** Start the trap: takeover (never returns) under Lambda, else a lazy bridge. */
  static start(opts: RustTrapOptions): RustTrap {
    const env = opts.env ?? process.env;
    const method = opts.method ?? "handle";
    if (resolveMode(env) === "takeover") {
      const path = resolveBinary(opts.embedded ?? defaultEmbedded, env);
      takeover(path, takeoverEnv(env, opts.className, method));
    }
    const trap = new RustTrap(opts);
    RustTrap.live.add(trap);
    return trap;
  }

  /** Close every trap started in this process (tests, dev server shutdown). */
  static async closeAll(): Promise<void> {
    await Promise.all([...RustTrap.live].map((t) => t.close()));
  }

  /** The bridge (created on first use; the binary starts on the first request). */
  get bridge(): Bridge {
    if (!this.bridgeInstance) {
      const env = this.opts.env ?? process.env;
      const embedded = this.opts.embedded ?? defaultEmbedded;
      this.bridgeInstance = new Bridge({
        functionName: this.className,
        env,
        ...this.opts.bridge,
        binary: () => resolveBinary(embedded, env),
      });
    }
    return this.bridgeInstance;
  }

  /** Forward a Genezio http request to the binary as a Function URL event; never throws. */
  http(req: GenezioHttpRequest): Promise<GenezioHttpResponse> {
    return this.bridge.http(req, this.method);
  }

  /** Deliver Genezio's cron event to the binary; throws if the binary reports an error. */
  async cron(methodName: string, cronString: string): Promise<unknown> {
    const r = await this.bridge.cron(methodName, cronString);
    if (r.kind === "response") {
      const text = r.payload.toString("utf8");
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    }
    throw new Error(`cron ${methodName} failed: ${r.errorType}: ${r.errorMessage}`);
  }

  /** Stop the binary and the bridge (tests, dev server shutdown). */
  close(): Promise<void> {
    RustTrap.live.delete(this);
    const bridge = this.bridgeInstance;
    this.bridgeInstance = undefined;
    return bridge?.close() ?? Promise.resolve();
  }
}
