/** Loads a rules source through the HTTP endpoint the way rules-unit-testing does (JSON sent as text/plain). */
export async function putRules(
  host: string,
  projectId: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://${host}/emulator/v1/projects/${projectId}:securityRules`, {
    method: "PUT",
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** The body rules-unit-testing sends for one rules source. */
export const rulesBody = (content: string) => ({ rules: { files: [{ content }] } });

/** The 1-based line of the first line of `source` containing `text`. */
export function lineOf(source: string, text: string): number {
  const index = source.split("\n").findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`no line contains ${text}`);
  return index + 1;
}
