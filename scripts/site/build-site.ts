import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { marked } from "marked";
import { servedOpenApiDocument } from "../openapi/served-document.js";
import { withCodeSamples } from "./code-samples.js";
import { HOSTING_ORIGIN, REPO_ROOT } from "../stack/stack-config.js";

/** Where the docs site's sources live, and where the built site goes (firebase.json hosting.public). */
export const SITE_SOURCE = join(REPO_ROOT, "site");
export const SITE_PUBLIC = join(SITE_SOURCE, "public");

// Redoc's sidebar footer shows Redocly's logo from their CDN, with no option to turn it off. The page
// must load nothing remote, so the built copy points that <img> at an empty inline SVG instead; the
// build fails if a Redoc upgrade moves the URL, rather than shipping a page that calls out.
const REDOC_REMOTE_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
const EMPTY_SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E";

const require = createRequire(import.meta.url);

/** A page of the site: the shared bar with its two links, then the body. */
function page({
  title,
  current,
  head = "",
  body,
}: {
  title: string;
  current: "reference" | "guide";
  head?: string;
  body: string;
}): string {
  const link = (href: string, label: string, which: typeof current) =>
    `<a href="${href}"${which === current ? ' aria-current="page"' : ""}>${label}</a>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/site.css">
${head}
</head>
<body>
<nav class="site-nav"><strong style="color:#fff">Partner API</strong>${link("/docs/", "API reference", "reference")}${link("/docs/getting-started/", "Getting started", "guide")}</nav>
${body}
</body>
</html>
`;
}

/**
 * Builds the docs site into site/public: /docs/ is the API reference (Redoc, rendered in the browser
 * from /docs/openapi.json, the document the API serves, written here at build time), and
 * /docs/getting-started/ the guide rendered from site/getting-started.md. Everything the pages load is
 * in site/public; nothing comes from another origin at view time.
 */
export async function buildSite(): Promise<void> {
  await rm(SITE_PUBLIC, { recursive: true, force: true });
  const docs = join(SITE_PUBLIC, "docs");
  await mkdir(join(docs, "getting-started"), { recursive: true });

  const reference = withCodeSamples(await servedOpenApiDocument(), HOSTING_ORIGIN);
  await writeFile(join(docs, "openapi.json"), JSON.stringify(reference, null, 2));
  const redocBundle = require.resolve("redoc/bundles/redoc.standalone.js");
  const redoc = await readFile(redocBundle, "utf8");
  if (redoc.split(REDOC_REMOTE_LOGO).length !== 2) {
    throw new Error(`Redoc's bundle no longer names ${REDOC_REMOTE_LOGO} once: check what it loads`);
  }
  await writeFile(join(docs, "redoc.standalone.js"), redoc.replace(REDOC_REMOTE_LOGO, EMPTY_SVG));
  await copyFile(`${redocBundle}.LICENSE.txt`, join(docs, "redoc.standalone.js.LICENSE.txt"));
  for (const asset of ["site.css", "reference.js", "copy-buttons.js"]) {
    await copyFile(join(SITE_SOURCE, asset), join(docs, asset));
  }

  await writeFile(
    join(docs, "index.html"),
    page({
      title: "Partner API reference",
      current: "reference",
      body: '<div id="redoc"></div>\n<script src="/docs/redoc.standalone.js"></script>\n<script src="/docs/reference.js"></script>',
    }),
  );
  const guide = (await readFile(join(SITE_SOURCE, "getting-started.md"), "utf8")).replaceAll(
    "{{SITE_ORIGIN}}",
    HOSTING_ORIGIN,
  );
  await writeFile(
    join(docs, "getting-started", "index.html"),
    page({
      title: "Getting started with the Partner API",
      current: "guide",
      body: `<main>\n${await marked.parse(guide)}</main>\n<script src="/docs/copy-buttons.js"></script>`,
    }),
  );
  await writeFile(
    join(SITE_PUBLIC, "index.html"),
    page({
      title: "Partner API",
      current: "guide",
      head: '<meta http-equiv="refresh" content="0; url=/docs/">',
      body: '<main><p><a href="/docs/">The Partner API documentation</a></p></main>',
    }),
  );
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  await buildSite();
  console.log(`built the docs site in ${SITE_PUBLIC}`);
}
