import type { ArnScope } from '../../common/arn';
import type { SfnApiStatus } from '../../common/contract/api';
import type { ExecutionStore } from '../store';

/** Options of `createService`. */
export interface ServiceOptions {
  /** The examples gallery folder (resources/examples). */
  examplesDir: string;
  /** Where executions are kept: local runs are recorded into it, imports stored in it. The caller opens and closes it. */
  store: ExecutionStore;
  /** How long events wait to be batched into one push. Default 50 ms. */
  flushIntervalMs?: number;
  /** Most events in one push; a fuller batch is pushed at once. Default 500. */
  maxBatch?: number;
  /** The suffix that makes a generated execution name unique. Default: 8 random hex digits. */
  nameSuffix?: () => string;
  /** Wall-clock time (epoch ms) a new execution's virtual clock starts at. Default Date.now. */
  now?: () => number;
  /** Region and account of local runs' ARNs. Default DEFAULT_ARN_SCOPE (us-east-1, 111111111111). */
  arnScope?: ArnScope;
  /**
   * Called when a page calls `app.ready` (it has subscribed to pushes): the desktop app pushes the
   * files it kept until then. Default: nothing.
   */
  onAppReady?: () => void;
  /**
   * The host's Step Functions API endpoint, for `endpoint.status`/`configure`: the desktop app's setting
   * (electron/sfnApiSetting.ts), or `serve`'s endpoint. Default: none (not served, not configurable).
   */
  sfnApi?: SfnApiControl;
  /**
   * Longest a run keeps this thread before letting the host answer requests and send pushes (the
   * engine runs a Choice loop of Pass states without ever waiting otherwise; RunOptions.yieldToHost).
   * Default 20 ms; 0 lets the host in at every chance the engine offers.
   */
  hostTurnMs?: number;
  /**
   * The script of the synchronous JSONata worker for breakpoint conditions (the build of
   * src-main/node/cli/entries/syncJsonataWorker.ts). Default: dist/syncJsonataWorker.mjs next to
   * this bundle when it exists; `false`: JSONata conditions are evaluated asynchronously (they may
   * then change how concurrent branches interleave; common/debug/breakpoints.ts).
   */
  syncJsonataWorker?: string | false;
  /**
   * The script of the run worker (the build of src-main/node/cli/entries/runWorker.ts): each
   * execution that can runs on a worker thread of its own, so that a long run never holds the
   * service's thread (service/runOffThread.ts). Default: dist/runWorker.mjs next to this bundle
   * when it exists; `false`: every run shares the service's thread (handing it a turn between
   * states where the event order allows, RunOptions.yieldToHost).
   */
  runWorker?: string | false;
  /**
   * How often (ms) to look for what other processes wrote to the store's file (a CLI import or run,
   * another `stepscope serve`) and push it as live updates (service/externalWrites.ts). Each look
   * is one `PRAGMA data_version` when nothing changed. Default: no looking (the CLI's own verbs,
   * tests); the desktop app and `stepscope serve` pass 500.
   */
  externalWritesPollMs?: number;
}

/** What the service asks of the host's Step Functions API endpoint (ServiceOptions.sfnApi). */
export interface SfnApiControl {
  status(): SfnApiStatus;
  /** Turns it on or off (a host that cannot: answers its status unchanged). */
  set(setting: { enabled: boolean; port?: number }): Promise<SfnApiStatus>;
}
