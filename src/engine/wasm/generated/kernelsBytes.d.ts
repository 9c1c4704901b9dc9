// Types of kernelsBytes.js, which scripts/buildWasm.mjs writes beside this file (not committed).

/** Hash of the sources the module was built from. */
export declare const sourceHash: string;
/** The compiled kernel module, base64. */
export declare const wasmBase64: string;
