import { useEffect, useState, type FormEvent } from 'react';
import type { SfnApiStatus } from '@common/contract/api';
import { errorMessage, type StepscopeClient } from '../../api';

/** Props of `SfnApiSetting`. */
export interface SfnApiSettingProps {
  client: StepscopeClient;
}

/** The top bar's one-line status of the endpoint. */
export function sfnApiLabel(status: SfnApiStatus): string {
  if (status.url !== null) return `Step Functions API: ${status.url}`;
  if (status.enabled && status.error !== null) return 'Step Functions API: not served';
  return 'Step Functions API: off';
}

/**
 * The Step Functions API endpoint in the top bar (`endpoint.status`): its URL while it is served,
 * to give SDKs and the AWS CLI (`--endpoint-url`). In the desktop app it opens its setting (off by
 * default): serve it or not, on a port of the user's choice or a free one (`endpoint.configure`).
 * Where the host serves none and none can be turned on, it shows nothing.
 */
export function SfnApiSetting({ client }: SfnApiSettingProps) {
  const [status, setStatus] = useState<SfnApiStatus | undefined>();
  const [enabled, setEnabled] = useState(false);
  const [port, setPort] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();

  const show = (next: SfnApiStatus) => {
    setStatus(next);
    setEnabled(next.enabled);
    setPort(next.port !== null ? String(next.port) : '');
  };

  useEffect(() => {
    let live = true;
    client['endpoint.status']({}).then(
      (s) => live && show(s),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);

  if (status === undefined || (!status.configurable && status.url === null)) return null;

  const portText = port.trim();
  const portValid = portText === '' || (/^\d+$/.test(portText) && Number(portText) >= 1 && Number(portText) <= 65535);

  const apply = async (e: FormEvent) => {
    e.preventDefault();
    if (!portValid) return;
    setBusy(true);
    setFailure(undefined);
    try {
      show(await client['endpoint.configure']({ enabled, ...(portText !== '' ? { port: Number(portText) } : {}) }));
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="sfn-api">
      <summary className="button" aria-label={sfnApiLabel(status)}>
        <span className={status.url !== null ? 'sfn-api-dot on' : 'sfn-api-dot'} aria-hidden="true" />
        {sfnApiLabel(status)}
      </summary>
      <div className="sfn-api-panel">
        {status.url !== null && (
          <p>
            Give SDKs and the AWS CLI <code>--endpoint-url {status.url}</code> (any credentials, region us-east-1). Loopback only; requests from web pages are refused.
          </p>
        )}
        {status.configurable ? (
          <form aria-label="Step Functions API setting" onSubmit={(e) => void apply(e)}>
            <label>
              <input type="checkbox" role="switch" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Serve the Step Functions API
            </label>
            <label>
              Port <input type="text" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} placeholder="a free one" aria-invalid={!portValid} />
            </label>
            {!portValid && <p role="alert">The port is a number from 1 to 65535, or empty for a free one.</p>}
            <button type="submit" disabled={busy || !portValid}>
              {busy ? 'Applying…' : 'Apply'}
            </button>
          </form>
        ) : (
          <p>
            stepscope serve serves it for as long as it runs (<code>--sfn-port</code> fixes its port).
          </p>
        )}
        {status.error !== null && <p role="alert">{status.error}</p>}
        {failure !== undefined && <p role="alert">{failure}</p>}
      </div>
    </details>
  );
}
