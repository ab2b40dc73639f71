// Types of the Cloudflare Workers entry (src/workerd.js): the same API as the ordinary entry.
export * from "./index.js";
