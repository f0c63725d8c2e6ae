# Two Workers for the deployment test: `score` (the .wasm as a wasm module) and `bytes` (the same
# file as a data module, to check the error). The test builds out/ with esbuild and overrides the
# socket addresses with free ports (--socket-addr).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "score", worker = .scoreWorker),
    (name = "bytes", worker = .bytesWorker),
  ],
  sockets = [
    (name = "score", address = "127.0.0.1:8080", http = (), service = "score"),
    (name = "bytes", address = "127.0.0.1:8081", http = (), service = "bytes"),
  ],
);

const scoreWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "out/worker.js"),
    (name = "perclass_wasm.wasm", wasm = embed "out/perclass_wasm.wasm"),
  ],
  compatibilityDate = "2025-09-01",
);

const bytesWorker :Workerd.Worker = (
  modules = [
    (name = "bytes-worker.js", esModule = embed "out/bytes-worker.js"),
    (name = "wasm-bytes", data = embed "out/perclass_wasm.wasm"),
  ],
  compatibilityDate = "2025-09-01",
);
