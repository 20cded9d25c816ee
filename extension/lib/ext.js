// Firefox exposes the promise-based `browser`; Chrome's MV3 `chrome` returns promises too. One name for both.
export const ext = globalThis.browser ?? globalThis.chrome;
