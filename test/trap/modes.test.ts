// Pure parts of takeover: mode selection, the binary's environment, exit codes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exitCodeOf, resolveMode, takeoverEnv } from "../../template/base/server/trap/takeover.ts";

describe("takeover helpers", () => {
  it("auto picks takeover only when AWS_LAMBDA_RUNTIME_API is set", () => {
    assert.equal(resolveMode({}), "bridge");
    assert.equal(resolveMode({ AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001" }), "takeover");
    assert.equal(resolveMode({ AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001", GENEZIO_RUST_MODE: "auto" }), "takeover");
    assert.equal(resolveMode({ AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001", GENEZIO_RUST_MODE: "Bridge" }), "bridge");
    assert.equal(resolveMode({ GENEZIO_RUST_MODE: "takeover" }), "takeover");
    assert.throws(() => resolveMode({ GENEZIO_RUST_MODE: "on" }), /must be auto, takeover or bridge \(got "on"\)/);
  });

  it("inherits the environment and adds the path prefix", () => {
    const env = takeoverEnv({ A: "1", AWS_LAMBDA_RUNTIME_API: "x" }, "MyApp", "handle");
    assert.deepEqual(env, { A: "1", AWS_LAMBDA_RUNTIME_API: "x", GENEZIO_RUST_PATH_PREFIX: "/MyApp/handle" });
  });

  it("passes exit codes through; a signal becomes 128 + its number", () => {
    assert.equal(exitCodeOf(0, null), 0);
    assert.equal(exitCodeOf(101, null), 101);
    assert.equal(exitCodeOf(null, "SIGKILL"), 137);
    assert.equal(exitCodeOf(null, "SIGTERM"), 143);
    assert.equal(exitCodeOf(undefined, undefined), 1);
  });
});
