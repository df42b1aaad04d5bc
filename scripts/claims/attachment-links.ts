import { randomUUID } from "node:crypto";

/**
 * What ending an attachment's download links needs of Cloud Storage. A download URL
 * (`...?alt=media&token=<token>`) works for anyone holding it, past storage.rules, for as long as its
 * token is among the object's download tokens (custom metadata `firebaseStorageDownloadTokens`).
 */
export interface AttachmentLinkStore {
  /** The names of every object whose name starts with `prefix`. */
  names(prefix: string): Promise<string[]>;
  /** Makes `token` the object's only download token: every URL handed out before stops working. */
  replaceDownloadTokens(name: string, token: string): Promise<void>;
}

/** Where a partner's attachments live (storage.rules: partners/{p}/attachments/{entryId}/{file}). */
export const attachmentsPrefix = (partnerId: string): string => `partners/${partnerId}/attachments/`;

/** Objects whose tokens are replaced at once: bounded, so a large partner does not open thousands of requests. */
const PARALLEL = 16;

/**
 * Ends every download URL of a partner's attachments: each attachment's download tokens are replaced by
 * a new random one that nobody has been given. Run it after the access that obtained the URLs has ended
 * (a revoked user or credential, a suspended partner), so no one who lost access holds a working link;
 * whoever still has access gets a fresh URL through the SDK under storage.rules (getDownloadURL reads
 * the new token). Safe to run again. Resolves to the number of attachments.
 */
export async function revokeAttachmentLinks(
  store: AttachmentLinkStore,
  partnerId: string,
  newToken: () => string = randomUUID,
): Promise<number> {
  const names = await store.names(attachmentsPrefix(partnerId));
  for (let start = 0; start < names.length; start += PARALLEL)
    await Promise.all(
      names.slice(start, start + PARALLEL).map((name) => store.replaceDownloadTokens(name, newToken())),
    );
  return names.length;
}
