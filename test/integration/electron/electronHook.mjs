/**
 * Module resolve hook for bootHarness.mjs: `import ... from 'electron'` loads the fake Electron
 * API (fakeElectron.mjs) instead of the real package, whose binary is not installed here.
 */
let fakeUrl = '';

/** Receives the fake module's URL from `register`. */
export function initialize(data) {
  fakeUrl = data.fakeUrl;
}

/** Sends the bare specifier 'electron' to the fake; everything else resolves as usual. */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: fakeUrl, shortCircuit: true };
  return nextResolve(specifier, context);
}
