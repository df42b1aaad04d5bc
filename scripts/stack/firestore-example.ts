import { collectionPath, documentPath } from "partner-api-functions/shared";
import { AUTH_EMULATOR_HOST, EMULATOR_API_KEY, FIRESTORE_EMULATOR_HOST, PROJECT_ID } from "./stack-config.js";

/** Who reads. */
export interface FirestoreReader {
  email: string;
  password: string;
  partnerId: string;
}

/**
 * The shell snippet `npm start` prints: a partner signs in with the Firebase JS SDK and reads its newest
 * entries straight from Firestore, where firestore.rules decide (a bounded, ordered page of its own
 * tenant is allowed; another tenant's data is refused). It runs from the repository root (which has the
 * `firebase` package) exactly as printed.
 */
export function firestoreReadExample({ email, password, partnerId }: FirestoreReader): string {
  const [firestoreHost, firestorePort] = FIRESTORE_EMULATOR_HOST.split(":");
  const config = JSON.stringify({ apiKey: EMULATOR_API_KEY, projectId: PROJECT_ID });
  return `node --input-type=module <<'EOF'
import { initializeApp } from "firebase/app";
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from "firebase/auth";
import {
  collection, connectFirestoreEmulator, doc, getDoc, getDocs, getFirestore, limit, orderBy, query,
} from "firebase/firestore";

const app = initializeApp(${config});
const auth = getAuth(app);
connectAuthEmulator(auth, "http://${AUTH_EMULATOR_HOST}", { disableWarnings: true });
const db = getFirestore(app);
connectFirestoreEmulator(db, "${firestoreHost}", ${firestorePort});

await signInWithEmailAndPassword(auth, ${JSON.stringify(email)}, ${JSON.stringify(password)});
const entries = collection(db, "${collectionPath("entries", partnerId)}");
const page = await getDocs(query(entries, orderBy("createdAt", "desc"), limit(5)));
for (const entry of page.docs) {
  const { type, amountMinor, currency, description } = entry.data();
  console.log(\`\${entry.id} \${type} \${amountMinor} \${currency} \${description}\`);
}
await getDoc(doc(db, "${documentPath("partners", "another-partner")}")).catch((error) =>
  console.log(\`another partner's document: \${error.code}\`),
);
process.exit(0);
EOF`;
}
