import type { App } from "firebase-admin/app";
import { getStorage } from "firebase-admin/storage";
import type { AttachmentLinkStore } from "./attachment-links.js";
import { assert } from "./cli-error.js";
import { isDemoProject } from "./target.js";

/** Environment values the attachments' bucket depends on. */
export interface AttachmentsEnv {
  /** The bucket holding the attachments; default `<project id>.appspot.com`, the Firebase default bucket. */
  STORAGE_BUCKET?: string | undefined;
  /** host:port of a Storage emulator; unset, the bucket is Cloud Storage's. */
  FIREBASE_STORAGE_EMULATOR_HOST?: string | undefined;
}

/**
 * The attachments' download tokens over firebase-admin's Storage (the Cloud Storage JSON API): listing
 * by prefix, and the tokens replaced through custom metadata `firebaseStorageDownloadTokens`, where Cloud
 * Storage for Firebase keeps them. The bucket opens on first use, so commands that never end links never
 * need it; a demo- project, which has no cloud, needs FIREBASE_STORAGE_EMULATOR_HOST then.
 */
export function firebaseAttachmentLinks(
  app: App,
  projectId: string,
  env: AttachmentsEnv,
): AttachmentLinkStore {
  const bucketName = env.STORAGE_BUCKET?.trim() || `${projectId}.appspot.com`;
  const emulatorHost = env.FIREBASE_STORAGE_EMULATOR_HOST?.trim() || null;
  let bucket: ReturnType<ReturnType<typeof getStorage>["bucket"]> | undefined;
  const open = () => {
    assert(
      emulatorHost !== null || !isDemoProject(projectId),
      "NOT_EMULATOR",
      `${projectId} is a demo project that exists only in the emulators; set FIREBASE_STORAGE_EMULATOR_HOST ` +
        "so its attachments' download links can be ended",
    );
    bucket ??= storageFor(app, emulatorHost).bucket(bucketName);
    return bucket;
  };
  return {
    async names(prefix) {
      const [files] = await open().getFiles({ prefix });
      return files.map((file) => file.name);
    },
    async replaceDownloadTokens(name, token) {
      await open()
        .file(name)
        .setMetadata({ metadata: { firebaseStorageDownloadTokens: token } });
    },
  };
}

/**
 * firebase-admin's Storage for one target. Its Cloud Storage client takes the emulator's address from
 * STORAGE_EMULATOR_HOST when it is constructed (firebase-admin copies FIREBASE_STORAGE_EMULATOR_HOST there
 * if unset), so both hold the target's value for exactly that synchronous construction and are put back.
 */
function storageFor(app: App, emulatorHost: string | null): ReturnType<typeof getStorage> {
  const { STORAGE_EMULATOR_HOST, FIREBASE_STORAGE_EMULATOR_HOST } = process.env;
  delete process.env.FIREBASE_STORAGE_EMULATOR_HOST;
  if (emulatorHost === null) delete process.env.STORAGE_EMULATOR_HOST;
  else process.env.STORAGE_EMULATOR_HOST = `http://${emulatorHost}`;
  try {
    return getStorage(app);
  } finally {
    if (STORAGE_EMULATOR_HOST === undefined) delete process.env.STORAGE_EMULATOR_HOST;
    else process.env.STORAGE_EMULATOR_HOST = STORAGE_EMULATOR_HOST;
    if (FIREBASE_STORAGE_EMULATOR_HOST === undefined) delete process.env.FIREBASE_STORAGE_EMULATOR_HOST;
    else process.env.FIREBASE_STORAGE_EMULATOR_HOST = FIREBASE_STORAGE_EMULATOR_HOST;
  }
}
