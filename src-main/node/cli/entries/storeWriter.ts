/**
 * The execution store's writer thread (bundled to dist/storeWriter.mjs, next to dist/cli.mjs,
 * where the store looks for it): commits recorded events off the engine's thread.
 */
import { runWriterWorker } from '../../store/writerWorker';

runWriterWorker();
