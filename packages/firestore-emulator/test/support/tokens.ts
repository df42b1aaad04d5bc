/**
 * An unsigned Firebase ID token shaped like rules-unit-testing's (`alg: none`, expired in 1970), which the
 * emulator must accept as the official one does.
 */
export function mockIdToken(uid: string, claims: Record<string, unknown> = {}, projectId = "demo"): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
  const payload = {
    iss: `https://securetoken.google.com/${projectId}`,
    aud: projectId,
    iat: 0,
    exp: 3600,
    auth_time: 0,
    sub: uid,
    user_id: uid,
    firebase: { sign_in_provider: "custom", identities: {} },
    ...claims,
  };
  return `${encode({ alg: "none", kid: "fakekid", type: "JWT" })}.${encode(payload)}.`;
}
