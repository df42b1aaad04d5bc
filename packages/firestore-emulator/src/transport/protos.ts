import { createRequire } from "node:module";
import path from "node:path";
import * as protoLoader from "@grpc/proto-loader";
import type { ServiceDefinition } from "@grpc/grpc-js";

// The protos ship with @google-cloud/firestore, so the wire format always matches the SDK that talks to us.
// Its `v1.json` is the same protos precompiled to a descriptor (what the SDK loads itself): parsing it is
// about four times faster than parsing the .proto files, which is most of the emulator's start-up time.
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
};

let cached: ServiceDefinition | undefined;

type Descriptor = Parameters<typeof protoLoader.fromJSON>[0];

interface MessageDescriptor {
  fields: Record<string, { type: string; id: number }>;
  oneofs: Record<string, { oneof: string[] }>;
}

/**
 * The server SDK's descriptor leaves out `Write.verify` (field 5 of the `operation` oneof in the service's
 * write.proto), which only client SDKs send: a transaction's check of a document it read but did not
 * write. Without it the field decodes as unknown and the write names no document. Patched on a copy,
 * so the SDK's own (cached) descriptor stays as it is.
 */
function withVerifyWrite(descriptor: Descriptor): Descriptor {
  const copy = structuredClone(descriptor) as {
    nested: {
      google: { nested: { firestore: { nested: { v1: { nested: { Write: MessageDescriptor } } } } } };
    };
  };
  const write = copy.nested.google.nested.firestore.nested.v1.nested.Write;
  write.fields.verify = { type: "string", id: 5 };
  write.oneofs.operation?.oneof.push("verify");
  return copy as unknown as Descriptor;
}

let descriptor: Descriptor | undefined;

/** The SDK's Firestore v1 descriptor with `Write.verify` added (once per process). */
export function firestoreDescriptor(): Descriptor {
  descriptor ??= withVerifyWrite(require(path.join(protosDir, "v1.json")) as Descriptor);
  return descriptor;
}

/** Loads the Firestore v1 service definition from the SDK's protos (once per process). */
export function loadFirestoreService(): ServiceDefinition {
  if (cached === undefined) {
    const definition = protoLoader.fromJSON(firestoreDescriptor(), loaderOptions);
    cached = definition["google.firestore.v1.Firestore"] as ServiceDefinition;
  }
  return cached;
}
