// Types for published.mjs (the tests import it).
export declare const root: string;
export declare const BUDGET_BYTES: number;
export declare function gzipBytes(file: string): number;
export declare function publishedFiles(): { files: string[]; tarball: number };
export declare function runnable(files: string[]): string[];
export declare function gzipTotal(files: string[]): number;
export declare const LAZY_CHUNKS: string[];
export declare const LAZY_BUDGET_BYTES: number;
export declare function eager(files: string[]): string[];
