// Generates TypeScript for every clinic.v1 service and message (and the
// plugin schema and google.rpc error details they use) from ../../proto
// into src/gen with protoc-gen-es. The generated files are build output:
// never committed, never edited. protoc is Debian's (protobuf-compiler),
// installed by scripts/setup.sh.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const protoRoot = resolve(web, "../../proto");
const out = join(web, "src/gen");
const plugin = join(web, "node_modules/.bin/protoc-gen-es");

const protos = [
  ...readdirSync(join(protoRoot, "clinic/v1"))
    .filter((file) => file.endsWith(".proto"))
    .map((file) => `clinic/v1/${file}`),
  "clinic/plugin/v1/plugin.proto",
  "google/rpc/error_details.proto",
  "google/rpc/status.proto",
];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const run = spawnSync(
  "protoc",
  [
    `--proto_path=${protoRoot}`,
    `--plugin=protoc-gen-es=${plugin}`,
    `--es_out=${out}`,
    "--es_opt=target=ts,import_extension=none",
    ...protos,
  ],
  { stdio: "inherit" },
);
if (run.error) {
  console.error(`generate: cannot run protoc (${run.error.message}); ` +
    "scripts/setup.sh installs it (protobuf-compiler)");
  process.exit(1);
}
process.exit(run.status ?? 1);
