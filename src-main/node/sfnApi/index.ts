/** Public surface of the local Step Functions API endpoint (AWS JSON 1.0 over the Stepscope service). */
export { createSfnHandler, startSfnEndpoint, DEFAULT_MAX_BODY_BYTES, type SfnEndpoint, type SfnEndpointOptions, type SfnRequest, type SfnResponse } from './endpoint';
export type { EndpointMocks } from './context';
