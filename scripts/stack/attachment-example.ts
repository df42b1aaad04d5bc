import {
  AUTH_EMULATOR_HOST,
  EMULATOR_API_KEY,
  PROJECT_ID,
  STORAGE_BUCKET,
  STORAGE_EMULATOR_HOST,
} from "./stack-config.js";

/** Who uploads, and for which of its entries. */
export interface AttachmentUploader {
  email: string;
  password: string;
  partnerId: string;
  entryId: string;
}

/**
 * The shell snippet `npm start` prints: a partner signs in with the Firebase JS SDK and uploads an
 * attachment for one of its entries straight to Storage, where storage.rules decide. It runs from
 * the repository root (which has the `firebase` package) exactly as printed; each run picks a new
 * file name, because attachments are write-once.
 */
export function attachmentUploadExample({ email, password, partnerId, entryId }: AttachmentUploader): string {
  const [storageHost, storagePort] = STORAGE_EMULATOR_HOST.split(":");
  const config = JSON.stringify({
    apiKey: EMULATOR_API_KEY,
    projectId: PROJECT_ID,
    storageBucket: STORAGE_BUCKET,
  });
  return `node --input-type=module <<'EOF'
import { initializeApp } from "firebase/app";
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from "firebase/auth";
import { connectStorageEmulator, getDownloadURL, getStorage, ref, uploadBytes } from "firebase/storage";

const app = initializeApp(${config});
const auth = getAuth(app);
connectAuthEmulator(auth, "http://${AUTH_EMULATOR_HOST}", { disableWarnings: true });
const storage = getStorage(app);
connectStorageEmulator(storage, "${storageHost}", ${storagePort});

await signInWithEmailAndPassword(auth, ${JSON.stringify(email)}, ${JSON.stringify(password)});
const file = ref(storage, \`partners/${partnerId}/attachments/${entryId}/receipt-\${Date.now()}.pdf\`);
const pdf = new TextEncoder().encode("%PDF-1.4 demo receipt");
const { metadata } = await uploadBytes(file, pdf, {
  contentType: "application/pdf",
  customMetadata: { originalName: "Receipt.pdf" },
});
console.log(\`uploaded \${metadata.fullPath} (\${metadata.size} bytes)\`);
console.log(\`download URL: \${await getDownloadURL(file)}\`);
process.exit(0);
EOF`;
}
