/**
 * The desktop app's "Serve the Step Functions API" setting: off by default; when on, main serves
 * the same endpoint as `stepscope serve` (node/sfnApi) over the app's service and store, on
 * 127.0.0.1 with serve's safety defaults (loopback only, browser origins refused, bodies capped,
 * any credentials), on the port the setting names or a free one. The setting is kept in a small
 * JSON file in userData (`sfn-api.json`); the page reads and changes it through the contract
 * (`endpoint.status`/`configure`, ServiceOptions.sfnApi) and shows the URL in its status bar.
 *
 * No Electron here: main gives the file's path; tests run it in plain Node (test/unit/electron).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { SfnApiStatus } from '../common/contract/api';
import type { SfnApiControl, StepscopeService } from '../node/service';
import { startSfnEndpoint, type SfnEndpoint, type SfnEndpointOptions } from '../node/sfnApi';
import type { ExecutionStore } from '../node/store';

/** The setting file's name in userData. */
export const SFN_API_SETTING_FILE = 'sfn-api.json';

/** What is kept: on or off, and the port asked for (absent: a free one). */
export interface SfnApiSetting {
  enabled: boolean;
  port?: number;
}

/** The setting in a file's text; off for text that is missing, not JSON or not a setting. */
export function parseSfnApiSetting(text: string | undefined): SfnApiSetting {
  if (text === undefined) return { enabled: false };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { enabled: false };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { enabled: false };
  const v = value as Record<string, unknown>;
  const setting: SfnApiSetting = { enabled: v.enabled === true };
  if (typeof v.port === 'number' && Number.isInteger(v.port) && v.port >= 1 && v.port <= 65535) setting.port = v.port;
  return setting;
}

/** The app's endpoint control: the service's `endpoint.*`, plus starting at launch and closing at quit. */
export interface SfnApiSettingControl extends SfnApiControl {
  /** Applies the kept setting (at launch): serves the endpoint when it is on. */
  start(): Promise<SfnApiStatus>;
  /** Stops serving (at quit); the setting stays. */
  close(): Promise<void>;
}

/** Why an endpoint could not listen, in one line. */
function listenError(error: unknown, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `Port ${port} is in use: choose another port, or leave it empty for a free one`;
  if (code === 'EACCES') return `Not allowed to listen on port ${port}: choose a port above 1023`;
  return `Could not serve the Step Functions API: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The control of the app's endpoint. `settingFile`: where the setting is kept. `startEndpoint`
 * (tests): what starts an endpoint, default node/sfnApi's.
 */
export function createSfnApiSetting(options: {
  service: StepscopeService;
  store: ExecutionStore;
  settingFile: string;
  startEndpoint?: (options: SfnEndpointOptions) => Promise<SfnEndpoint>;
}): SfnApiSettingControl {
  const startEndpoint = options.startEndpoint ?? startSfnEndpoint;
  let setting = readSetting(options.settingFile);
  let endpoint: SfnEndpoint | undefined;
  let error: string | null = null;
  // Changes one at a time (a second `set` waits for the first to have started or stopped the endpoint).
  let queue: Promise<unknown> = Promise.resolve();

  const status = (): SfnApiStatus => ({
    configurable: true,
    enabled: setting.enabled,
    port: setting.port ?? null,
    url: endpoint?.url ?? null,
    error,
  });

  /** Serves or stops as the setting says; an endpoint already serving on the asked port is kept. */
  const apply = async (): Promise<SfnApiStatus> => {
    const wanted = setting.enabled ? (setting.port ?? 0) : undefined;
    if (endpoint !== undefined && (wanted === undefined || (wanted !== 0 && wanted !== endpoint.port))) {
      await endpoint.close();
      endpoint = undefined;
    }
    error = null;
    if (wanted !== undefined && endpoint === undefined) {
      try {
        // serve's safety defaults: 127.0.0.1 only, no browser origin allowed, the default body cap, any credentials.
        endpoint = await startEndpoint({ service: options.service, store: options.store, port: wanted });
      } catch (e) {
        error = listenError(e, wanted);
      }
    }
    return status();
  };

  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    status,
    set: (next) =>
      serially(async () => {
        setting = { enabled: next.enabled, ...(next.port !== undefined && next.port !== 0 ? { port: next.port } : {}) };
        let saveError: string | undefined;
        try {
          writeFileSync(options.settingFile, `${JSON.stringify(setting)}\n`);
        } catch (e) {
          saveError = `The setting could not be saved (${e instanceof Error ? e.message : String(e)}); it lasts until the app quits`;
        }
        const applied = await apply();
        if (saveError !== undefined) error = applied.error ?? saveError;
        return status();
      }),
    start: () => serially(apply),
    close: () =>
      serially(async () => {
        const open = endpoint;
        endpoint = undefined;
        await open?.close();
      }),
  };
}

function readSetting(file: string): SfnApiSetting {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  return parseSfnApiSetting(text);
}
