/** How to get a browser, in one line. */
export declare const HOW_TO_GET_CHROMIUM: string;
/** The browser for the browser tests (undefined path: Playwright's own), or why there is none. */
export declare function findChromium(): { executablePath: string | undefined; source: string } | { missing: string };
