import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Migrations read by vitest.config.ts and applied by test/setup.ts. */
      TEST_MIGRATIONS: D1Migration[];
      /** Test-only (vitest.config.ts): POST a PDF, get its text from pdftotext; `?info=1` gives pdfinfo, `?fonts=1` pdffonts, `?raw=1` pdftotext -raw. */
      PDF_TEXT: Fetcher;
      /** Test-only (vitest.config.ts): `GET /url` is a loopback server's base URL, `GET /count?prefix=/P` the requests it got under /P. */
      FETCH_PROBE: Fetcher;
    }
  }
}
