import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the e2e run writes its screenshots of the main screens. */
export const SCREENSHOTS = join(ROOT, 'out', 'e2e-screenshots');
