import { createRequire } from "node:module";
import path from "node:path";
import * as protoLoader from "@grpc/proto-loader";
import type { ServiceDefinition } from "@grpc/grpc-js";

// The protos ship with @google-cloud/firestore, so the wire format always matches the SDK that talks to us.
const require = createRequire(import.meta.url);
const protosDir = path.join(path.dirname(require.resolve("@google-cloud/firestore")), "..", "protos");

/**
 * Decoding options every handler relies on: camelCase fields, int64 as decimal strings, enums as names,
 * and `valueType`-style discriminators for oneofs, with absent fields left absent (no defaults).
 */
const loaderOptions: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
  includeDirs: [protosDir],
};

/** Loads the Firestore v1 service definition from the SDK's protos. */
export function loadFirestoreService(): ServiceDefinition {
  const definition = protoLoader.loadSync("google/firestore/v1/firestore.proto", loaderOptions);
  return definition["google.firestore.v1.Firestore"] as ServiceDefinition;
}
