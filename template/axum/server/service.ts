import { GenezioDeploy, GenezioMethod } from "@genezio/types";
import type { GenezioHttpRequest, GenezioHttpResponse } from "@genezio/types";
import { RustTrap } from "./trap/index.js";

// On AWS Lambda this line runs the Rust binary and never returns (takeover);
// elsewhere requests are bridged to it (see trap/index.ts).
const rust = RustTrap.start({ className: "{{className}}", method: "handle" });

/** Every HTTP request to /{{className}}/handle/... is answered by the Rust (axum) app. */
@GenezioDeploy()
export class {{className}} {
  @GenezioMethod({ type: "http" })
  async handle(req: GenezioHttpRequest): Promise<GenezioHttpResponse> {
    return rust.http(req);
  }
}
