import { GenezioDeploy, GenezioMethod } from "@genezio/types";
import type { GenezioHttpRequest, GenezioHttpResponse } from "@genezio/types";
import { RustTrap } from "./trap/index.js";

// On AWS Lambda this line runs the Rust binary and never returns (takeover);
// elsewhere requests are bridged to it (see trap/index.ts).
const rust = RustTrap.start({ className: "{{className}}", method: "handle" });

/** HTTP requests to /{{className}}/handle/... and the cron tick both reach the Rust handler. */
@GenezioDeploy()
export class {{className}} {
  @GenezioMethod({ type: "http" })
  async handle(req: GenezioHttpRequest): Promise<GenezioHttpResponse> {
    return rust.http(req);
  }

  /** Runs every 5 minutes (same schedule as genezio.yaml); the Rust handler receives {genezioEventType:"cron", methodName:"tick", cronString}. */
  @GenezioMethod({ type: "cron", cronString: "*/5 * * * *" })
  async tick(): Promise<void> {
    await rust.cron("tick", "*/5 * * * *");
  }
}
