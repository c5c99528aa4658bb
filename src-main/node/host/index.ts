/** Public surface of the browser host: HTTP + Server-Sent Events over the service, on 127.0.0.1. */
export { createHost, type Host, type HostOptions } from './createHost';
export { checkRequest, createToken, tokenCookieName, tokensEqual, type GuardVerdict, type GuardedRequest } from './requestGuard';
export { findStaticFile, NOT_BUILT_PAGE, type StaticFile } from './staticFiles';
